import { issue, PolicyInputError, type BilingualMessage, type PolicyIssue } from './errors';
import { MAX_WAGE_FEN, parseMonthKey } from './money';
import { fieldPrefix } from './policy.resolve';
import type { PolicyLibrary } from './policy.library';
import { INSURANCES, type Insurance, type InsuranceSpec, type PolicyRecord } from './policy.types';

export interface AnnualAdjustmentInput {
  /** Monthly wages in fen by month 'YYYY-MM'. Months without a wage are simply absent. */
  wageHistory: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
  /** The policy year being adjusted to (its `year` decides the reference calendar year: year - 1). */
  newRecord: PolicyRecord;
  /** Current base per insurance in fen, to report what changes. */
  currentBasesFen?: Partial<Record<Insurance, number>>;
  /**
   * The library holding `newRecord`: when given, a floor or cap the new year lacks is taken from the
   * last year that has it (carried forward) and the line is marked provisional; without it, none is proposed.
   */
  library?: PolicyLibrary;
}

export interface AnnualAdjustmentLine {
  insurance: Insurance;
  currentBaseFen: number | null;
  newBaseFen: number;
  /** newBaseFen - currentBaseFen, null without a current base */
  changeFen: number | null;
  clampedTo: 'floor' | 'cap' | null;
  /** True when the floor or cap used is carried from an earlier policy year (settled when published). */
  provisional: boolean;
}

export interface AnnualAdjustment {
  policyId: string;
  /** The calendar year whose wages are averaged. */
  referenceYear: number;
  monthsUsed: string[];
  /** Average monthly wage of the reference year, half-up to the fen. */
  averageWageFen: number;
  lines: AnnualAdjustmentLine[];
  /** Insurances whose floor or cap is not found in the new record: no new base is proposed. */
  warnings: { insurance: Insurance; message: BilingualMessage }[];
}

/**
 * The July adjustment for one employee: the new contribution base per insurance is last calendar
 * year's average monthly wage clamped to each floor and cap of the new policy year, with the change
 * against the current base. Pure: the caller supplies the wage history and the record.
 * @example
 * const lib = getDefaultPolicyLibrary();
 * planAnnualAdjustment({ wageHistory: { '2023-01': 1_000_000, ... }, newRecord: lib.record('北京', 2024)!, currentBasesFen: { pension: 900_000 } });
 */
export function planAnnualAdjustment(input: AnnualAdjustmentInput): AnnualAdjustment {
  const record = input.newRecord;
  const referenceYear = record.year - 1;
  const entries = input.wageHistory instanceof Map ? [...input.wageHistory.entries()] : Object.entries(input.wageHistory);
  const issues: PolicyIssue[] = [];
  const monthsUsed: string[] = [];
  let sum = 0;
  for (const [month, fen] of entries) {
    const key = parseMonthKey(month);
    const field = `wageHistory.${month}`;
    if (key === null) issues.push(issue('invalid_month', field, `"${month}" 不是真实月份 YYYY-MM`, `"${month}" is not a real month YYYY-MM`));
    else if (!Number.isSafeInteger(fen) || fen <= 0 || fen > MAX_WAGE_FEN) {
      issues.push(issue('wage_not_positive', field, `${month} 的工资须为正整数（分）`, `the wage of ${month} must be a positive integer number of fen`));
    } else if (Math.floor(key / 12) === referenceYear) {
      monthsUsed.push(month);
      sum += fen;
    }
  }
  if (issues.length === 0 && monthsUsed.length === 0) {
    issues.push(
      issue('no_wage_history', 'wageHistory', `${referenceYear} 年没有工资记录，无法计算年度基数`, `no wages in ${referenceYear}: the annual base cannot be computed`),
    );
  }
  if (issues.length > 0) throw new PolicyInputError(issues);
  monthsUsed.sort();
  const n = monthsUsed.length;
  // half-up integer division: floor((2 * sum + n) / (2n)); sum <= 12 * 1e9 keeps this exact
  const averageWageFen = Math.floor((2 * sum + n) / (2 * n));

  const lines: AnnualAdjustmentLine[] = [];
  const warnings: AnnualAdjustment['warnings'] = [];
  const compiled = input.library?.engine.policies.find((p) => p.record === record || p.record.id === record.id);
  for (const insurance of INSURANCES) {
    const resolved = compiled?.resolved[insurance];
    const spec: InsuranceSpec = resolved ? resolved.spec : record.insurances[insurance];
    const carried = resolved ? resolved.carried.some((c) => c.field === fieldPrefix(insurance) || /\.(floor|cap)$/.test(c.field)) : false;
    if (spec.status === 'notApplicable') continue;
    if (spec.status !== 'given' || spec.floor.status === 'notFound' || spec.cap.status === 'notFound') {
      warnings.push({
        insurance,
        message: {
          zh: `${record.city.zh} ${record.year} 年度该险种的上下限未找到，未给出新基数`,
          en: `${insurance}: floor or cap not found for ${record.city.en} policy year ${record.year}; no new base proposed`,
        },
      });
      continue;
    }
    const floor = spec.floor.status === 'given' ? spec.floor.value : 0;
    const cap = spec.cap.status === 'given' ? spec.cap.value : Number.MAX_SAFE_INTEGER;
    const newBaseFen = Math.min(Math.max(averageWageFen, floor), cap);
    const current = input.currentBasesFen?.[insurance];
    lines.push({
      insurance,
      currentBaseFen: current ?? null,
      newBaseFen,
      changeFen: current === undefined ? null : newBaseFen - current,
      clampedTo: averageWageFen < floor ? 'floor' : averageWageFen > cap ? 'cap' : null,
      provisional: carried,
    });
  }
  return { policyId: record.id, referenceYear, monthsUsed, averageWageFen, lines, warnings };
}
