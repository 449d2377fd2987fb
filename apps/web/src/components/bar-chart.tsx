import { createEffect, onCleanup, type JSX } from 'solid-js';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import { lang } from '../i18n';

// The one Chart.js setup of the app: only the pieces bar charts need (keeps the chunk small);
// chart.js runs no inline script, so it works under the CSP `script-src 'self'`.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const CHART_COLORS = { primary: '#0f766e', secondary: '#f59e0b' } as const;

export type BarData = { labels: string[]; datasets: ChartDataset<'bar', number[]>[] };

/**
 * A bar chart in a captioned card. `data` is read inside an effect: the chart redraws when what it
 * reads (props, the language) changes. `tooltipLabel` gives the exact figure (from the API's
 * decimal string or integer fen) instead of the float the bar is drawn with.
 */
export function BarChart(props: {
  title: string;
  label: string;
  data: () => BarData;
  scales?: ChartOptions<'bar'>['scales'];
  tooltipLabel?: (item: TooltipItem<'bar'>) => string;
  canvasProps?: JSX.CanvasHTMLAttributes<HTMLCanvasElement> & Record<`data-${string}`, string | number>;
  figureTestId?: string;
}) {
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
        ...(props.scales ? { scales: props.scales } : {}),
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: props.tooltipLabel ? { label: (item) => props.tooltipLabel!(item) } : {} },
        },
      },
    });

  // Draws on first run (the canvas exists by then) and redraws when the data or the language changes.
  createEffect(() => {
    lang();
    const data = props.data();
    chart ??= create();
    chart.data.labels = data.labels;
    chart.data.datasets = data.datasets;
    chart.update();
  });

  onCleanup(() => chart?.destroy());

  return (
    <figure class="chart card" data-testid={props.figureTestId}>
      <figcaption class="chart-title">{props.title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={props.label} {...props.canvasProps} />
      </div>
    </figure>
  );
}
