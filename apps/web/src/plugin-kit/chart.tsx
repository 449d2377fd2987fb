// The app's one chart setup, for plugins' pages (a separate entry, so only pages with a chart load chart.js).
export { BarChart, CHART_COLORS, type BarData } from '../components/bar-chart';
