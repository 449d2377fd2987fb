import { fineExposureFen } from '@lianxu/policy';
import { lateFeeSince } from '../../close/index';
import { NO_MONEY, type EmployeeRiskFacts, type RiskMoney, type RiskRuleContext } from './risk-rule.types';

/** The tenant's cut-off day in `cityCode`: the scan's per-city settings, else the employee's work city's; null when unknown. */
export function cutoffDayIn(f: EmployeeRiskFacts, ctx: RiskRuleContext, cityCode: string): number | null {
  return ctx.cutoffDays?.[cityCode] ?? (cityCode === f.cityCode ? f.cutoffDay : null);
}

/** The due date of `month`'s contributions in `cityCode` for the employee's tenant (the close's one convention, through the policy). */
export function dueDateIn(f: EmployeeRiskFacts, ctx: RiskRuleContext, cityCode: string, month: string): string {
  return ctx.policy.dueDate(cityCode, month, cutoffDayIn(f, ctx, cityCode));
}

/**
 * Money at stake on contributions owed in `cityCode` for `months` (each its `fen`), as of the scan's
 * day: the arrears, the 第86条 late fee per month from its due date (the close's convention, so a
 * finding says what the back payment will cost), and the fine range on the arrears.
 */
export function arrearsMoney(months: { month: string; fen: number }[], f: EmployeeRiskFacts, ctx: RiskRuleContext, cityCode: string): RiskMoney {
  let owedFen = 0;
  let lateFee = 0;
  for (const { month, fen } of months) {
    if (fen <= 0) continue;
    owedFen += fen;
    lateFee += lateFeeSince(fen, dueDateIn(f, ctx, cityCode, month), ctx.today).feeFen;
  }
  if (owedFen === 0) return NO_MONEY;
  const fine = fineExposureFen(owedFen);
  return { owedFen, lateFeeFen: lateFee, fineMinFen: fine.minFen, fineMaxFen: fine.maxFen, overpaidFen: 0 };
}

export function overpaidMoney(fen: number): RiskMoney {
  return { ...NO_MONEY, overpaidFen: Math.max(0, fen) };
}

/** Half-up integer scaling of `fen` by num/den (contributions are linear in the base, fixed add-ons aside). */
export function scaleFen(fen: number, num: number, den: number): number {
  return den <= 0 ? 0 : Math.floor((fen * num * 2 + den) / (2 * den));
}
