import { describe, expect, it } from 'vitest';
import { businessDateOf, createBusinessClock, isRealDate } from './business-clock';

describe('business clock', () => {
  it('gives Asia/Shanghai calendar dates, not UTC ones', () => {
    // 2025-02-28 17:30 UTC is already 1 March in Shanghai.
    expect(businessDateOf(new Date('2025-02-28T17:30:00Z'))).toBe('2025-03-01');
    expect(businessDateOf(new Date('2025-02-28T15:59:59Z'))).toBe('2025-02-28');
  });

  it('can be fixed or shifted by tests', () => {
    expect(createBusinessClock({ fixed: new Date('2024-06-30T16:00:00Z') }).today()).toBe('2024-07-01');
    const shifted = createBusinessClock({ offsetMs: 31 * 24 * 3600_000 });
    expect(shifted.now().getTime() - Date.now()).toBeGreaterThan(30 * 24 * 3600_000);
  });
});

describe('real dates', () => {
  it('accepts calendar dates and refuses impossible or malformed ones', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2026-4-01')).toBe(false);
    expect(isRealDate(20260401)).toBe(false);
  });
});
