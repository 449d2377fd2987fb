import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { grantConsultant, listGrants, revokeGrant, type Grant } from './grants.api';
import { lastGood } from '../../resource-value';
import { canAdministerTenant } from '../tenant/tenant-nav';

/**
 * `/t/:slug/access` (tenant admins): which implementation consultants may enter this tenant, to
 * grant one by e-mail or revoke. Users and their roles inside the tenant have no API yet.
 */
export function AccessPage() {
  const tenant = useTenant();
  usePageTitle(() => t('access.title'));
  const allowed = () => canAdministerTenant(tenant.role());
  const [grants, { refetch }] = createResource(() => (allowed() ? { slug: tenant.slug(), lang: lang() } : undefined), ({ slug }) => listGrants(slug));
  const data = lastGood(grants);
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
      await grantConsultant(tenant.slug(), email().trim());
      setEmail('');
      void refetch();
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
      await revokeGrant(tenant.slug(), grant.id);
      setRevoking(undefined);
      void refetch();
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
          <Match when={grants.state === 'errored' && !data()}>
            <ErrorNotice title={t('access.loadFailed')} message={errorMessage(grants.error)} onRetry={() => void refetch()} testId="access-load-error" />
          </Match>
          <Match when={data()}>
            {(d) => (
              <div class="card table-scroll">
                <table class="table" data-testid="access-grants">
                  <thead>
                    <tr>
                      <th scope="col">{t('access.col.consultant')}</th>
                      <th scope="col">{t('access.col.grantedBy')}</th>
                      <th scope="col">{t('access.col.grantedAt')}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t('customFields.col.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <Show when={d().items.length > 0} fallback={<tr><td colspan="4" class="empty" data-testid="access-empty">{t('access.empty')}</td></tr>}>
                      <For each={d().items}>
                        {(g) => (
                          <tr data-testid="access-grant" data-email={g.email}>
                            <th scope="row">
                              {g.name}
                              <span class="cell-sub">{g.email}</span>
                            </th>
                            <td>{g.grantedBy}</td>
                            <td>{formatDateTime(g.grantedAt)}</td>
                            <td>
                              <button type="button" class="button button-danger button-small" data-testid="access-revoke" onClick={() => setRevoking(g)}>
                                {t('access.revoke')}
                              </button>
                            </td>
                          </tr>
                        )}
                      </For>
                    </Show>
                  </tbody>
                </table>
              </div>
            )}
          </Match>
        </Switch>
        <form class="card card-form inline-form section" data-testid="access-grant-form" novalidate onSubmit={(e) => void onGrant(e)}>
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
