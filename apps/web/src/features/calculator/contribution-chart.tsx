import { createEffect, onCleanup } from 'solid-js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { QuoteLine } from '../policies/policies.api';

// Only the pieces a stacked bar chart needs (keeps the bundle small); chart.js runs no inline
// script, so it works under the CSP `script-src 'self'`.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const EMPLOYER_COLOR = '#0f766e';
const EMPLOYEE_COLOR = '#f59e0b';

/** One stacked bar per insurance line: the employer's share below, the employee's above. */
export function ContributionChart(props: { lines: readonly QuoteLine[] }) {
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
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              // The exact amount from the API, not the float the bar is drawn with.
              label: (item) => {
                const line = props.lines[item.dataIndex];
                const amount = line ? (item.datasetIndex === 0 ? line.employer : line.employee) : String(item.raw);
                return `${item.dataset.label ?? ''}: ${formatYuan(amount)}`;
              },
            },
          },
        },
      },
    });

  // Draws on first run (the canvas exists by then) and redraws when the quote or the language changes.
  createEffect(() => {
    lang();
    const lines = props.lines;
    chart ??= create();
    chart.data.labels = lines.map((l) => t(`insurance.${l.insurance}`));
    chart.data.datasets = [
      { label: t('calc.employer'), data: lines.map((l) => Number(l.employer)), backgroundColor: EMPLOYER_COLOR, stack: 'amount' },
      { label: t('calc.employee'), data: lines.map((l) => Number(l.employee)), backgroundColor: EMPLOYEE_COLOR, stack: 'amount' },
    ];
    chart.update();
  });

  onCleanup(() => chart?.destroy());

  return (
    <figure class="chart card">
      <figcaption class="chart-title">{t('calc.chartTitle')}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} data-testid="calc-chart" role="img" aria-label={t('calc.chartLabel')} />
      </div>
    </figure>
  );
}
