import { BarChart, CHART_COLORS } from '@lianxu/web/plugin-kit/chart';
import { formatYuan, yuanFromFen } from '@lianxu/web/plugin-kit/api';
import type { BranchSummary } from './branches.api';
import { tp } from './messages';
import { costKnown } from './branch-cost';

/** Headcount (left axis) and this month's expected cost in yuan (right axis), one pair of bars per branch. */
export function BranchChart(props: { summaries: readonly BranchSummary[]; cityLabel: (code: string) => string }) {
  return (
    <BarChart
      title={tp('branches.chart.title')}
      label={tp('branches.chart.label')}
      figureTestId="branches-chart-figure"
      canvasProps={{ 'data-testid': 'branches-chart', 'data-branches': props.summaries.length }}
      scales={{
        headcount: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 } },
        cost: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
      }}
      data={() => ({
        labels: props.summaries.map((s) => tp('branches.nameWithCity', { name: s.name, city: props.cityLabel(s.cityCode) })),
        datasets: [
          { label: tp('branches.chart.headcount'), data: props.summaries.map((s) => s.headcount), backgroundColor: CHART_COLORS.primary, yAxisID: 'headcount' },
          // No bar for a branch whose cost cannot be computed (NaN is skipped), rather than a bar at 0.
          { label: tp('branches.chart.cost'), data: props.summaries.map((s) => (costKnown(s.cost) ? s.cost.totalFen / 100 : Number.NaN)), backgroundColor: CHART_COLORS.secondary, yAxisID: 'cost' },
        ],
      })}
      tooltipLabel={(item) => {
        const s = props.summaries[item.dataIndex];
        if (!s) return String(item.raw);
        return item.datasetIndex === 0
          ? `${item.dataset.label ?? ''}: ${s.headcount}`
          : costKnown(s.cost)
            ? `${item.dataset.label ?? ''}: ${formatYuan(yuanFromFen(s.cost.totalFen))}`
            : `${item.dataset.label ?? ''}: ${tp('branches.costUnknown')}`;
      }}
    />
  );
}
