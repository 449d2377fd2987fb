import { Show } from 'solid-js';
import { Navigate } from '@solidjs/router';
import { usePageTitle } from '../../document-title';
import { t, tOptional } from '../../i18n';
import { useTenant } from './tenant-layout';

/** `/t/:slug`: the tenant and the caller's role in it (the layout draws the tenant nav); an employee goes on to their own pages. */
export function TenantHomePage() {
  const tenant = useTenant();
  return (
    <Show when={tenant.role() !== 'employee'} fallback={<Navigate href={`/t/${encodeURIComponent(tenant.slug())}/me`} />}>
      <TenantFacts />
    </Show>
  );
}

function TenantFacts() {
  const tenant = useTenant();
  const data = tenant.home;
  usePageTitle(() => data().tenant.name);

  return (
    <section data-testid="tenant-home" data-slug={data().tenant.slug}>
      <h1 data-testid="page-title">{data().tenant.name}</h1>
      <dl class="card facts">
        <div>
          <dt>{t('tenantHome.yourRole')}</dt>
          <dd data-testid="tenant-role" data-role={data().role}>
            {tOptional('role', data().role)}
          </dd>
        </div>
        <div>
          <dt>{t('tenantHome.industry')}</dt>
          <dd>{tOptional('industry', data().tenant.industry)}</dd>
        </div>
        <div>
          <dt>{t('tenantHome.slug')}</dt>
          <dd>
            <code>{data().tenant.slug}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}
