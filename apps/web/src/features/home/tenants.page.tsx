import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, LoadedView } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { formatList, lang, t, tOptional } from '../../i18n';
import { listTenants } from '../tenant/tenants.api';
import { createLoaded, query, reload } from '../../data';
import { signedInMe, useSession } from '../../session';

// Keyed on the language: city names and error messages come from the API in that language.
const tenantsQuery = query((_lang: string) => listTenants(), 'tenants.list');

/** The tenants the signed-in user can reach; without a session it invites to sign in. */
export function TenantsPage() {
  usePageTitle(() => t('tenants.title'));
  const tenants = createLoaded(() => tenantsQuery(lang()));
  // The company code (the slug in addresses and tenant.yaml) is the platform's word: consultants set
  // tenants up with it; HR, admins and employees know their company by its name.
  const session = useSession();
  const showCode = () => signedInMe(session.state())?.user.platformRole != null;

  return (
    <section class="page">
      <h1 data-testid="page-title">{t('tenants.title')}</h1>
      <p class="lead">{t('tenants.intro')}</p>
      <LoadedView
        failed={tenants.error()}
        failure={
          <Show
            when={tenants.error() instanceof ApiError && (tenants.error() as ApiError).status === 401}
            fallback={<ErrorNotice title={t('tenants.loadFailed')} message={errorMessage(tenants.error())} onRetry={() => void reload(tenantsQuery)} testId="tenant-list-error" />}
          >
            <p class="card empty" data-testid="tenant-list-sign-in">
              {t('tenants.signInPrompt')} <A href="/sign-in?next=/tenants">{t('nav.signIn')}</A>
            </p>
          </Show>
        }
        data={tenants.value()}
      >
        {(page) => (
          <div data-testid="tenant-list" aria-busy={tenants.pending()}>
            <ResourceTable
              testId="tenant-table"
              rows={page().items}
              empty={t('tenants.empty')}
              rowTestId="tenant-row"
              rowAttributes={(tenant) => ({ 'data-slug': tenant.slug })}
              columns={[
                { header: t('tenants.col.name'), cell: (tenant) => tenant.name, rowHeader: true, class: 'cell-strong' },
                ...(showCode() ? [{ header: t('tenants.col.slug'), cell: (tenant: { slug: string }) => <code>{tenant.slug}</code> }] : []),
                { header: t('tenants.col.industry'), cell: (tenant) => <span class="badge">{tOptional('industry', tenant.industry)}</span> },
                { header: t('tenants.col.cities'), cell: (tenant) => formatList(tenant.workCities.map((city) => city.name)) },
              ]}
            />
          </div>
        )}
      </LoadedView>
    </section>
  );
}
