import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The day of `month` numbered `day`, clamped to the month's last day (YYYY-MM-DD). */
export function dayOf(month: string, day: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/**
 * The day a month's contributions are due in a city: the tenant's cut-off day for the city (the
 * close of the city's payment window, 25 unless configured). The late fee runs from the day after.
 */
export async function dueDate(trx: Kysely<Database>, tenantId: string, cityCode: string, month: string): Promise<string> {
  const row = await sql<{ cutoff_day: number }>`select cutoff_day from tenant_cities where tenant_id = ${tenantId} and city_code = ${cityCode}`.execute(trx);
  return dayOf(month, row.rows[0]?.cutoff_day ?? 25);
}
