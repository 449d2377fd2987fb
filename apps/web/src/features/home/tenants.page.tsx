import { createResource, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { formatList, lang, t, tOptional } from '../../i18n';
import { listTenants } from '../tenant/tenants.api';

/** The tenants the signed-in user can reach; without a session it invites to sign in. */
export function TenantsPage() {
  usePageTitle(() => t('tenants.title'));
  // Keyed on the language: city names and error messages come from the API in that language.
  const [tenants, { refetch }] = createResource(lang, () => listTenants());

  return (
    <section class="page">
      <h1 data-testid="page-title">{t('tenants.title')}</h1>
      <p class="lead">{t('tenants.intro')}</p>
      <Switch>
        <Match when={tenants.state === 'errored' && tenants.error instanceof ApiError && tenants.error.status === 401}>
          <p class="card empty" data-testid="tenant-list-sign-in">
            {t('tenants.signInPrompt')} <A href="/sign-in?next=/tenants">{t('nav.signIn')}</A>
          </p>
        </Match>
        <Match when={tenants.state === 'errored'}>
          <ErrorNotice
            title={t('tenants.loadFailed')}
            message={errorMessage(tenants.error)}
            onRetry={() => void refetch()}
            testId="tenant-list-error"
          />
        </Match>
        <Match when={tenants.latest}>
          {(page) => (
            <div data-testid="tenant-list" class="card" aria-busy={tenants.loading}>
              <Show when={page().items.length > 0} fallback={<p class="empty">{t('tenants.empty')}</p>}>
                <table class="table">
                  <caption class="visually-hidden">{t('tenants.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tenants.col.name')}</th>
                      <th scope="col">{t('tenants.col.slug')}</th>
                      <th scope="col">{t('tenants.col.industry')}</th>
                      <th scope="col">{t('tenants.col.cities')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={page().items}>
                      {(tenant) => (
                        <tr data-testid="tenant-row" data-slug={tenant.slug}>
                          <th scope="row" class="cell-strong">
                            {tenant.name}
                          </th>
                          <td>
                            <code>{tenant.slug}</code>
                          </td>
                          <td>
                            <span class="badge">{tOptional('industry', tenant.industry)}</span>
                          </td>
                          <td>{formatList(tenant.workCities.map((city) => city.name))}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </div>
          )}
        </Match>
        <Match when={true}>
          <Loading />
        </Match>
      </Switch>
    </section>
  );
}
