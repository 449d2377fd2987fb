import { MAX_WAGE_FEN, ROUND_HALF_UP_FEN, roundMicroFen } from '../money';

/**
 * The pension personal-account shortfall of a gap: the monthly base times the personal-account rate
 * (the employee pension rate, 8% in every city of the library), rounded half-up to the fen each
 * month, times the months missed.
 *
 * @example pensionShortfallFen({ monthlyBaseFen: 500_000, rateMicro: 80_000, months: 3 }) // 120_000 (1,200 yuan)
 */
export function pensionShortfallFen(input: { monthlyBaseFen: number; rateMicro: number; months: number }): number {
  const { monthlyBaseFen, rateMicro, months } = input;
  if (!Number.isSafeInteger(monthlyBaseFen) || monthlyBaseFen < 0) throw new RangeError('monthlyBaseFen must be a non-negative integer');
  if (!Number.isInteger(months) || months < 0) throw new RangeError('months must be a non-negative integer');
  if (monthlyBaseFen > MAX_WAGE_FEN) throw new RangeError('monthlyBaseFen is above the largest accepted wage');
  if (!Number.isInteger(rateMicro) || rateMicro < 0 || rateMicro >= 1_000_000) throw new RangeError('rateMicro must be an integer in [0, 1e6)');
  const perMonth = roundMicroFen(monthlyBaseFen * rateMicro, ROUND_HALF_UP_FEN);
  return perMonth * months;
}
