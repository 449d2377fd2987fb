import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import { contributionDueDate } from './contribution-due-date';

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The tenant's cut-off day for the city (tenant_cities.cutoff_day), null when the city is not configured. */
export async function tenantCutoffDay(trx: Kysely<Database>, tenantId: string, cityCode: string): Promise<number | null> {
  const row = await sql<{ cutoff_day: number }>`select cutoff_day from tenant_cities where tenant_id = ${tenantId} and city_code = ${cityCode}`.execute(trx);
  return row.rows[0]?.cutoff_day ?? null;
}

/**
 * The day a month's contributions are due in a city for the tenant (contribution-due-date.ts, the
 * one convention: the policy's payment day, else the tenant's cut-off day, else 25), read in `trx`.
 * The late fee runs from the day after.
 */
export async function dueDate(trx: Kysely<Database>, tenantId: string, cityCode: string, month: string, library?: PolicyLibrary): Promise<string> {
  return contributionDueDate(cityCode, month, await tenantCutoffDay(trx, tenantId, cityCode), library);
}
