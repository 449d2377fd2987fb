import { describe, expect, it } from 'vitest';
import { currentMonth, fenFromYuanText, formatPercent, formatYuan, yuanFromFen } from './money-format';
import { policyYearOf, yearNeedsCheck } from './features/policies/policies.api';

describe('money display', () => {
  it('groups yuan amounts without touching the decimals', () => {
    expect(formatYuan('35283.00')).toBe('35,283.00');
    expect(formatYuan('9350.00')).toBe('9,350.00');
    expect(formatYuan('70.57')).toBe('70.57');
    expect(formatYuan('1000000000.00')).toBe('1,000,000,000.00');
    expect(formatYuan('n/a')).toBe('n/a');
  });

  it('shows exact rates as percentages by moving the point', () => {
    expect(formatPercent('0.16')).toBe('16%');
    expect(formatPercent('0.098')).toBe('9.8%');
    expect(formatPercent('0.0535')).toBe('5.35%');
    expect(formatPercent('0.002')).toBe('0.2%');
    expect(formatPercent('0.000001')).toBe('0.0001%');
    expect(formatPercent('0')).toBe('0%');
    expect(formatPercent('1')).toBe('100%');
  });

  it('formats the current month and reads the year of a policy id', () => {
    expect(currentMonth(new Date(2024, 8, 30))).toBe('2024-09');
    expect(policyYearOf('110100-2024-r1')).toBe(2024);
    expect(policyYearOf('nonsense')).toBeNull();
  });

  it('flags a year with a figure not found or graded below B', () => {
    const y = { year: 2024, policyId: 'x', effectiveFrom: '2024-07', effectiveTo: '2025-06', carriedForward: false };
    expect(yearNeedsCheck({ ...y, lowestGrade: 'B', hasNotFound: false })).toBe(false);
    expect(yearNeedsCheck({ ...y, lowestGrade: 'C', hasNotFound: false })).toBe(true);
    expect(yearNeedsCheck({ ...y, lowestGrade: null, hasNotFound: true })).toBe(true);
  });

  it('turns integer fen into a yuan decimal without float drift', () => {
    expect(yuanFromFen(123456)).toBe('1234.56');
    expect(yuanFromFen(5)).toBe('0.05');
    expect(yuanFromFen(0)).toBe('0.00');
    expect(yuanFromFen(-5)).toBe('-0.05');
    expect(yuanFromFen(1_000_000_01)).toBe('1000000.01');
  });

  it('reads a yuan box into fen: empty is undefined, anything but up to two decimals is NaN', () => {
    expect(fenFromYuanText(' 45.5 ')).toBe(4550);
    expect(fenFromYuanText('8000')).toBe(800000);
    expect(fenFromYuanText('')).toBeUndefined();
    expect(fenFromYuanText('45.500')).toBeNaN();
    expect(fenFromYuanText('4e3')).toBeNaN();
    expect(fenFromYuanText('-1')).toBeNaN();
  });
});
