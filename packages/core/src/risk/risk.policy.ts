import { calculateContributions, insurancePeriod, MAX_WAGE_FEN, planAnnualAdjustment, PolicyInputError, type ContributionQuote, type PolicyLibrary } from '@lianxu/policy';
import type { RiskPolicy } from './rules/risk-rule.types';

// The policy questions of the risk rules, answered from the policy library and memoized per scan:
// a scan of 100,000 employees asks about a few cities × months, so each distinct question is
// computed once. A question the policy cannot answer is null (the rule then says so; it never
// guesses a figure).

type Hukou = 'local' | 'non-local';

export function createRiskPolicy(library: PolicyLibrary): RiskPolicy {
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
    if (quotes.size > 50_000) quotes.clear();
    quotes.set(key, q);
    return q;
  };
  const bounds = new Map<string, { floorFen: number; capFen: number; policyYear: number; firstMonth: string } | null>();
  const pensionLine = (q: ContributionQuote | null) => q?.lines.find((l) => l.insurance === 'pension') ?? null;

  return {
    monthlyTotalFen(city, month, wageFen, hukou) {
      const q = quote(city, month, wageFen, hukou);
      if (!q || !q.complete || q.lines.length === 0) return null;
      return q.totals.employerFen + q.totals.employeeFen;
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
      // The figures (not the amounts) decide: any wage inside the range gives the same answer.
      const q = quote(city, month, 1_000_000, hukou);
      if (!q) return null;
      const from = [...new Set(q.lines.flatMap((l) => l.provisionalFrom))].sort();
      return { provisional: q.provisional, from, policyYear: q.policyYear };
    },
    annualBase(city, month, wagesByMonth) {
      const line = pensionLine(quote(city, month, 1_000_000, 'local'));
      const record = line ? library.recordById(line.policyId) : null;
      if (!record) return null;
      try {
        const plan = planAnnualAdjustment({ wageHistory: wagesByMonth, newRecord: record, library });
        return plan.lines.find((l) => l.insurance === 'pension')?.newBaseFen ?? null;
      } catch (error) {
        if (error instanceof PolicyInputError) return null;
        throw error;
      }
    },
  };
}
