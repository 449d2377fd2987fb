// What a late or missing contribution costs the employer by law: the late fee of 社会保险法 第86条
// (0.05% of the arrears per day from the day they became due) and the fine exposure of 第84条/第86条
// (one to three times the amount owed). Pure; integer fen; dates are business dates `YYYY-MM-DD`.
// Sources: ../reference rows R4 (第86条) and R5 (第84条), grade A.

/** 万分之五 per day, as a fraction numerator over 10,000. */
export const LATE_FEE_PER_DAY_PER_10K = 5;

export const STATUTE_LATE_FEE = { law: '社会保险法 第86条', sourceId: 'R4' } as const;
export const STATUTE_UNREGISTERED_FINE = { law: '社会保险法 第84条', sourceId: 'R5' } as const;

const DAY_MS = 86_400_000;

function dayNumber(date: string, field: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  const back = new Date(t);
  if (!m || Number.isNaN(t) || back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) {
    throw new RangeError(`${field} must be a real date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return t / DAY_MS;
}

/** Days late: the days after `dueDate` up to and including `asOf` (0 when paid by the due date). */
export function daysLate(dueDate: string, asOf: string): number {
  return Math.max(0, dayNumber(asOf, 'asOf') - dayNumber(dueDate, 'dueDate'));
}

/**
 * The late fee (滞纳金) on `arrearsFen` owed since `dueDate`, as of `asOf`:
 * arrears x 0.05% x days late, rounded half up to the fen.
 *
 * @example
 * lateFeeFen(100_000, '2026-01-15', '2026-02-14'); // { days: 30, feeFen: 1_500 } (1,000.00 yuan late 30 days: 15.00)
 */
export function lateFeeFen(arrearsFen: number, dueDate: string, asOf: string): { days: number; feeFen: number } {
  if (!Number.isSafeInteger(arrearsFen) || arrearsFen < 0) throw new RangeError('arrearsFen must be a non-negative integer');
  const days = daysLate(dueDate, asOf);
  // arrears x days x 5 / 10,000 with half-up rounding, in integers (exact below 2^53 for any real amount).
  const feeFen = Math.floor((arrearsFen * days * LATE_FEE_PER_DAY_PER_10K + 5_000) / 10_000);
  return { days, feeFen };
}

/** The fine range for `owedFen` not paid (第86条) or never registered (第84条): one to three times the amount. */
export function fineExposureFen(owedFen: number): { minFen: number; maxFen: number } {
  if (!Number.isSafeInteger(owedFen) || owedFen < 0) throw new RangeError('owedFen must be a non-negative integer');
  return { minFen: owedFen, maxFen: owedFen * 3 };
}
