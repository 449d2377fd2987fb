import { sql, type Kysely } from 'kysely';
import { SHANGHAI_OFFSET_MS, type Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import { dayOf } from './close.dates';

// The last day of a city's payment window for a month, for the close workflow's reminder and the
// close page. The policy library's city figure (cutOffDay) wins when a record gives it for the
// month; otherwise the tenant's cut-off day for the city (tenant_cities.cutoff_day, set in the
// tenant file's cities, the same day the late fee runs from); a tenant without the city configured
// has no window: nothing is guessed, the close shows none and no reminder is sent.

export interface PaymentWindow {
  /** YYYY-MM-DD, the last day contributions for the month can be paid without a late fee. */
  due: string;
  source: 'policy' | 'tenant_setting';
}

/** The policy library's payment day for the city and month, when a record gives one. */
export function policyPaymentDay(library: PolicyLibrary, cityCode: string, month: string): number | null {
  const record = library.recordsOf(cityCode).find((r) => r.effectiveFrom <= month && month <= r.effectiveTo);
  return record && record.cutOffDay.status === 'given' ? record.cutOffDay.value : null;
}

/** The window from the library, else the tenant's setting read in `trx` (a tenant transaction); null when neither gives it. */
export async function paymentWindow(trx: Kysely<Database>, library: PolicyLibrary, tenantId: string, cityCode: string, month: string): Promise<PaymentWindow | null> {
  const fromPolicy = policyPaymentDay(library, cityCode, month);
  if (fromPolicy !== null) return { due: dayOf(month, fromPolicy), source: 'policy' };
  const row = await sql<{ cutoff_day: number }>`select cutoff_day from tenant_cities where tenant_id = ${tenantId} and city_code = ${cityCode}`.execute(trx);
  const day = row.rows[0]?.cutoff_day;
  return day === undefined ? null : { due: dayOf(month, day), source: 'tenant_setting' };
}

/** Epoch ms the window closes: the end of its last day in Asia/Shanghai. */
export function windowClosesAtMs(due: string): number {
  const [y, m, d] = due.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d + 1) - SHANGHAI_OFFSET_MS;
}
