import { For, lazy, Show, Suspense } from 'solid-js';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { createLoaded, query } from '../../data';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { formatList, lang, t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import { getDashboard, type Dashboard } from './tenants.api';

// The dashboard under HR's work to do: open risks with the money at stake, this month's close per
// entity and city, and the contribution cost per month by city (a chart, or a note when there is none).

const CostChart = lazy(() => import('./cost-chart'));
const dashboardQuery = query((slug: string, _lang: string) => getDashboard(slug), 'tenant.dashboard');
const yuan = (fen: number) => formatYuan(yuanFromFen(fen));
type CloseRow = Dashboard['close'][number];

export function TenantDashboard(props: { slug: string; base: string }) {
  const loaded = createLoaded(() => dashboardQuery(props.slug, lang()));
  return (
    <div data-testid="dashboard">
      <Show when={loaded.error() && !loaded.value()}>
        <ErrorNotice title={t('tenantHome.dashboard.loadFailed')} message={errorMessage(loaded.error())} testId="dashboard-error" />
      </Show>
      <Show when={loaded.value()}>{(d) => <DashboardView dashboard={d()} base={props.base} />}</Show>
    </div>
  );
}

function DashboardView(props: { dashboard: Dashboard; base: string }) {
  const risks = () => props.dashboard.risks;
  const hasCost = () => props.dashboard.cost.cities.some((c) => c.months.some((m) => m.employerFen > 0));
  const unpriced = () => props.dashboard.cost.cities.filter((c) => c.months.some((m) => m.unpricedHeadcount > 0));
  return (
    <>
      <h2>{t('tenantHome.dashboard.risks.title')}</h2>
      <p data-testid="dashboard-risks" data-open={risks().open} data-at-stake-fen={risks().atStakeFen}>
        <A href={`${props.base}/risk`}>{t('tenantHome.dashboard.risks.summary', { count: String(risks().open), amount: yuan(risks().atStakeFen) })}</A>
      </p>
      <Show when={risks().top.length > 0} fallback={<p class="card empty">{t('tenantHome.dashboard.risks.none')}</p>}>
        <ul class="card workbench-list">
          <For each={risks().top}>
            {(f) => (
              <li data-testid="dashboard-risk" data-severity={f.severity}>
                <A href={`${props.base}/employees/${f.employeeId}`}>{f.employeeName}</A>
                {' · '}
                {f.ruleTitle[lang()]}
                {' · '}
                <span classList={{ 'field-error': f.severity === 'critical' }}>{t('tenantHome.dashboard.risks.atStake', { amount: yuan(f.atStakeFen), since: f.since })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h2>{t('tenantHome.dashboard.close.title', { month: props.dashboard.currentMonth })}</h2>
      <ResourceTable<CloseRow>
        rows={props.dashboard.close}
        testId="dashboard-close"
        rowTestId="dashboard-close-row"
        rowAttributes={(r) => ({ 'data-city': r.cityCode, 'data-state': r.state, 'data-open-differences': r.openDifferences })}
        empty={t('tenantHome.dashboard.close.empty')}
        columns={[
          { header: t('tenantHome.dashboard.close.col.city'), rowHeader: true, cell: (r) => r.cityName },
          { header: t('tenantHome.dashboard.close.col.entity'), cell: (r) => r.entityName },
          { header: t('tenantHome.dashboard.close.col.state'), cell: (r) => <span class={`badge${r.state === 'locked' ? ' badge-success' : r.openDifferences > 0 ? ' badge-warning' : ''}`}>{t(`tenantHome.dashboard.close.state.${r.state}`)}</span> },
          { header: t('tenantHome.dashboard.close.col.differences'), cell: (r) => (r.state === 'not_started' ? '—' : String(r.openDifferences)) },
          {
            header: t('tenantHome.dashboard.close.col.action'), hideHeader: true,
            cell: (r) => (r.state === 'not_started'
              ? <A class="button" href={`${props.base}/close`}>{t('tenantHome.dashboard.close.start')}</A>
              : <A class="button" href={`${props.base}/close/${r.entityId}/${r.cityCode}/${r.month}`}>{t('tenantHome.dashboard.close.open')}</A>),
          },
        ]}
      />

      <h2>{t('tenantHome.dashboard.cost.heading')}</h2>
      <Show when={hasCost()} fallback={<p class="card empty" data-testid="dashboard-cost-empty">{t('tenantHome.dashboard.cost.empty')}</p>}>
        <Suspense fallback={<Loading />}>
          <CostChart cost={props.dashboard.cost} />
        </Suspense>
      </Show>
      <Show when={unpriced().length > 0}>
        <p class="hint" data-testid="dashboard-cost-unpriced">{t('tenantHome.dashboard.cost.unpriced', { cities: formatList(unpriced().map((c) => c.cityName)) })}</p>
      </Show>
    </>
  );
}
