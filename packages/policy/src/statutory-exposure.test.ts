import { describe, expect, it } from 'vitest';
import { daysLate, fineExposureFen, lateFeeFen } from './statutory-exposure';

describe('late fee (社会保险法 第86条)', () => {
  it('is 0.05% of the arrears per day after the due date, to the fen', () => {
    expect(lateFeeFen(100_000, '2026-01-15', '2026-02-14')).toEqual({ days: 30, feeFen: 1_500 });
    // 1,234.56 yuan x 0.0005 x 7 = 4.320960 -> 4.32
    expect(lateFeeFen(123_456, '2026-03-31', '2026-04-07')).toEqual({ days: 7, feeFen: 432 });
    // half a fen rounds up: 100.00 x 0.0005 x 1 = 0.05; 1.00 x 0.0005 x 10 = 0.005 -> 0.01
    expect(lateFeeFen(100, '2026-01-01', '2026-01-11').feeFen).toBe(1);
  });
  it('is nothing when paid on or before the due date', () => {
    expect(lateFeeFen(100_000, '2026-01-15', '2026-01-15')).toEqual({ days: 0, feeFen: 0 });
    expect(lateFeeFen(100_000, '2026-01-15', '2026-01-01')).toEqual({ days: 0, feeFen: 0 });
  });
  it('counts calendar days across months and leap years', () => {
    expect(daysLate('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysLate('2025-12-31', '2026-12-31')).toBe(365);
  });
  it('refuses impossible dates and negative amounts by name', () => {
    expect(() => lateFeeFen(1, '2026-02-30', '2026-03-01')).toThrow(/dueDate/);
    expect(() => lateFeeFen(1, '2026-02-01', '2026-3-1')).toThrow(/asOf/);
    expect(() => lateFeeFen(-1, '2026-02-01', '2026-03-01')).toThrow(/arrearsFen/);
  });
});

describe('fine exposure (第84条 / 第86条)', () => {
  it('is one to three times the amount owed', () => {
    expect(fineExposureFen(250_000)).toEqual({ minFen: 250_000, maxFen: 750_000 });
  });
});
