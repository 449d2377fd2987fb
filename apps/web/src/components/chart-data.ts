/**
 * Whether a chart has anything to draw: some category with a finite value (NaN marks a figure that
 * cannot be computed; a zero counts only when `zeroIsData`, e.g. a day at 0 % matched). A chart
 * without data says so instead of drawing empty axes.
 */
export function hasChartData(data: { labels: readonly string[]; datasets: readonly { data: readonly number[] }[] }, zeroIsData = false): boolean {
  return data.labels.length > 0 && data.datasets.some((d) => d.data.some((v) => Number.isFinite(v) && (zeroIsData || v !== 0)));
}
