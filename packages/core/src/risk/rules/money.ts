import { fineExposureFen, lateFeeFen } from '@lianxu/policy';
import { contributionDueDate } from './months';
import { NO_MONEY, type RiskMoney } from './risk-rule.types';

/**
 * Money at stake on contributions owed for `months` (each `perMonthFen`), as of `today`: the arrears,
 * the 第86条 late fee per month from its due date, and the fine range on the arrears.
 */
export function arrearsMoney(months: { month: string; fen: number }[], today: string): RiskMoney {
  let owedFen = 0;
  let lateFee = 0;
  for (const { month, fen } of months) {
    if (fen <= 0) continue;
    owedFen += fen;
    lateFee += lateFeeFen(fen, contributionDueDate(month), today).feeFen;
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
