import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, SOCIAL_INSURANCES, type ContinuityHistory, type PolicyLibrary } from '@lianxu/policy';
import { addMonths, monthOf } from '../shared/index';

// Reads of one employee's record for the self-service pages. Every function runs inside the
// caller's withEmployee transaction, so row-level security already confines it to that employee.

export interface EmployeeProfile {
  id: string;
  name: string;
  workCity: string;
  hukou: 'local' | 'non-local';
  hireDate: string;
  terminationDate: string | null;
  status: string;
  idNumberMasked: string;
}

export interface PeriodRow {
  cityCode: string;
  startMonth: string;
  /** Null while open. */
  endMonth: string | null;
}

export async function loadProfile(trx: Kysely<Database>, tenantId: string, employeeId: string): Promise<EmployeeProfile | null> {
  const e = await trx
    .selectFrom('employees')
    .select(['id', 'name', 'work_city', 'hukou', 'hire_date', 'termination_date', 'status', 'id_number_masked'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', employeeId)
    .executeTakeFirst();
  if (!e) return null;
  return { id: e.id, name: e.name, workCity: e.work_city, hukou: e.hukou as 'local' | 'non-local', hireDate: e.hire_date, terminationDate: e.termination_date, status: e.status, idNumberMasked: e.id_number_masked };
}

export async function loadPeriods(trx: Kysely<Database>, tenantId: string, employeeId: string): Promise<PeriodRow[]> {
  const rows = await trx
    .selectFrom('coverage_periods')
    .select(['city_code', 'start_month', 'end_month'])
    .where('tenant_id', '=', tenantId)
    .where('employee_id', '=', employeeId)
    .orderBy('start_month')
    .execute();
  return rows.map((r) => ({ cityCode: r.city_code, startMonth: r.start_month, endMonth: r.end_month }));
}

/** Wage history, oldest first: [effective date, fen]. */
export async function loadWages(trx: Kysely<Database>, tenantId: string, employeeId: string): Promise<[string, number][]> {
  const rows = await trx
    .selectFrom('wage_history')
    .select(['effective_from', 'monthly_wage_fen'])
    .where('tenant_id', '=', tenantId)
    .where('employee_id', '=', employeeId)
    .orderBy('effective_from')
    .execute();
  return rows.map((r) => [r.effective_from, Number(r.monthly_wage_fen)]);
}

/** The wage in effect on a month's last day, or null. */
export function wageInMonth(wages: readonly [string, number][], month: string): number | null {
  const end = `${addMonths(month, 1)}-01`;
  let found: number | null = null;
  for (const [from, fen] of wages) if (from < end) found = fen;
  return found;
}

/** Every covered month up to `untilMonth` (open periods end there), newest last. */
export function coveredMonths(periods: readonly PeriodRow[], untilMonth: string): { month: string; cityCode: string }[] {
  const out: { month: string; cityCode: string }[] = [];
  for (const p of periods) {
    const end = p.endMonth === null || p.endMonth > untilMonth ? untilMonth : p.endMonth;
    for (let m = p.startMonth; m <= end; m = addMonths(m, 1)) out.push({ month: m, cityCode: p.cityCode });
  }
  return out.sort((a, b) => a.month.localeCompare(b.month));
}

/** The social insurances a city's policy gives (maternity only where it is separate). */
export function insurancesOf(cityCode: string, month: string, library: PolicyLibrary = getDefaultPolicyLibrary()): string[] {
  const records = library.recordsOf(cityCode);
  const record = [...records].reverse().find((r) => r.effectiveFrom <= month) ?? records[0];
  if (!record) return SOCIAL_INSURANCES.filter((i) => i !== 'maternity');
  return SOCIAL_INSURANCES.filter((i) => record.insurances[i]?.status === 'given');
}

/** The continuity evaluator's view of the employee's months. */
export function historyOf(periods: readonly PeriodRow[], untilMonth: string): ContinuityHistory {
  return { coverage: coveredMonths(periods, untilMonth).map((m) => ({ month: m.month, city: m.cityCode, insurances: insurancesOf(m.cityCode, m.month) })) };
}

export const todayMonth = (today: string) => monthOf(today);
