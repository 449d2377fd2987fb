import { getDefaultPolicyLibrary, lateFeeFen, type PolicyLibrary } from '@lianxu/policy';

// The one source of a month's contribution due date for a tenant in a city, and of the late fee
// that runs from it (社会保险法 第86条: 0.05% a day from the due date). The close (adjustment lines,
// the payment window and its reminder), the risk scan's money at stake, the July base
// adjustment's 补差 lines and bureau-sim's 补缴 lines all ask here, so one month owed late costs
// the same late fee wherever it is shown. Pure: no database (callers read the tenant's cut-off day
// and pass it), no clock. Published on its own as `@lianxu/core/contribution-due-date` for
// bureau-sim, which must not load the whole core.
//
// The convention: the last day of the city's payment window in that month. The policy library's
// city figure (cutOffDay) wins when a record gives it for the month; otherwise the tenant's cut-off
// day for the city (tenant_cities.cutoff_day, from the tenant file's work cities); a tenant without
// a setting gets the tenant file's default, 25. A day past the month's end is its last day.

/** The tenant file's default cut-off day (tenant_cities.cutoff_day defaults to it too). */
export const DEFAULT_PAYMENT_DAY = 25;

/** The day of `month` (YYYY-MM) numbered `day`, clamped to the month's last day (YYYY-MM-DD). */
export function dayOf(month: string, day: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The policy library's payment day for the city and month, when a record gives one. */
export function policyPaymentDay(library: PolicyLibrary, cityCode: string, month: string): number | null {
  const record = library.recordsOf(cityCode).find((r) => r.effectiveFrom <= month && month <= r.effectiveTo);
  return record && record.cutOffDay.status === 'given' ? record.cutOffDay.value : null;
}

/** Where a due date's day comes from: the policy record, the tenant's setting, or the default. */
export type DueDateSource = 'policy' | 'tenant_setting' | 'default';

/** The due date of `month` with where its day came from (the close's payment window shows the source). */
export function contributionDueDateOf(
  cityCode: string,
  month: string,
  tenantCutoffDay: number | null | undefined,
  library: PolicyLibrary = getDefaultPolicyLibrary(),
): { due: string; source: DueDateSource } {
  const fromPolicy = policyPaymentDay(library, cityCode, month);
  if (fromPolicy !== null) return { due: dayOf(month, fromPolicy), source: 'policy' };
  if (tenantCutoffDay !== null && tenantCutoffDay !== undefined) return { due: dayOf(month, tenantCutoffDay), source: 'tenant_setting' };
  return { due: dayOf(month, DEFAULT_PAYMENT_DAY), source: 'default' };
}

/**
 * The day `month`'s contributions in `cityCode` are due for a tenant whose cut-off day there is
 * `tenantCutoffDay` (null: not configured). The late fee runs from the day after.
 *
 * @example
 * contributionDueDate('110100', '2025-02', 25); // '2025-02-25'
 * contributionDueDate('110100', '2025-02', 30); // '2025-02-28'
 */
export function contributionDueDate(cityCode: string, month: string, tenantCutoffDay: number | null | undefined, library?: PolicyLibrary): string {
  return contributionDueDateOf(cityCode, month, tenantCutoffDay, library).due;
}

/**
 * The 第86条 late fee on `arrearsFen` of `month` paid on `payOn`: 0.05% a day from the month's due
 * date (contributionDueDate), half up to the fen. The one late-fee computation of a month's arrears.
 */
export function contributionLateFee(
  arrearsFen: number,
  due: { cityCode: string; month: string; tenantCutoffDay: number | null | undefined; library?: PolicyLibrary },
  payOn: string,
): { dueDate: string; days: number; feeFen: number } {
  const dueDate = contributionDueDate(due.cityCode, due.month, due.tenantCutoffDay, due.library);
  return { dueDate, ...lateFeeSince(arrearsFen, dueDate, payOn) };
}

/** The late fee on `arrearsFen` due on `dueDate` (from contributionDueDate) and paid on `payOn`; none on a refund or nothing owed. */
export function lateFeeSince(arrearsFen: number, dueDate: string, payOn: string): { days: number; feeFen: number } {
  return arrearsFen > 0 ? lateFeeFen(arrearsFen, dueDate, payOn) : { days: 0, feeFen: 0 };
}
