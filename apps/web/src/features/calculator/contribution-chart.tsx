import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { QuoteLine } from '../policies/policies.api';

/** One stacked bar per insurance line: the employer's share below, the employee's above. */
export function ContributionChart(props: { lines: readonly QuoteLine[] }) {
  return (
    <BarChart
      title={t('calc.chartTitle')}
      label={t('calc.chartLabel')}
      canvasProps={{ 'data-testid': 'calc-chart' }}
      scales={{ x: { stacked: true }, y: { stacked: true, beginAtZero: true } }}
      data={() => ({
        labels: props.lines.map((l) => t(`insurance.${l.insurance}`)),
        datasets: [
          { label: t('calc.employer'), data: props.lines.map((l) => Number(l.employer)), backgroundColor: CHART_COLORS.primary, stack: 'amount' },
          { label: t('calc.employee'), data: props.lines.map((l) => Number(l.employee)), backgroundColor: CHART_COLORS.secondary, stack: 'amount' },
        ],
      })}
      valueLabels={{ stackTotals: true, format: (v) => v.toFixed(2) }}
      empty={t('calc.chartEmpty')}
      tooltipLabel={(item) => {
        const line = props.lines[item.dataIndex];
        const amount = line ? (item.datasetIndex === 0 ? line.employer : line.employee) : String(item.raw);
        return `${item.dataset.label ?? ''}: ${formatYuan(amount)}`;
      }}
    />
  );
}
