import { For } from 'solid-js';
import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { ResourceTable } from '../../components/resource-table';
import { t } from '../../i18n';
import type { ValidationReport } from './migrations.api';

const LEVELS = ['quality', 'reference', 'reconciliation'] as const;
const OUTCOMES = ['quarantined', 'normalized', 'noted'] as const;
const COLORS = { quarantined: '#b91c1c', normalized: CHART_COLORS.primary, noted: CHART_COLORS.secondary } as const;

/** Findings per check level and outcome: a table and a stacked bar chart (the app's one chart setup; its own chunk). */
export function MigrationReport(props: { report: ValidationReport }) {
  const count = (level: string, outcome: string) => props.report.levels.find((l) => l.level === level && l.outcome === outcome)?.count ?? 0;
  return (
    <>
      <ResourceTable
        testId="migration-report-levels"
        rows={LEVELS}
        rowAttributes={(level) => ({ 'data-level': level })}
        columns={[
          { header: t('migrations.report'), rowHeader: true, cell: (level) => t(`migrations.level.${level}`) },
          ...OUTCOMES.map((o) => ({ header: t(`migrations.outcome.${o}`), cell: (level: (typeof LEVELS)[number]) => <span data-testid={`report-${level}-${o}`}>{count(level, o)}</span> })),
        ]}
      />
      <BarChart
        title={t('migrations.chart.title')}
        label={t('migrations.chart.label')}
        figureTestId="migration-chart-figure"
        canvasProps={{ 'data-testid': 'migration-chart', 'data-levels': LEVELS.join(' ') }}
        scales={{ x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }}
        valueLabels={{ stackTotals: true, format: (v) => String(v) }}
        empty={t('migrations.chart.empty')}
        data={() => ({
          labels: LEVELS.map((l) => t(`migrations.level.${l}`)),
          datasets: OUTCOMES.map((o) => ({ label: t(`migrations.outcome.${o}`), data: LEVELS.map((l) => count(l, o)), backgroundColor: COLORS[o] })),
        })}
      />
      <ul class="plain-list" data-testid="migration-report-reasons">
        <For each={props.report.reasons}>
          {(r) => (
            <li data-code={r.code}>
              {t(`migrations.level.${r.level as (typeof LEVELS)[number]}`)} · {t(`migrations.outcome.${r.outcome as (typeof OUTCOMES)[number]}`)} · <code>{r.code}</code> × {r.count}
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
