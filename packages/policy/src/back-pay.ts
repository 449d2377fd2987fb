// 补差: when a city publishes its new policy year late, months already paid on the old base (or on
// figures carried forward) are recomputed with the new base and the published figures, and the
// difference per month and insurance becomes a back-payment line carrying its original period.
// Pure: the caller supplies what was paid; the library supplies the figures now known.
import { calculateContributions, type ContributionInput } from './contribution.calculator';
import { issue, PolicyInputError, type PolicyIssue } from './errors';
import { MAX_WAGE_FEN, parseMonthKey } from './money';
import type { PolicyLibrary } from './policy.library';
import { getDefaultPolicyLibrary } from './policy.loader';
import type { Insurance } from './policy.types';

/** One line already paid (or billed) for an employee-month and insurance. */
export interface PaidLine {
  month: string;
  insurance: Insurance;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
}

export interface BackPayInput extends Omit<ContributionInput, 'month' | 'wage' | 'wageFen'> {
  /** The declared wage the new base is clamped from (the reference year's average monthly wage), in fen. */
  newWageFen: number;
  paid: readonly PaidLine[];
}

export interface BackPayLine {
  /** The original contribution period the difference belongs to. */
  month: string;
  insurance: Insurance;
  oldBaseFen: number;
  newBaseFen: number;
  /** Positive: owed to the bureau (补缴/补差); negative: to be refunded (退费). */
  employerDiffFen: number;
  employeeDiffFen: number;
  policyId: string;
  /** The recomputation still uses carried-forward figures: settle again when they are published. */
  provisional: boolean;
}

export interface BackPayPlan {
  lines: BackPayLine[];
  totals: { employerFen: number; employeeFen: number };
  /** Months whose recomputation lacks an insurance that was paid: no line is made for it (never a guess). */
  unpriced: { month: string; insurance: Insurance }[];
}

/**
 * The 补差 lines of one employee: each paid month recomputed at `newWageFen` with the figures the
 * library now holds; a line per month and insurance whose amounts differ.
 *
 * @example
 * planBackPay({ city: '110100', newWageFen: 1_200_000, paid: [{ month: '2025-07', insurance: 'pension', baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 }] });
 * // -> lines: [{ month: '2025-07', insurance: 'pension', oldBaseFen: 1_000_000, newBaseFen: 1_200_000, employerDiffFen: 32_000, employeeDiffFen: 16_000, ... }]
 */
export function planBackPay(input: BackPayInput, library: PolicyLibrary = getDefaultPolicyLibrary()): BackPayPlan {
  const issues: PolicyIssue[] = [];
  if (!Number.isSafeInteger(input.newWageFen) || input.newWageFen <= 0 || input.newWageFen > MAX_WAGE_FEN) {
    issues.push(issue('wage_not_positive', 'newWageFen', '新的申报工资须为正整数（分）', 'newWageFen must be a positive integer number of fen'));
  }
  input.paid.forEach((p, i) => {
    if (parseMonthKey(p.month) === null) issues.push(issue('invalid_month', `paid.${i}.month`, `"${p.month}" 不是真实月份 YYYY-MM`, `"${p.month}" is not a real month YYYY-MM`));
    for (const key of ['baseFen', 'employerFen', 'employeeFen'] as const) {
      if (!Number.isSafeInteger(p[key]) || p[key] < 0) {
        issues.push(issue('invalid_amount', `paid.${i}.${key}`, `${key} 须为非负整数（分）`, `${key} must be a non-negative integer number of fen`));
      }
    }
  });
  if (issues.length > 0) throw new PolicyInputError(issues);

  const { paid, newWageFen, ...rest } = input;
  const byMonth = new Map<string, PaidLine[]>();
  for (const p of paid) byMonth.set(p.month, [...(byMonth.get(p.month) ?? []), p]);
  const lines: BackPayLine[] = [];
  const unpriced: BackPayPlan['unpriced'] = [];
  let employerFen = 0;
  let employeeFen = 0;
  for (const month of [...byMonth.keys()].sort()) {
    const quote = calculateContributions({ ...rest, month, wageFen: newWageFen }, library);
    for (const old of byMonth.get(month)!) {
      const now = quote.lines.find((l) => l.insurance === old.insurance);
      if (!now) {
        unpriced.push({ month, insurance: old.insurance });
        continue;
      }
      const employerDiffFen = now.employerFen - old.employerFen;
      const employeeDiffFen = now.employeeFen - old.employeeFen;
      if (employerDiffFen === 0 && employeeDiffFen === 0) continue;
      lines.push({
        month,
        insurance: old.insurance,
        oldBaseFen: old.baseFen,
        newBaseFen: now.baseFen,
        employerDiffFen,
        employeeDiffFen,
        policyId: now.policyId,
        provisional: now.provisional,
      });
      employerFen += employerDiffFen;
      employeeFen += employeeDiffFen;
    }
  }
  return { lines, totals: { employerFen, employeeFen }, unpriced };
}
