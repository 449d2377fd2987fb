import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { createAction } from '../../components/submission';
import { ErrorNotice, Loading } from '../../components/status';
import { showToast } from '../../components/toast';
import { signedInMe, useSession } from '../../session';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import {
  changeRole,
  inviteMember,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  TENANT_ROLES,
  type CreatedInvitation,
  type Member,
  type TenantRole,
} from './members.api';
import { createLoaded, query, reload } from '../../data';
import { canAdministerTenant } from '../tenant/tenant-nav';

const membersQuery = query((slug: string, _lang: string) => listMembers(slug), 'members.list');
const invitationsQuery = query((slug: string, _lang: string) => listInvitations(slug), 'members.invitations');

/** `/t/:slug/members` (tenant admins): users and roles, invitations by e-mail with a one-time link. */
export function MembersPage() {
  const tenant = useTenant();
  usePageTitle(() => t('members.title'));
  const allowed = () => canAdministerTenant(tenant.role());
  const members = createLoaded(() => (allowed() ? membersQuery(tenant.slug(), lang()) : undefined));
  const invitations = createLoaded(() => (allowed() ? invitationsQuery(tenant.slug(), lang()) : undefined));
  const data = members.value;
  const pending = invitations.value;
  const refetch = () => reload(membersQuery);
  const refetchInvitations = () => reload(invitationsQuery);
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<TenantRole>('hr');
  const action = createAction();
  const { busy, error, fields: fieldErrors, setError, run } = action;
  const [created, setCreated] = createSignal<CreatedInvitation>();
  const [removing, setRemoving] = createSignal<Member>();
  // A role change waits for a yes: the select shows the choice, the dialog says what it means.
  const [changing, setChanging] = createSignal<{ member: Member; role: TenantRole; select: HTMLSelectElement }>();
  const [copied, setCopied] = createSignal(false);
  const session = useSession();
  const myUserId = () => signedInMe(session.state())?.user.id;

  function confirmRoleChange(): void {
    const pending = changing();
    if (!pending) return;
    void run(() => changeRole(tenant.slug(), pending.member.userId, pending.role)).then((ok) => {
      setChanging(undefined);
      if (ok) showToast(t('members.roleChangedTo', { name: pending.member.name, role: t(`role.${pending.role}`) }));
      else pending.select.value = pending.member.role;
      void refetch();
    });
  }

  function cancelRoleChange(): void {
    const pending = changing();
    if (pending) pending.select.value = pending.member.role;
    setChanging(undefined);
  }

  async function copyLink(link: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      showToast(t('members.invite.copied'));
    } catch {
      setError(t('members.invite.copyFailed'));
    }
  }

  async function onInvite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setCreated(undefined);
    setCopied(false);
    await run(async () => {
      setCreated(await inviteMember(tenant.slug(), email().trim(), role()));
      setEmail('');
      void refetchInvitations();
    }, { byField: true });
  }

  return (
    <section data-testid="members-page">
      <h1 data-testid="page-title">{t('members.title')}</h1>
      <p class="lead">{t('members.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="members-error" />}</Show>
        <Switch fallback={<Loading />}>
          <Match when={members.error() && !data()}>
            <ErrorNotice title={t('members.loadFailed')} message={errorMessage(members.error())} onRetry={() => void refetch()} testId="members-load-error" />
          </Match>
          <Match when={data()}>
            {(d) => (
              <ResourceTable
                testId="members-list"
                rows={d().items}
                rowTestId="member-row"
                rowAttributes={(m) => ({ 'data-email': m.email })}
                columns={[
                  {
                    header: t('members.col.user'),
                    rowHeader: true,
                    cell: (m) => (
                      <>
                        {m.name}
                        <Show when={m.userId === myUserId()}>
                          {' '}
                          <span class="muted" data-testid="member-you">
                            {t('members.you')}
                          </span>
                        </Show>
                        <span class="cell-sub">{m.email}</span>
                      </>
                    ),
                  },
                  {
                    header: t('members.col.role'),
                    cell: (m) => (
                      <select
                        data-testid="member-role"
                        aria-label={t('members.roleLabel', { name: m.name })}
                        value={m.role}
                        disabled={busy()}
                        onChange={(e) => setChanging({ member: m, role: e.currentTarget.value as TenantRole, select: e.currentTarget })}
                      >
                        <For each={TENANT_ROLES}>{(r) => <option value={r}>{t(`role.${r}`)}</option>}</For>
                      </select>
                    ),
                  },
                  { header: t('members.col.since'), cell: (m) => formatDateTime(m.since) },
                  {
                    header: t('members.col.actions'),
                    hideHeader: true,
                    cell: (m) => (
                      <Show when={m.userId !== myUserId()}>
                        <button type="button" class="button button-danger button-small" data-testid="member-remove" onClick={() => setRemoving(m)}>
                          {t('members.remove')}
                        </button>
                      </Show>
                    ),
                  },
                ]}
              />
            )}
          </Match>
        </Switch>

        <h2 class="section">{t('members.invite.title')}</h2>
        <form class="card admin-form" data-testid="invite-form" novalidate onSubmit={(e) => void onInvite(e)}>
          <Field for="invite-email" label={t('members.invite.email')} error={fieldErrors().email} testId="invite-email">
            <input id="invite-email" type="email" data-testid="invite-email" autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} {...fieldAria('invite-email', fieldErrors().email)} />
          </Field>
          <Field for="invite-role" label={t('members.invite.role')} error={fieldErrors().role} testId="invite-role">
            <select id="invite-role" data-testid="invite-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as TenantRole)}>
              <For each={TENANT_ROLES}>{(r) => <option value={r}>{t(`role.${r}`)}</option>}</For>
            </select>
          </Field>
          <div class="form-actions">
            <button type="submit" class="button button-primary" data-testid="invite-submit" disabled={busy()}>
              {t('members.invite.submit')}
            </button>
          </div>
        </form>
        <Show when={created()}>
          {(c) => (
            <Show
              when={c().link}
              fallback={<p class="notice notice-success" data-testid="invite-emailed">{t('members.invite.emailed', { email: c().invitation.email })}</p>}
            >
              {(link) => (
                <div class="notice notice-info" data-testid="invite-link-notice">
                  <p>{t('members.invite.link', { email: c().invitation.email })}</p>
                  <div class="copy-link">
                    <code data-testid="invite-link">{link()}</code>
                    <button type="button" class="button button-primary" data-testid="invite-copy" onClick={() => void copyLink(link())}>
                      {copied() ? t('members.invite.copiedButton') : t('members.invite.copy')}
                    </button>
                  </div>
                </div>
              )}
            </Show>
          )}
        </Show>

        <h2 class="section">{t('members.pending.title')}</h2>
        <Show when={pending()} fallback={<Loading />}>
          {(p) => (
            <ResourceTable
              testId="invitations-list"
              rows={p().items}
              empty={t('members.pending.empty')}
              rowTestId="invitation-row"
              rowAttributes={(i) => ({ 'data-email': i.email })}
              columns={[
                { header: t('members.invite.email'), rowHeader: true, cell: (i) => i.email },
                { header: t('members.col.role'), cell: (i) => t(`role.${i.role}`) },
                { header: t('members.pending.col.invitedBy'), cell: (i) => i.invitedBy ?? '—' },
                { header: t('members.pending.col.expires'), cell: (i) => formatDateTime(i.expiresAt) },
                {
                  header: t('members.col.actions'),
                  hideHeader: true,
                  cell: (i) => (
                    <button
                      type="button"
                      class="button button-danger button-small"
                      data-testid="invitation-revoke"
                      disabled={busy()}
                      onClick={() => void run(() => revokeInvitation(tenant.slug(), i.id)).then(() => refetchInvitations())}
                    >
                      {t('members.pending.revoke')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </Show>

        <ConfirmDialog
          open={!!changing()}
          title={t('members.roleChangeTitle', { name: changing()?.member.name ?? '' })}
          confirmLabel={t('members.roleChangeConfirm')}
          busy={busy()}
          onCancel={cancelRoleChange}
          onConfirm={confirmRoleChange}
          testId="member-role-dialog"
        >
          <p data-testid="member-role-change">
            {t('members.roleChangeBody', {
              from: changing() ? t(`role.${changing()!.member.role}`) : '',
              to: changing() ? t(`role.${changing()!.role}`) : '',
            })}
          </p>
        </ConfirmDialog>

        <ConfirmDialog
          open={!!removing()}
          title={t('members.removeTitle', { name: removing()?.name ?? '' })}
          confirmLabel={t('members.remove')}
          danger
          busy={busy()}
          onCancel={() => setRemoving(undefined)}
          onConfirm={() =>
            void run(() => removeMember(tenant.slug(), removing()!.userId)).then((ok) => {
              setRemoving(undefined);
              if (ok) void refetch();
            })
          }
          testId="member-remove-dialog"
        >
          <p>{t('members.removeBody')}</p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
