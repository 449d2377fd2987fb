import { Show } from 'solid-js';
import { errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, LoadedView } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { listReports, reportHref } from './reports.api';

const reportsQuery = query((slug: string, _lang: string) => listReports(slug), 'reports.list');

/** `/t/:slug/reports`: every enabled plugin's reports (用工备案, branch cost…), each with its download link. */
export function ReportsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('reports.title'));
  const readable = () => tenant.role() !== 'employee';
  const reports = createLoaded(() => (readable() ? reportsQuery(tenant.slug(), lang()) : undefined));
  const data = reports.value;
  return (
    <section data-testid="reports-page">
      <h1 data-testid="page-title">{t('reports.title')}</h1>
      <Show when={readable()} fallback={<RoleNotice />}>
        <p class="lead">{t('reports.intro')}</p>
        <LoadedView
          failed={reports.error() && !data()}
          failure={<ErrorNotice title={t('reports.loadFailed')} message={errorMessage(reports.error())} onRetry={() => void reload(reportsQuery)} testId="reports-error" />}
          data={data()}
        >
          {(d) => (
            <ResourceTable
              testId="reports-table"
              caption={t('reports.title')}
              busy={reports.pending()}
              rows={d().items}
              empty={t('reports.empty')}
              emptyTestId="reports-empty"
              rowTestId="report-row"
              rowAttributes={(r) => ({ 'data-report': `${r.pluginId}/${r.id}` })}
              columns={[
                { header: t('reports.col.title'), rowHeader: true, class: 'cell-strong', cell: (r) => r.title[lang()] || r.title['zh-CN'] },
                { header: t('reports.col.plugin'), cell: (r) => <code>{r.pluginId}</code> },
                { header: t('reports.col.format'), cell: (r) => r.format.toUpperCase() },
                {
                  header: t('reports.download'),
                  hideHeader: true,
                  cell: (r) => (
                    <a class="button button-secondary" href={reportHref(tenant.slug(), r)} download="" data-testid="report-download">
                      {t('reports.download')}
                    </a>
                  ),
                },
              ]}
            />
          )}
        </LoadedView>
      </Show>
    </section>
  );
}
