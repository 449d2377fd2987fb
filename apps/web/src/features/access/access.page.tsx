import { createSignal, Match, Show, Switch } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { grantConsultant, listGrants, revokeGrant, type Grant } from './grants.api';
import { action, createLoaded, query, reload, useAction } from '../../data';
import { canAdministerTenant } from '../tenant/tenant-nav';

/**
 * `/t/:slug/access` (tenant admins): which implementation consultants may enter this tenant, to
 * grant one by e-mail or revoke. Users and their roles inside the tenant have no API yet.
 */
const grantsQuery = query((slug: string, _lang: string) => listGrants(slug), 'access.grants');
const grantAction = action((slug: string, email: string) => grantConsultant(slug, email), 'access.grant');
const revokeAction = action((slug: string, id: string) => revokeGrant(slug, id), 'access.revoke');

export function AccessPage() {
  const tenant = useTenant();
  usePageTitle(() => t('access.title'));
  const allowed = () => canAdministerTenant(tenant.role());
  const grants = createLoaded(() => (allowed() ? grantsQuery(tenant.slug(), lang()) : undefined));
  const data = grants.value;
  const grant = useAction(grantAction);
  const revoke = useAction(revokeAction);
  const [email, setEmail] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [fieldError, setFieldError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [revoking, setRevoking] = createSignal<Grant>();

  async function onGrant(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      await grant(tenant.slug(), email().trim());
      setEmail('');
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fields.consultantEmail : undefined;
      if (field) setFieldError(field);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function onRevoke(grant: Grant): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await revoke(tenant.slug(), grant.id);
      setRevoking(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="access-page">
      <h1 data-testid="page-title">{t('access.title')}</h1>
      <p class="lead">{t('access.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <p class="notice notice-info" data-testid="access-users-note">
          {t('access.usersNote')}
        </p>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="access-error" />}</Show>
        <Switch fallback={<Loading />}>
          <Match when={grants.error() && !data()}>
            <ErrorNotice title={t('access.loadFailed')} message={errorMessage(grants.error())} onRetry={() => void reload(grantsQuery)} testId="access-load-error" />
          </Match>
          <Match when={data()}>
            {(d) => (
              <ResourceTable
                  testId="access-grants"
                  rows={d().items}
                  empty={t('access.empty')}
                  rowTestId="access-grant"
                  rowAttributes={(g) => ({ 'data-email': g.email })}
                  columns={[
                    {
                      header: t('access.col.consultant'),
                      rowHeader: true,
                      cell: (g) => (
                        <>
                          {g.name}
                          <span class="cell-sub">{g.email}</span>
                        </>
                      ),
                    },
                    { header: t('access.col.grantedBy'), cell: (g) => g.grantedBy },
                    { header: t('access.col.grantedAt'), cell: (g) => formatDateTime(g.grantedAt) },
                    {
                      header: t('customFields.col.actions'),
                      hideHeader: true,
                      cell: (g) => (
                        <button type="button" class="button button-danger button-small" data-testid="access-revoke" onClick={() => setRevoking(g)}>
                          {t('access.revoke')}
                        </button>
                      ),
                    },
                  ]}
                />
            )}
          </Match>
        </Switch>
        <form class="card admin-form" data-testid="access-grant-form" novalidate onSubmit={(e) => void onGrant(e)}>
          <Field for="access-email" label={t('access.email')} error={fieldError()} hint={t('access.emailHint')} testId="access-email">
            <input id="access-email" type="email" data-testid="access-email" autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} {...fieldAria('access-email', fieldError(), true)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button button-primary" data-testid="access-grant-submit" disabled={busy()}>
              {t('access.grant')}
            </button>
          </div>
        </form>
        <ConfirmDialog
          open={!!revoking()}
          title={t('access.revokeTitle', { name: revoking()?.name ?? '' })}
          confirmLabel={t('access.revoke')}
          danger
          busy={busy()}
          onCancel={() => setRevoking(undefined)}
          onConfirm={() => void onRevoke(revoking()!)}
          testId="access-revoke-dialog"
        >
          <p>{t('access.revokeBody')}</p>
        </ConfirmDialog>
      </Show>
    </section>
  );
}
