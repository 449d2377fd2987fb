import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { lang, t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import type { Dashboard } from './tenants.api';

// The employer's contribution cost per month, stacked by city: one measure (yuan) on the value axis,
// months on the other, each stack labelled with its total; the tooltip gives each city's exact figure.
// Loaded lazily (Chart.js in its own chunk).

const PALETTE = [CHART_COLORS.primary, CHART_COLORS.secondary, '#6366f1', '#64748b', '#db2777', '#0891b2'];

/** 382000 -> "38.2万" (Chinese) or "¥382k" (English): short enough to sit above a bar. */
export function shortYuan(yuan: number, language: string): string {
  if (language === 'zh-CN') return yuan >= 10_000 ? `${(yuan / 10_000).toFixed(1)}万` : `${Math.round(yuan)}`;
  return yuan >= 1_000 ? `¥${Math.round(yuan / 1_000)}k` : `¥${Math.round(yuan)}`;
}

export default function CostChart(props: { cost: Dashboard['cost'] }) {
  const cities = () => props.cost.cities.filter((c) => c.months.some((m) => m.employerFen > 0));
  return (
    <BarChart
      title={t('tenantHome.dashboard.cost.title')}
      label={t('tenantHome.dashboard.cost.label')}
      figureTestId="dashboard-cost-chart"
      canvasProps={{ 'data-testid': 'dashboard-cost-canvas', 'data-cities': cities().map((c) => c.cityCode).join(' '), 'data-months': props.cost.months.length }}
      data={() => ({
        labels: props.cost.months,
        datasets: cities().map((c, i) => ({ label: c.cityName, data: c.months.map((m) => m.employerFen / 100), backgroundColor: PALETTE[i % PALETTE.length], stack: 'cost' })),
      })}
      scales={{ x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: t('tenantHome.dashboard.cost.axis') } } }}
      valueLabels={{ stackTotals: true, format: (v) => shortYuan(v, lang()) }}
      empty={t('tenantHome.dashboard.cost.empty')}
      tooltipLabel={(item) => {
        const m = cities()[item.datasetIndex]?.months[item.dataIndex];
        return `${item.dataset.label ?? ''}: ¥${formatYuan(yuanFromFen(m?.employerFen ?? 0))}（${t('tenantHome.dashboard.cost.headcount', { count: String(m?.headcount ?? 0) })}）`;
      }}
    />
  );
}
