import { describe, expect, it } from 'vitest';
import { formatMonthKey, parseMonthKey } from '../money';
import { addMonthsToMonth, evaluateContinuity, type ContinuityHistory, type CoverageMonth } from './continuity.evaluator';
import { getContinuityRules } from './continuity.loader';
import { CONTINUITY_PURPOSES, type ContinuityRequirement, type ContinuityRule } from './continuity.schema';

// Boundary cases generated from each rule's own data: exactly the months required, one short, a break
// one month longer than tolerated, back-payment counted or not, tax records instead of insurance.

const rules = getContinuityRules();
const CITIES = ['110100', '310100', '440100', '440300', '330100', '510100'];

/** `n` months ending with `last`, in the rule's city, with the rule's insurances. */
function run(rule: ContinuityRule, req: ContinuityRequirement, last: string, n: number, extra: Partial<CoverageMonth> = {}): CoverageMonth[] {
  const end = parseMonthKey(last)!;
  return Array.from({ length: n }, (_, i) => ({ month: formatMonthKey(end - n + 1 + i), city: rule.city.code, insurances: [...req.insurances.value], ...extra }));
}

const evaluated = rules.rules.flatMap((rule) =>
  rule.versions.flatMap((v) => (v.status === 'sourced' && v.requirement ? [{ rule, version: v, req: v.requirement }] : [])),
);

describe('continuity rules data', () => {
  it('covers every purpose in each of the six cities, saying where a rule could not be sourced', () => {
    for (const city of CITIES) {
      for (const purpose of CONTINUITY_PURPOSES) {
        const found = rules.rules.filter((r) => r.city.code === city && r.purpose === purpose);
        expect(found.length, `${city} ${purpose}`).toBeGreaterThan(0);
      }
    }
    const notSourced = rules.rules.filter((r) => r.versions.every((v) => v.status === 'not_sourced'));
    expect(notSourced.length).toBeGreaterThan(0);
    for (const r of notSourced) expect(evaluateContinuity(r, { coverage: [] }, '2026-12-05').status).toBe('not_sourced');
  });

  it('every sourced or lifted version names its source URL, publication date field, effective dates and grade', () => {
    for (const rule of rules.rules) {
      for (const v of rule.versions) {
        if (v.status === 'not_sourced') continue;
        expect(v.grade).toBeTruthy();
        expect(v.effective.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const s of v.sources) expect(s).toHaveProperty('publishedOn');
        expect(v.sources.some((s) => s.url)).toBe(true);
      }
    }
  });

  it('answers lifted for a city that no longer checks records', () => {
    expect(evaluateContinuity(rules.byId('hangzhou.housing-purchase')!, { coverage: [] }, '2026-12-05').status).toBe('lifted');
    expect(evaluateContinuity(rules.byId('hangzhou.housing-purchase')!, { coverage: [] }, '2024-05-01').status).toBe('not_in_force');
  });
});

describe.each(evaluated.map((e) => [`${e.rule.id} from ${e.version.effective.from}`, e] as const))('%s', (_name, { rule, version, req }) => {
  const asOf = version.effective.to ?? (version.effective.from! > '2026-12-15' ? version.effective.from! : '2026-12-15');
  const month = asOf.slice(0, 7);
  const required = req.months.value;
  const taxOnly = req.taxRecords.value === 'also-required';
  const withTax = (h: CoverageMonth[]): ContinuityHistory => ({ coverage: h, taxMonths: taxOnly ? h.map((m) => ({ month: m.month, city: m.city })) : [] });

  it(`is met with exactly ${required} months`, () => {
    const e = evaluateContinuity(rule, withTax(run(rule, req, month, required)), asOf);
    expect(e.status).toBe('met');
    expect(e.qualifyingMonths).toBe(required);
    expect(e.willBeMetMonth).toBe(month);
  });

  it(`is not met one month short, and will be met next month`, () => {
    const e = evaluateContinuity(rule, withTax(run(rule, req, month, required - 1)), asOf);
    expect(e.status).toBe('not_met');
    expect(e.qualifyingMonths).toBe(required - 1);
    expect(e.willBeMetMonth).toBe(addMonthsToMonth(month, 1));
    expect(e.willBeMetOn).toBe(`${addMonthsToMonth(month, 1)}-01`);
  });

  it('a break one month longer than tolerated', () => {
    const tolerated = req.maxBreakMonths.value ?? 0;
    const before = run(rule, req, addMonthsToMonth(month, -(tolerated + 2)), required);
    const after = run(rule, req, month, 1);
    const e = evaluateContinuity(rule, withTax([...before, ...after]), asOf);
    if (req.mode.value === 'continuous') {
      expect(e.status).toBe('not_met');
      expect(e.qualifyingMonths).toBe(1);
    } else {
      // cumulative: a break costs only the months missed (those still inside the window count)
      const window = req.lookBackMonths.value ?? Infinity;
      expect(e.qualifyingMonths).toBe(Math.min(required + 1, window - tolerated - 1));
    }
    if (req.mode.value === 'continuous' && tolerated > 0) {
      const ok = run(rule, req, addMonthsToMonth(month, -(tolerated + 1)), required - 1);
      expect(evaluateContinuity(rule, withTax([...ok, ...after]), asOf).status).toBe('met');
    }
  });

  it(`counts a back-paid month only if the rule says so (${req.backPayCounts.value})`, () => {
    const months = run(rule, req, month, required);
    months[0] = { ...months[0]!, backPaid: true };
    const e = evaluateContinuity(rule, withTax(months), asOf);
    expect(e.status).toBe(req.backPayCounts.value ? 'met' : 'not_met');
    expect(e.backPaidMonthsNotCounted).toBe(req.backPayCounts.value ? 0 : 1);
  });

  it(`treats tax records as the rule says (${req.taxRecords.value})`, () => {
    const months = run(rule, req, month, required);
    const taxOnlyHistory: ContinuityHistory = { coverage: [], taxMonths: months.map((m) => ({ month: m.month, city: m.city })) };
    const siOnly: ContinuityHistory = { coverage: months, taxMonths: [] };
    expect(evaluateContinuity(rule, taxOnlyHistory, asOf).status).toBe(req.taxRecords.value === 'instead' ? 'met' : 'not_met');
    expect(evaluateContinuity(rule, siOnly, asOf).status).toBe(req.taxRecords.value === 'also-required' ? 'not_met' : 'met');
  });

  it('does not count months in another city or without the insurances that count', () => {
    const other = run(rule, req, month, required).map((m) => ({ ...m, city: rule.city.code === '110100' ? '310100' : '110100' }));
    expect(evaluateContinuity(rule, withTax(other), asOf).qualifyingMonths).toBe(0);
    const without = run(rule, req, month, required).map((m) => ({ ...m, insurances: ['workInjury'] }));
    expect(evaluateContinuity(rule, { coverage: without, taxMonths: [] }, asOf).status).toBe('not_met');
  });

  it('lists every assumed parameter in its answer', () => {
    const e = evaluateContinuity(rule, { coverage: [] }, asOf);
    const assumed = Object.entries(req).filter(([k, p]) => p.basis === 'assumption' && !(k === 'maxBreakMonths' && req.mode.value === 'cumulative')).map(([k]) => k);
    expect(e.assumptions.map((a) => a.parameter).sort()).toEqual(assumed.sort());
  });
});
