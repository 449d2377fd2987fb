import { A, useNavigate } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { NewMigration } from './migration-new';
import { listMigrations, type MigrationRun } from './migrations.api';

/** `/t/:slug/migrations` (tenant admin, consultant): the tenant's migration runs and a new one (an uploaded package or the old system's database). */
const runsQuery = query((slug: string, _lang: string) => listMigrations(slug), 'migrations.runs');

export const MIGRATION_ROLES = ['tenant_admin', 'consultant'];
export const shortId = (id: string) => id.slice(0, 8);
export const dateTime = (iso: string) => new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });

export function MigrationsPage() {
  const tenant = useTenant();
  const navigate = useNavigate();
  usePageTitle(() => t('migrations.title'));
  const allowed = () => MIGRATION_ROLES.includes(tenant.role());
  const runs = createLoaded(() => (allowed() ? runsQuery(tenant.slug(), lang()) : undefined));
  const href = (run: MigrationRun) => `/t/${encodeURIComponent(tenant.slug())}/migrations/${run.id}`;

  function started(run: MigrationRun) {
    void reload(runsQuery);
    navigate(href(run));
  }

  return (
    <section data-testid="migrations-page">
      <h1 data-testid="page-title">{t('migrations.title')}</h1>
      <p class="lead">{t('migrations.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <NewMigration slug={tenant.slug()} onStarted={started} />
        <Switch fallback={<Loading />}>
          <Match when={runs.error() && !runs.value()}>
            <ErrorNotice title={t('migrations.loadFailed')} message={errorMessage(runs.error())} onRetry={() => void reload(runsQuery)} testId="migrations-load-error" />
          </Match>
          <Match when={runs.value()}>
            {(d) => (
              <ResourceTable
                testId="migrations-table"
                rowTestId="migration-row"
                rows={d().items}
                empty={t('migrations.empty')}
                rowAttributes={(r) => ({ 'data-id': r.id, 'data-status': r.status })}
                columns={[
                  { header: t('migrations.col.run'), rowHeader: true, cell: (r) => <A href={href(r)} data-testid="migration-link"><code>{shortId(r.id)}</code></A> },
                  { header: t('migrations.col.status'), cell: (r) => t(`migrations.status.${r.status}`) },
                  { header: t('migrations.col.read'), cell: (r) => r.totals.read },
                  { header: t('migrations.col.quarantined'), cell: (r) => r.totals.quarantined },
                  { header: t('migrations.col.promoted'), cell: (r) => r.totals.promoted },
                  { header: t('migrations.col.created'), cell: (r) => dateTime(r.createdAt) },
                ]}
              />
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
