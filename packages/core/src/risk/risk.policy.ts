import {
  calculateContributions,
  createQuoteBuffer,
  HUKOU_LOCAL,
  HUKOU_NON_LOCAL,
  insurancePeriod,
  MAX_WAGE_FEN,
  OUT_EMPLOYEE_TOTAL,
  OUT_EMPLOYER_TOTAL,
  OUT_MISSING,
  OUT_STRIDE,
  parseMonthKey,
  planAnnualAdjustment,
  PolicyInputError,
  type AnnualAdjustment,
  type ContributionQuote,
  type PolicyLibrary,
  type PolicyRecord,
} from '@lianxu/policy';
import { contributionDueDate } from '../close/index';
import type { RiskPolicy } from './rules/risk-rule.types';

// The policy questions of the risk rules, answered from the policy library and memoized per scan:
// a scan of 100,000 employees asks about a few cities × months, so each distinct question is
// computed once. A question the policy cannot answer is null (the rule then says so; it never
// guesses a figure). The month's total for a wage (asked per employee × month, wages mostly
// distinct) goes straight to the engine's allocation-free quoteFen, so memory stays flat whatever
// the number of wages; the memoized quotes are only those of the fixed probe wages.

type Hukou = 'local' | 'non-local';

/** The insurances quoteFen prices without a housing-fund rate (pension .. work injury). */
const SOCIAL_SLOTS = 5;

export function createRiskPolicy(library: PolicyLibrary): RiskPolicy {
  const engine = library.engine;
  const out = createQuoteBuffer();
  const cities = new Map<string, number>();
  const dueDates = new Map<string, string>();
  const monthKeys = new Map<string, number | null>();
  const quotes = new Map<string, ContributionQuote | null>();
  const quote = (city: string, month: string, wageFen: number, hukou: Hukou): ContributionQuote | null => {
    const key = `${city}|${month}|${wageFen}|${hukou}`;
    if (quotes.has(key)) return quotes.get(key)!;
    let q: ContributionQuote | null = null;
    try {
      q = calculateContributions({ city, month, wageFen, hukou }, library);
    } catch (error) {
      if (!(error instanceof PolicyInputError)) throw error;
    }
    quotes.set(key, q);
    return q;
  };
  const bounds = new Map<string, { floorFen: number; capFen: number; policyYear: number; firstMonth: string } | null>();
  const annual = new Map<string, { referenceYear: number; floorFen: number; capFen: number } | null>();
  const provisionals = new Map<string, { provisional: boolean; from: number[]; policyYear: number } | null>();
  const monthKeyOf = (month: string): number | null => {
    let key = monthKeys.get(month);
    if (key === undefined) monthKeys.set(month, (key = parseMonthKey(month)));
    return key;
  };
  const planOf = (wageHistory: Record<string, number>, record: PolicyRecord): AnnualAdjustment | null => {
    try {
      return planAnnualAdjustment({ wageHistory, newRecord: record, library });
    } catch (error) {
      if (error instanceof PolicyInputError) return null;
      throw error;
    }
  };
  const pensionBase = (plan: AnnualAdjustment | null) => plan?.lines.find((l) => l.insurance === 'pension')?.newBaseFen ?? null;
  const pensionLine = (q: ContributionQuote | null) => q?.lines.find((l) => l.insurance === 'pension') ?? null;

  return {
    monthlyTotalFen(city, month, wageFen, hukou) {
      // What calculateContributions would total, without building the quote: null where it would
      // refuse (unknown city, month before the city's first policy year, wage out of range), where
      // the quote is incomplete or has no line (risk.policy.test.ts checks both agree).
      let cityIx = cities.get(city);
      if (cityIx === undefined) cities.set(city, (cityIx = engine.cityIndex(city)));
      const monthKey = monthKeyOf(month);
      if (cityIx < 0 || monthKey === null || monthKey < engine.firstMonthKey(cityIx)) return null;
      if (!Number.isSafeInteger(wageFen) || wageFen <= 0 || wageFen > MAX_WAGE_FEN || (hukou !== 'local' && hukou !== 'non-local')) return null;
      if (engine.quoteFen(cityIx, monthKey, wageFen, hukou === 'non-local' ? HUKOU_NON_LOCAL : HUKOU_LOCAL, -1, -1, -1, out) < 0) return null;
      if (out[OUT_MISSING] !== 0) return null;
      let lines = 0;
      for (let k = 0; k < SOCIAL_SLOTS; k++) if (out[k * OUT_STRIDE]! >= 0) lines++;
      if (lines === 0) return null;
      return out[OUT_EMPLOYER_TOTAL]! + out[OUT_EMPLOYEE_TOTAL]!;
    },
    allowedBase(city, month, baseFen, hukou) {
      // The floor and cap of the month, found once per city × month × hukou by quoting a wage below
      // any floor and one above any cap; each employee's base is then clamped arithmetically.
      const key = `${city}|${month}|${hukou}`;
      let b = bounds.get(key);
      if (b === undefined) {
        const floor = pensionLine(quote(city, month, 1, hukou));
        const cap = pensionLine(quote(city, month, MAX_WAGE_FEN, hukou));
        const record = floor ? library.recordById(floor.policyId) : null;
        b = floor && cap && record ? { floorFen: floor.baseFen, capFen: cap.baseFen, policyYear: floor.policyYear, firstMonth: insurancePeriod(record, 'pension').from } : null;
        bounds.set(key, b);
      }
      if (!b) return null;
      return { baseFen: Math.min(b.capFen, Math.max(b.floorFen, baseFen)), policyYear: b.policyYear, firstMonth: b.firstMonth };
    },
    provisional(city, month, hukou) {
      // The figures (not the amounts) decide: any wage inside the range gives the same answer, so
      // the answer is kept per city × month × hukou.
      const key = `${city}|${month}|${hukou}`;
      let answer = provisionals.get(key);
      if (answer === undefined) {
        const q = quote(city, month, 1_000_000, hukou);
        answer = q ? { provisional: q.provisional, from: [...new Set(q.lines.flatMap((l) => l.provisionalFrom))].sort(), policyYear: q.policyYear } : null;
        provisionals.set(key, answer);
      }
      return answer;
    },
    dueDate(city, month, tenantCutoffDay) {
      const key = `${city}|${month}|${tenantCutoffDay ?? ''}`;
      let due = dueDates.get(key);
      if (due === undefined) dueDates.set(key, (due = contributionDueDate(city, month, tenantCutoffDay, library)));
      return due;
    },
    annualBase(city, month, wagesByMonth) {
      const line = pensionLine(quote(city, month, 1_000_000, 'local'));
      const record = line ? library.recordById(line.policyId) : null;
      if (!record) return null;
      // The pension's new base is last year's average wage clamped to the year's floor and cap
      // (planAnnualAdjustment): the plan is made once per policy year for the lowest and the highest
      // wage, and each employee's average is clamped between the two. A history the plan would
      // refuse (a month or wage out of range, no wage last year) is null as before.
      let b = annual.get(record.id);
      if (b === undefined) {
        const probe = (fen: number) => pensionBase(planOf({ [`${record.year - 1}-01`]: fen }, record));
        const low = probe(1);
        const high = probe(MAX_WAGE_FEN);
        b = low === null || high === null ? null : { referenceYear: record.year - 1, floorFen: low, capFen: high };
        annual.set(record.id, b);
      }
      if (b === null) return pensionBase(planOf(wagesByMonth, record));
      let sum = 0;
      let n = 0;
      for (const month in wagesByMonth) {
        const fen = wagesByMonth[month]!;
        const key = monthKeyOf(month);
        if (key === null || !Number.isSafeInteger(fen) || fen <= 0 || fen > MAX_WAGE_FEN) return null;
        if (Math.floor(key / 12) === b.referenceYear) {
          sum += fen;
          n++;
        }
      }
      if (n === 0) return null;
      const average = Math.floor((2 * sum + n) / (2 * n));
      return Math.min(Math.max(average, b.floorFen), b.capFen);
    },
  };
}
