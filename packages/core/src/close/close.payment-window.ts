import type { Kysely } from 'kysely';
import { SHANGHAI_OFFSET_MS, type Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import { tenantCutoffDay } from './close.dates';
import { contributionDueDateOf, policyPaymentDay } from './contribution-due-date';

// The last day of a city's payment window for a month, for the close workflow's reminder and the
// close page: the month's contribution due date (contribution-due-date.ts, the day the late fee
// runs from: the policy library's cutOffDay when a record gives it, else the tenant's cut-off day
// for the city). A tenant without the city configured has no window: no reminder is guessed, the
// close shows none.

export interface PaymentWindow {
  /** YYYY-MM-DD, the last day contributions for the month can be paid without a late fee. */
  due: string;
  source: 'policy' | 'tenant_setting';
}

export { policyPaymentDay };

/** The window of a month from the due date's convention; null when neither the library nor the tenant's setting gives a day. */
export function windowOf(library: PolicyLibrary, cityCode: string, month: string, cutoffDay: number | null): PaymentWindow | null {
  const { due, source } = contributionDueDateOf(cityCode, month, cutoffDay, library);
  return source === 'default' ? null : { due, source };
}

/** The window from the library, else the tenant's setting read in `trx` (a tenant transaction); null when neither gives it. */
export async function paymentWindow(trx: Kysely<Database>, library: PolicyLibrary, tenantId: string, cityCode: string, month: string): Promise<PaymentWindow | null> {
  return windowOf(library, cityCode, month, await tenantCutoffDay(trx, tenantId, cityCode));
}

/** Epoch ms the window closes: the end of its last day in Asia/Shanghai. */
export function windowClosesAtMs(due: string): number {
  const [y, m, d] = due.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d + 1) - SHANGHAI_OFFSET_MS;
}
