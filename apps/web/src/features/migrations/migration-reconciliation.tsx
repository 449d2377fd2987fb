import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { ResourceTable } from '../../components/resource-table';
import { lang, t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import type { Reconciliation } from './migrations.api';

type Row = Reconciliation['rows'][number];
type Sums = Row['legacy'];
const SIDES = ['legacy', 'accepted', 'promoted'] as const;
const COLORS = { legacy: CHART_COLORS.secondary, accepted: CHART_COLORS.primary, promoted: '#15803d' } as const;
const fenOf = (s: Sums) => s.employerFen + s.employeeFen;
const yuan = (fen: number) => `¥${formatYuan(yuanFromFen(fen))}`;

/**
 * Reconciliation totals (validation level c) per city and month: the old system's contribution
 * lines and amounts, the part accepted into the sandbox and the part promoted; a table (cards on a
 * phone) and a chart of the amounts per month (the report's chart setup, in its chunk).
 */
export function MigrationReconciliation(props: { data: Reconciliation }) {
  const city = (r: Row) => (r.names ? (lang() === 'en' ? r.names.en : r.names['zh-CN']) : r.city);
  const months = () => [...new Set(props.data.rows.map((r) => r.month))];
  const perMonth = (side: (typeof SIDES)[number]) => months().map((m) => props.data.rows.filter((r) => r.month === m).reduce((s, r) => s + fenOf(r[side]), 0) / 100);
  const totals = () => props.data.totals;
  return (
    <>
      <dl class="figures" data-testid="reconciliation-totals" data-legacy-lines={totals().legacy.lines} data-accepted-lines={totals().accepted.lines} data-promoted-lines={totals().promoted.lines}
        data-legacy-fen={fenOf(totals().legacy)} data-accepted-fen={fenOf(totals().accepted)} data-promoted-fen={fenOf(totals().promoted)}>
        {SIDES.map((side) => (
          <div>
            <dt>{t(`migrations.reconciliation.${side}`)}</dt>
            <dd data-testid={`reconciliation-total-${side}`}>{t('migrations.reconciliation.figure', { lines: totals()[side].lines, amount: yuan(fenOf(totals()[side])) })}</dd>
          </div>
        ))}
      </dl>
      <ResourceTable
        testId="migration-reconciliation"
        rowTestId="reconciliation-row"
        caption={t('migrations.reconciliation')}
        empty={t('migrations.reconciliation.empty')}
        rows={props.data.rows}
        rowAttributes={(r) => ({ 'data-city': r.cityCode ?? r.city, 'data-month': r.month, 'data-legacy-lines': r.legacy.lines, 'data-accepted-lines': r.accepted.lines, 'data-promoted-lines': r.promoted.lines })}
        columns={[
          { header: t('migrations.reconciliation.month'), rowHeader: true, cell: (r) => r.month },
          { header: t('migrations.reconciliation.city'), cell: (r) => city(r) },
          ...SIDES.flatMap((side) => [
            { header: t(`migrations.reconciliation.${side}Lines`), cell: (r: Row) => r[side].lines },
            { header: t(`migrations.reconciliation.${side}Amount`), cell: (r: Row) => yuan(fenOf(r[side])) },
          ]),
        ]}
      />
      <BarChart
        title={t('migrations.reconciliation.chart.title')}
        label={t('migrations.reconciliation.chart.label')}
        figureTestId="reconciliation-chart-figure"
        canvasProps={{ 'data-testid': 'reconciliation-chart', 'data-months': months().join(' ') }}
        scales={{ y: { beginAtZero: true, title: { display: true, text: t('migrations.reconciliation.chart.axis') } } }}
        valueLabels={{ format: (v) => formatYuan(v.toFixed(0)) }}
        tooltipLabel={(item) => `${item.dataset.label ?? ''}: ${yuan(Math.round(Number(item.raw) * 100))}`}
        empty={t('migrations.reconciliation.empty')}
        data={() => ({
          labels: months(),
          datasets: SIDES.map((side) => ({ label: t(`migrations.reconciliation.${side}`), data: perMonth(side), backgroundColor: COLORS[side] })),
        })}
      />
    </>
  );
}
