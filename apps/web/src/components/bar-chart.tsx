import { createEffect, onCleanup, Show, type JSX } from 'solid-js';
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
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import { lang } from '../i18n';
import { hasChartData } from './chart-data';

export { hasChartData } from './chart-data';

// The one Chart.js setup of the app: only the pieces bar charts need (keeps the chunk small);
// chart.js runs no inline script, so it works under the CSP `script-src 'self'`.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const CHART_COLORS = { primary: '#0f766e', secondary: '#f59e0b' } as const;

export type BarData = { labels: string[]; datasets: ChartDataset<'bar', number[]>[] };


/**
 * Value labels drawn on the chart: above each bar, or with `stackTotals` once above each stack
 * (the sum of its visible segments). `format` turns the drawn value into the label.
 */
export type ValueLabels = { format: (value: number) => string; stackTotals?: boolean };

/**
 * Draws the value labels and records what it drew on the canvas (`data-value-labels`, a JSON list
 * in drawing order) with the number of value axes (`data-value-axes`): what tests and tools read,
 * since a canvas has no text. A value that is not a number (a cost that cannot be computed) has no
 * bar and no label.
 */
function valueLabelPlugin(labels: () => ValueLabels | undefined): Plugin<'bar'> {
  return {
    id: 'lianxuValueLabels',
    afterDatasetsDraw(chart) {
      const options = labels();
      const drawn: string[] = [];
      chart.canvas.dataset.valueAxes = String(Object.values(chart.scales).filter((scale) => scale.axis === 'y').length);
      if (!options) {
        chart.canvas.dataset.valueLabels = '[]';
        return;
      }
      const { ctx } = chart;
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#334155';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      const visible = chart.data.datasets.map((_, i) => i).filter((i) => chart.isDatasetVisible(i));
      const count = chart.data.labels?.length ?? 0;
      const valueAt = (d: number, index: number) => Number(chart.data.datasets[d]!.data[index]);
      for (let index = 0; index < count; index++) {
        if (options.stackTotals) {
          const shown = visible.filter((d) => Number.isFinite(valueAt(d, index)));
          const total = shown.reduce((sum, d) => sum + valueAt(d, index), 0);
          if (total === 0) continue;
          // The top of the stack: the smallest y of its visible bars.
          const top = Math.min(...shown.map((d) => (chart.getDatasetMeta(d).data[index] as unknown as { y: number }).y));
          const x = (chart.getDatasetMeta(shown[0]!).data[index] as unknown as { x: number }).x;
          const label = options.format(total);
          ctx.fillText(label, x, top - 2);
          drawn.push(label);
        } else {
          for (const d of visible) {
            const value = valueAt(d, index);
            if (!Number.isFinite(value)) continue;
            const bar = chart.getDatasetMeta(d).data[index] as unknown as { x: number; y: number };
            const label = options.format(value);
            ctx.fillText(label, bar.x, bar.y - 2);
            drawn.push(label);
          }
        }
      }
      ctx.restore();
      chart.canvas.dataset.valueLabels = JSON.stringify(drawn);
    },
  };
}

/** One value axis and the category axis: a chart never puts two measures (people and yuan) on two y-axes. */
type Axis = NonNullable<ChartOptions<'bar'>['scales']>[string];

/**
 * A bar chart in a captioned card. `data` is read inside an effect: the chart redraws when what it
 * reads (props, the language) changes. `tooltipLabel` gives the exact figure (from the API's
 * decimal string or integer fen) instead of the float the bar is drawn with. Every chart labels its
 * values and says `empty` instead of drawing empty axes; its scales are the category axis (x) and
 * one value axis (y), so one chart shows one measure.
 */
export function BarChart(props: {
  title: string;
  label: string;
  data: () => BarData;
  scales?: { x?: Axis; y?: Axis };
  tooltipLabel?: (item: TooltipItem<'bar'>) => string;
  valueLabels: ValueLabels;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string;
  /** A zero is a value to show (a day at 0 % matched), not the absence of data. */
  zeroIsData?: boolean;
  canvasProps?: JSX.CanvasHTMLAttributes<HTMLCanvasElement> & Record<`data-${string}`, string | number>;
  figureTestId?: string;
}) {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'bar', number[], string> | undefined;
  const drawable = () => hasChartData(props.data(), props.zeroIsData);

  const create = () =>
    new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      plugins: [valueLabelPlugin(() => props.valueLabels)],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 250 },
        ...(props.scales ? { scales: props.scales } : {}),
        // Room above the tallest bar for its value label.
        layout: { padding: { top: 18 } },
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
      <Show when={!drawable()}>
        <p class="empty" data-testid={props.figureTestId ? `${props.figureTestId}-empty` : undefined}>{props.empty}</p>
      </Show>
      {/* Kept in the page (hidden when empty) so the chart redraws in place when data arrives. */}
      <div class="chart-box" hidden={!drawable()}>
        <canvas ref={canvas} role="img" aria-label={props.label} {...props.canvasProps} />
      </div>
    </figure>
  );
}
