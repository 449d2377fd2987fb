import { describe, expect, it } from 'vitest';
import { averageWageWithOvertime, centiFromNumeric, formatHours, monthBounds, overtimePayFen, parseHours } from './overtime.rules';

describe('hours', () => {
  it('parses hours with at most two decimals in [0, 24]', () => {
    expect(parseHours('7.5')).toBe(750);
    expect(parseHours(' 8 ')).toBe(800);
    expect(parseHours(2.25)).toBe(225);
    expect(parseHours(8 - 0.7)).toBe(730);
    expect(parseHours('24')).toBe(2400);
    for (const bad of ['24.01', '-1', '1.234', 'abc', '', 1.234, -2, Number.NaN, null, undefined, '1e1']) expect(parseHours(bad)).toBeNull();
  });

  it('round-trips numeric columns', () => {
    expect(centiFromNumeric('120.25')).toBe(12025);
    expect(centiFromNumeric('7')).toBe(700);
    expect(formatHours(12025)).toBe('120.25');
    expect(formatHours(5)).toBe('0.05');
  });
});

describe('overtime pay and the base', () => {
  it('pays hours × (wage / 21.75 / 8) × 1.5, rounded half up to the fen', () => {
    // 8700 yuan / 21.75 / 8 = 50 yuan an hour; 10 h × 50 × 1.5 = 750 yuan.
    expect(overtimePayFen(1000, 870_000)).toBe(75_000);
    // 6000 yuan: 34.4827586... an hour; 1 h × 1.5 = 51.724137... yuan -> 5172 fen.
    expect(overtimePayFen(100, 600_000)).toBe(5172);
    expect(overtimePayFen(0, 600_000)).toBe(0);
  });

  it('uses the tenant hourly rate when set', () => {
    expect(overtimePayFen(1050, 870_000, 4000)).toBe(63_000); // 10.5 h × 40 × 1.5
  });

  it('averages wage plus overtime pay over the months employed', () => {
    const result = averageWageWithOvertime([
      { month: '2024-11', wageFen: 870_000, overtimeCentiHours: 2000 },
      { month: '2024-12', wageFen: 870_000, overtimeCentiHours: 0 },
    ]);
    // (8700 + 1500 + 8700) / 2 = 9450 yuan
    expect(result?.baseFen).toBe(945_000);
    expect(result?.months.map((m) => m.overtimePayFen)).toEqual([150_000, 0]);
    expect(averageWageWithOvertime([])).toBeNull();
  });

  it('knows month ends', () => {
    expect(monthBounds('2024-02')).toEqual(['2024-02-01', '2024-02-29']);
    expect(monthBounds('2025-12')).toEqual(['2025-12-01', '2025-12-31']);
  });
});
