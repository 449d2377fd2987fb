import { BarChart, CHART_COLORS } from '@lianxu/web/plugin-kit/chart';
import { formatYuan, yuanFromFen } from '@lianxu/web/plugin-kit/api';
import type { BranchSummary } from './branches.api';
import { tp } from './messages';
import { costKnown } from './branch-cost';

/** A branch with a cost to draw: staff, and every figure behind it known (no bar at ¥0.00 for a branch without staff). */
const priced = (s: BranchSummary) => s.headcount > 0 && costKnown(s.cost);

/**
 * Two charts, one measure each: headcount per branch, and this month's expected cost per branch in
 * yuan (a branch whose cost cannot be computed, or without staff, gets no bar and no label rather
 * than a bar at 0). Each bar carries its value; a chart with nothing to draw says so.
 */
export function BranchChart(props: { summaries: readonly BranchSummary[]; cityLabel: (code: string) => string }) {
  const labels = () => props.summaries.map((s) => tp('branches.nameWithCity', { name: s.name, city: props.cityLabel(s.cityCode) }));
  return (
    <div class="chart-pair">
      <BarChart
        title={tp('branches.chart.headcountTitle')}
        label={tp('branches.chart.headcountLabel')}
        figureTestId="branches-chart-figure"
        canvasProps={{ 'data-testid': 'branches-chart', 'data-branches': props.summaries.length }}
        scales={{ y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: tp('branches.chart.headcount') } } }}
        valueLabels={{ format: (v) => String(v) }}
        empty={tp('branches.chart.headcountEmpty')}
        data={() => ({ labels: labels(), datasets: [{ label: tp('branches.chart.headcount'), data: props.summaries.map((s) => s.headcount), backgroundColor: CHART_COLORS.primary }] })}
      />
      <BarChart
        title={tp('branches.chart.costTitle')}
        label={tp('branches.chart.costLabel')}
        figureTestId="branches-cost-chart-figure"
        canvasProps={{ 'data-testid': 'branches-cost-chart', 'data-branches': props.summaries.filter(priced).length }}
        scales={{ y: { beginAtZero: true, title: { display: true, text: tp('branches.chart.cost') } } }}
        valueLabels={{ format: (v) => formatYuan(v.toFixed(2)) }}
        empty={tp('branches.chart.costEmpty')}
        data={() => ({
          labels: labels(),
          datasets: [{ label: tp('branches.chart.cost'), data: props.summaries.map((s) => (priced(s) ? s.cost.totalFen / 100 : Number.NaN)), backgroundColor: CHART_COLORS.secondary }],
        })}
        tooltipLabel={(item) => {
          const s = props.summaries[item.dataIndex];
          if (!s) return String(item.raw);
          return priced(s) ? `${item.dataset.label ?? ''}: ${formatYuan(yuanFromFen(s.cost.totalFen))}` : `${item.dataset.label ?? ''}: ${tp('branches.costUnknown')}`;
        }}
      />
    </div>
  );
}
