import { describe, expect, it } from 'vitest';
import { hasChartData } from './chart-data';

describe('hasChartData', () => {
  it('is false without categories, with only zeros, or with figures that cannot be computed (NaN)', () => {
    expect(hasChartData({ labels: [], datasets: [] })).toBe(false);
    expect(hasChartData({ labels: ['北京', '上海'], datasets: [{ data: [0, 0] }] })).toBe(false);
    expect(hasChartData({ labels: ['北京'], datasets: [{ data: [Number.NaN] }] })).toBe(false);
  });
  it('is true with one real value; a zero is data only when the chart says so', () => {
    expect(hasChartData({ labels: ['北京', '上海'], datasets: [{ data: [0, Number.NaN] }, { data: [0, 3500] }] })).toBe(true);
    expect(hasChartData({ labels: ['第 1 天'], datasets: [{ data: [0] }] }, true)).toBe(true);
  });
});
