import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDate, isRealDate } from './business-date';
import { localizeIssue } from './plugin-http';

function problem(value: unknown, options?: Parameters<typeof businessDate>[0]) {
  const r = businessDate(options).safeParse(value);
  return r.success ? null : localizeIssue(r.error.issues[0]!);
}

describe('businessDate()', () => {
  it('accepts real days from 1900-01-01 to 2100-12-31', () => {
    for (const d of ['1900-01-01', '2024-02-29', '2026-03-02', '2100-12-31']) expect(problem(d)).toBeNull();
  });

  it('refuses days outside the range, naming it in both languages', () => {
    for (const d of ['0000-01-01', '0001-01-01', '1899-12-31', '2101-01-01', '9999-12-31']) {
      expect(problem(d)).toEqual({ en: 'must be between 1900-01-01 and 2100-12-31', 'zh-CN': '日期应在 1900-01-01 至 2100-12-31 之间' });
    }
    expect(problem('2026-01-01', { min: '2026-02-01' })?.en).toBe('must be between 2026-02-01 and 2100-12-31');
  });

  it('refuses what is not a real YYYY-MM-DD day, with an example of one', () => {
    for (const d of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-1', '2026-01-01T00:00', ' 2026-01-01', '', 20260101, null]) {
      expect(problem(d)?.en).toMatch(/real date such as 2026-07-01|Must be text|Required/);
    }
  });

  it('accepts exactly the real days in range (property)', () => {
    const day = fc.date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2150-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        expect(problem(d) === null).toBe(d >= '1900-01-01' && d <= '2100-12-31');
      }),
      { seed: 5, numRuns: 1000 },
    );
    // Any text it takes is a day that prints back as itself.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '9', '-'), minLength: 8, maxLength: 11 }), (s) => {
        if (isRealDate(s)) expect(new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10)).toBe(s);
      }),
      { seed: 6, numRuns: 2000 },
    );
  });
});
