import { Show } from 'solid-js';
import { usePageTitle } from '../../document-title';
import { t } from '../../i18n';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { canAdministerTenant } from '../tenant/tenant-nav';
import { ApiKeysSection } from './api-keys';
import { WebhooksSection } from './webhooks';
import './integrations.css';

/** `/t/:slug/integrations` (tenant admins): API keys for client systems and outgoing webhooks. */
export function IntegrationsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('integrations.title'));
  return (
    <section data-testid="integrations-page">
      <h1 data-testid="page-title">{t('integrations.title')}</h1>
      <p class="lead">{t('integrations.intro')}</p>
      <Show when={canAdministerTenant(tenant.role())} fallback={<RoleNotice />}>
        <ApiKeysSection slug={tenant.slug()} />
        <WebhooksSection slug={tenant.slug()} />
      </Show>
    </section>
  );
}
