import { createEffect, onCleanup } from 'solid-js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { BranchSummary } from './branches.api';
import { formatYuan, lang, yuanFromFen } from '@lianxu/web/plugin-kit';
import { tp } from './messages';

// Only the pieces a bar chart needs; chart.js runs no inline script, so it works under the CSP.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const HEADCOUNT_COLOR = '#0f766e';
const COST_COLOR = '#f59e0b';

/** Headcount (left axis) and this month's expected cost in yuan (right axis), one pair of bars per branch. */
export function BranchChart(props: { summaries: readonly BranchSummary[]; cityLabel: (code: string) => string }) {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'bar', number[], string> | undefined;

  const create = () =>
    new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 250 },
        scales: {
          headcount: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 } },
          cost: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              // The exact amount in yuan from the integer fen, not the float the bar is drawn with.
              label: (item) => {
                const s = props.summaries[item.dataIndex];
                if (!s) return String(item.raw);
                return item.datasetIndex === 0
                  ? `${item.dataset.label ?? ''}: ${s.headcount}`
                  : `${item.dataset.label ?? ''}: ${formatYuan(yuanFromFen(s.cost.totalFen))}`;
              },
            },
          },
        },
      },
    });

  createEffect(() => {
    lang();
    const summaries = props.summaries;
    chart ??= create();
    chart.data.labels = summaries.map((s) => tp('branches.nameWithCity', { name: s.name, city: props.cityLabel(s.cityCode) }));
    chart.data.datasets = [
      { label: tp('branches.chart.headcount'), data: summaries.map((s) => s.headcount), backgroundColor: HEADCOUNT_COLOR, yAxisID: 'headcount' },
      { label: tp('branches.chart.cost'), data: summaries.map((s) => s.cost.totalFen / 100), backgroundColor: COST_COLOR, yAxisID: 'cost' },
    ];
    chart.update();
  });

  onCleanup(() => chart?.destroy());

  return (
    <figure class="chart card" data-testid="branches-chart-figure">
      <figcaption class="chart-title">{tp('branches.chart.title')}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} data-testid="branches-chart" data-branches={props.summaries.length} role="img" aria-label={tp('branches.chart.label')} />
      </div>
    </figure>
  );
}
