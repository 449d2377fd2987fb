import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMonthKey, parseMonthKey } from '../money';
import { countQualifying, evaluateContinuity, waitingPeriodMonths, type CoverageMonth } from './continuity.evaluator';
import { pensionShortfallFen } from './continuity.gap-cost';
import { getContinuityRules } from './continuity.loader';
import type { ContinuityRequirement, ContinuityRule, WaitingPeriodSpec } from './continuity.schema';

const CITY = '110100';
const AS_OF_KEY = parseMonthKey('2026-12')!;

const src = <T>(value: T) => ({ value, basis: 'source' as const });
const requirementArb: fc.Arbitrary<ContinuityRequirement> = fc
  .record({
    months: fc.integer({ min: 1, max: 48 }),
    extraWindow: fc.option(fc.integer({ min: 0, max: 24 }), { nil: null }),
    mode: fc.constantFrom('continuous' as const, 'cumulative' as const),
    maxBreak: fc.integer({ min: 0, max: 3 }),
    backPayCounts: fc.boolean(),
    taxRecords: fc.constantFrom('instead' as const, 'also-required' as const, 'no' as const),
  })
  .map((r) => ({
    months: src(r.months),
    insurances: src(['pension' as const]),
    mode: src(r.mode),
    lookBackMonths: src(r.extraWindow === null ? null : r.months + r.extraWindow),
    maxBreakMonths: src(r.maxBreak),
    backPayCounts: src(r.backPayCounts),
    taxRecords: src(r.taxRecords),
  }));

const ruleOf = (req: ContinuityRequirement): ContinuityRule => ({
  id: 'test.housing-purchase',
  city: { code: CITY, zh: '北京', en: 'Beijing' },
  purpose: 'housing-purchase',
  title: { zh: '测试', en: 'test' },
  versions: [{ effective: { from: null, to: null }, status: 'sourced', grade: 'B', sources: [{ id: 'S1', url: null, publishedOn: null }], summary: { zh: '测试', en: 'test' }, requirement: req }],
});

/** A history: for each of the 60 months before and including the as-of month, covered or not, back-paid or not. */
const historyArb = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 59 }), backPaid: fc.boolean(), tax: fc.boolean() }), { maxLength: 60 }).map((items) => {
  const coverage: CoverageMonth[] = [];
  const taxMonths: { month: string; city: string }[] = [];
  for (const it of items) {
    const month = formatMonthKey(AS_OF_KEY - it.offset);
    coverage.push({ month, city: CITY, insurances: ['pension', 'medical'], backPaid: it.backPaid });
    if (it.tax) taxMonths.push({ month, city: CITY });
  }
  return { coverage, taxMonths };
});

const AS_OF = '2026-12-10';

describe('continuity evaluator properties', () => {
  it('met exactly when the months counted reach the months required; never more than the window', () => {
    fc.assert(
      fc.property(requirementArb, historyArb, (req, history) => {
        const e = evaluateContinuity(ruleOf(req), history, AS_OF);
        expect(e.status).toBe(e.qualifyingMonths! >= req.months.value ? 'met' : 'not_met');
        expect(e.qualifyingMonths).toBeGreaterThanOrEqual(0);
        if (req.lookBackMonths.value !== null) expect(e.qualifyingMonths).toBeLessThanOrEqual(req.lookBackMonths.value);
      }),
    );
  });

  it('adding a covered month never lowers the count', () => {
    fc.assert(
      fc.property(requirementArb, historyArb, fc.integer({ min: 0, max: 59 }), (req, history, offset) => {
        const before = evaluateContinuity(ruleOf(req), history, AS_OF).qualifyingMonths!;
        const more = { ...history, coverage: [...history.coverage, { month: formatMonthKey(AS_OF_KEY - offset), city: CITY, insurances: ['pension'] }], taxMonths: [...history.taxMonths, { month: formatMonthKey(AS_OF_KEY - offset), city: CITY }] };
        expect(evaluateContinuity(ruleOf(req), more, AS_OF).qualifyingMonths!).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('the month it will be met is the first month the projected history meets the rule', () => {
    fc.assert(
      fc.property(requirementArb, historyArb, (req, history) => {
        const rule = ruleOf(req);
        const e = evaluateContinuity(rule, history, AS_OF);
        const target = parseMonthKey(e.willBeMetMonth!)!;
        expect(target).toBeGreaterThanOrEqual(AS_OF_KEY);
        const projected = (until: number) => {
          const extra: CoverageMonth[] = [];
          for (let m = AS_OF_KEY; m <= until; m++) extra.push({ month: formatMonthKey(m), city: CITY, insurances: ['pension'] });
          return { coverage: [...history.coverage, ...extra], taxMonths: [...history.taxMonths, ...extra.map((x) => ({ month: x.month, city: CITY }))] };
        };
        const at = (m: number) => evaluateContinuity(rule, projected(m), `${formatMonthKey(m)}-15`).status;
        expect(at(target)).toBe('met');
        if (target > AS_OF_KEY) expect(at(target - 1)).toBe('not_met');
      }),
    );
  });

  it('a longer break never brings the date earlier; no break costs nothing; a continuous rule resets past its tolerated break', () => {
    fc.assert(
      fc.property(requirementArb, historyArb, fc.integer({ min: 0, max: 30 }), (req, history, n) => {
        const rule = ruleOf(req);
        const a = evaluateContinuity(rule, history, AS_OF, { breakMonths: n }).breakImpact!;
        const b = evaluateContinuity(rule, history, AS_OF, { breakMonths: n + 1 }).breakImpact!;
        expect(parseMonthKey(b.willBeMetMonth)!).toBeGreaterThanOrEqual(parseMonthKey(a.willBeMetMonth)!);
        expect(parseMonthKey(a.willBeMetMonth)!).toBeGreaterThanOrEqual(parseMonthKey(a.returnMonth)!);
        expect(b.delayMonths).toBeGreaterThanOrEqual(0);
        expect(a.resets).toBe(req.mode.value === 'continuous' && n > req.maxBreakMonths.value!);
        expect(evaluateContinuity(rule, history, AS_OF, { breakMonths: 0 }).breakImpact!.delayMonths).toBe(0);
      }),
    );
  });

  it('countQualifying with a continuous rule equals the run length when every month is covered', () => {
    fc.assert(
      fc.property(requirementArb, fc.integer({ min: 1, max: 60 }), (req, n) => {
        const keys = new Set(Array.from({ length: n }, (_, i) => AS_OF_KEY - i));
        const window = req.lookBackMonths.value ?? Infinity;
        expect(countQualifying(req, keys, AS_OF_KEY)).toBe(Math.min(n, window));
      }),
    );
  });
});

describe('waiting period after a break (national resident medical rule)', () => {
  const rule = getContinuityRules().byId('national.resident-medical-waiting-period')!;
  const spec = (rule.versions[0] as { waitingPeriod: WaitingPeriodSpec }).waitingPeriod;

  it('no break, no wait; any break 3 months; 2 years 4 months; 4 years at least 6 months', () => {
    expect(waitingPeriodMonths(spec, 0)).toBe(0);
    expect(waitingPeriodMonths(spec, 1)).toBe(3);
    expect(waitingPeriodMonths(spec, 23)).toBe(3);
    expect(waitingPeriodMonths(spec, 24)).toBe(4);
    expect(waitingPeriodMonths(spec, 48)).toBe(6);
  });

  it('grows with the break and never falls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 240 }), (n) => {
        expect(waitingPeriodMonths(spec, n + 1)).toBeGreaterThanOrEqual(waitingPeriodMonths(spec, n));
      }),
    );
  });
});

describe('pension account shortfall of a gap', () => {
  it('5,000 yuan × 8% × 3 months = 1,200 yuan', () => {
    expect(pensionShortfallFen({ monthlyBaseFen: 500_000, rateMicro: 80_000, months: 3 })).toBe(120_000);
  });

  it('is linear in the months and exact to the fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 120 }), (base, months) => {
        const one = pensionShortfallFen({ monthlyBaseFen: base, rateMicro: 80_000, months: 1 });
        expect(pensionShortfallFen({ monthlyBaseFen: base, rateMicro: 80_000, months })).toBe(one * months);
        expect(one).toBe(Number((BigInt(base) * 80_000n + 500_000n) / 1_000_000n));
      }),
    );
  });

  it('refuses a negative or fractional input', () => {
    expect(() => pensionShortfallFen({ monthlyBaseFen: -1, rateMicro: 80_000, months: 1 })).toThrow(RangeError);
    expect(() => pensionShortfallFen({ monthlyBaseFen: 1, rateMicro: 80_000, months: 1.5 })).toThrow(RangeError);
  });
});
