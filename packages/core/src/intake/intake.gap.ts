import { calculateContributions, getDefaultPolicyLibrary, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import { addMonths, fenToYuan } from '../shared/index';
import type { GapAssessment } from './intake.types';

// What the months between the previous employer's last paid month and the new start month cost the
// candidate. packages/policy has no gap helper yet, so this small one lives here: the personal
// pension account loses the employee's share (base x 8%) of every uncovered month, computed with the
// city's own figures for the first gap month.

/** Whole months from `from` to `to` (YYYY-MM), negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/**
 * The gap a start month leaves after `lastPaidMonth` (null: first insured, never a gap) and the
 * pension shortfall it costs: the pension base of `wageFen` in the city x the employee rate x the
 * months. When the library cannot price it, the months are still told and the cost is marked unavailable.
 *
 * @example
 * assessGap({ cityCode: '310100', startMonth: '2026-03', lastPaidMonth: '2025-12', wageFen: 500_000n, hukou: 'local' });
 * // -> gapMonths 2 (2026-01..2026-02), pensionShortfall '800.00' (5,000 x 8% x 2)
 */
export function assessGap(
  input: { cityCode: string; startMonth: string; lastPaidMonth: string | null; wageFen: bigint; hukou: 'local' | 'non-local' },
  library: PolicyLibrary = getDefaultPolicyLibrary(),
): GapAssessment {
  const none: GapAssessment = {
    startMonth: input.startMonth,
    lastPaidMonth: input.lastPaidMonth,
    gapMonths: 0,
    gapFrom: null,
    gapTo: null,
    pensionShortfall: null,
    pensionBase: null,
    pensionEmployeeRate: null,
    costUnavailable: false,
  };
  if (input.lastPaidMonth === null) return none;
  const months = monthsBetween(input.lastPaidMonth, input.startMonth) - 1;
  if (months <= 0) return none;
  const gapFrom = addMonths(input.lastPaidMonth, 1);
  const gap = { ...none, gapMonths: months, gapFrom, gapTo: addMonths(input.startMonth, -1) };
  try {
    const quote = calculateContributions({ city: input.cityCode, month: gapFrom, wageFen: Number(input.wageFen), hukou: input.hukou }, library);
    const pension = quote.lines.find((l) => l.insurance === 'pension');
    if (!pension) return { ...gap, costUnavailable: true };
    return {
      ...gap,
      pensionShortfall: fenToYuan(pension.employeeFen * months),
      pensionBase: fenToYuan(pension.baseFen),
      pensionEmployeeRate: pension.employeeRate,
    };
  } catch (error) {
    // A month before the city's first policy year, or a city the library lacks: say so, never guess.
    if (error instanceof PolicyInputError) return { ...gap, costUnavailable: true };
    throw error;
  }
}
