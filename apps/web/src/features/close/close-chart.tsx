import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { lang, t } from '../../i18n';
import { shortYuan } from '../tenant/cost-chart';
import { yuanFromFen } from '../../money-format';
import type { CloseDifference } from './close.api';
import { totalsByClass } from './close-figures';

/** Expected vs billed vs deducted per difference class (the app's one chart setup; its own chunk). */
export function DifferencesChart(props: { differences: readonly CloseDifference[] }) {
  const totals = () => totalsByClass(props.differences);
  return (
    <BarChart
      title={t('close.chart.title')}
      label={t('close.chart.label')}
      figureTestId="close-chart-figure"
      canvasProps={{ 'data-testid': 'close-chart', 'data-classes': totals().map((c) => c.class).join(' ') }}
      data={() => ({
        labels: totals().map((c) => t(`close.class.${c.class}`)),
        datasets: [
          { label: t('close.chart.expected'), data: totals().map((c) => c.expectedFen / 100), backgroundColor: CHART_COLORS.primary },
          { label: t('close.chart.billed'), data: totals().map((c) => c.billedFen / 100), backgroundColor: CHART_COLORS.secondary },
          { label: t('close.chart.deducted'), data: totals().map((c) => c.deductedFen / 100), backgroundColor: '#64748b' },
        ],
      })}
      valueLabels={{ format: (v) => shortYuan(v, lang()) }}
      empty={t('close.chart.empty')}
      tooltipLabel={(item) => {
        const c = totals()[item.dataIndex]!;
        const fen = [c.expectedFen, c.billedFen, c.deductedFen][item.datasetIndex] ?? 0;
        return `${item.dataset.label ?? ''}: ¥${yuanFromFen(fen)}`;
      }}
    />
  );
}
