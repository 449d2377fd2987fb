import { sql } from 'kysely';
import { PluginHttpError, type Localized, type PluginHost } from '@lianxu/plugin-sdk';
import type { CheckedRow, RowProblem } from './attendance.parse';
import { centiFromNumeric, formatHours } from './overtime.rules';
import type { AttendanceSource, ShiftsTrx } from './shifts.tables';

/** At most this many problems are listed in one answer (the count says how many there were). */
const MAX_LISTED = 300;

/**
 * A 400 naming each bad cell as `rows[<row>].<column>` (row numbers as in the file, header = 1),
 * or `file` for the file as a whole.
 */
export function rowProblemsError(problems: RowProblem[]): PluginHttpError {
  const fields: Record<string, Localized> = {};
  for (const p of problems.slice(0, MAX_LISTED)) fields[p.row === 0 ? p.column : `rows[${p.row}].${p.column}`] ??= p.message;
  if (problems.length > MAX_LISTED) {
    fields.rows = { 'zh-CN': `共 ${problems.length} 处错误，仅列出前 ${MAX_LISTED} 处`, en: `${problems.length} problems in all; the first ${MAX_LISTED} are listed` };
  }
  return PluginHttpError.invalid(fields);
}

export interface MonthlyOvertime {
  employeeId: string;
  month: string;
  regularHours: string;
  overtimeHours: string;
  days: number;
}

export interface AttendanceWriteResult {
  importId: string;
  rows: number;
  employees: number;
  months: MonthlyOvertime[];
}

const CHUNK = 1000;

/**
 * Writes checked attendance rows in one transaction, or nothing: every row's employee must exist in
 * the tenant and be employed on that day (else a 400 naming the row and column). A day already
 * recorded is replaced. Monthly overtime of every touched employee and month is recomputed in the
 * same transaction.
 */
export async function writeAttendance(
  host: PluginHost,
  tenantId: string,
  actorId: string | null,
  rows: CheckedRow[],
  source: AttendanceSource,
  fileName: string | null,
  /** Problems already found in the file, so one answer lists them all. */
  earlierProblems: RowProblem[] = [],
): Promise<AttendanceWriteResult> {
  return host.withTenant(
    tenantId,
    async (trx: ShiftsTrx) => {
      const written = await writeAttendanceRows(trx, tenantId, actorId, rows, source, fileName, earlierProblems);
      return { importId: written.importId, rows: written.rows, employees: written.employees, months: written.months };
    },
    { actorId },
  );
}

/** A written row with the employee it was matched to. */
export type ResolvedRow = CheckedRow & { employee: string };

/** writeAttendance inside the caller's transaction (the API's record ids are stored in the same one). */
export async function writeAttendanceRows(
  trx: ShiftsTrx,
  tenantId: string,
  actorId: string | null,
  rows: CheckedRow[],
  source: AttendanceSource,
  fileName: string | null,
  earlierProblems: RowProblem[] = [],
): Promise<AttendanceWriteResult & { resolved: ResolvedRow[] }> {
  const ids = [...new Set(rows.flatMap((r) => (r.employeeId ? [r.employeeId] : [])))];
  const mobiles = [...new Set(rows.flatMap((r) => (r.mobile ? [r.mobile] : [])))];
  const employees =
    ids.length || mobiles.length
      ? await trx
          .selectFrom('employees')
          .select(['id', 'mobile', 'hire_date', 'termination_date'])
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(mobiles.length ? [eb('mobile', 'in', mobiles)] : [])]))
          .execute()
      : [];
  const byId = new Map(employees.map((e) => [e.id, e]));
  const employedOn = (e: (typeof employees)[number], date: string) => e.hire_date <= date && (e.termination_date === null || e.termination_date >= date);

  const problems: RowProblem[] = [...earlierProblems];
  const resolved: ResolvedRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    let employee: (typeof employees)[number] | undefined;
    if (r.employeeId) {
      employee = byId.get(r.employeeId);
      if (!employee) {
        problems.push({ row: r.row, column: 'employee_id', message: { 'zh-CN': '本单位没有这名员工', en: 'no such employee in this company' } });
        continue;
      }
    } else {
      // A mobile number may belong to a rehired person twice: take the employment covering the day.
      const matches = employees.filter((e) => e.mobile === r.mobile);
      employee = matches.find((e) => employedOn(e, r.date)) ?? matches[0];
      if (!employee) {
        problems.push({ row: r.row, column: 'mobile', message: { 'zh-CN': '没有使用此手机号的员工', en: 'no employee has this mobile number' } });
        continue;
      }
    }
    if (!employedOn(employee, r.date)) {
      problems.push({
        row: r.row,
        column: 'date',
        message: {
          'zh-CN': `该员工当天不在职（入职 ${employee.hire_date}${employee.termination_date ? `，离职 ${employee.termination_date}` : ''}）`,
          en: `the employee was not employed that day (hired ${employee.hire_date}${employee.termination_date ? `, left ${employee.termination_date}` : ''})`,
        },
      });
      continue;
    }
    // The same person by id on one row and by mobile on another, same day.
    const key = `${employee.id}|${r.date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ row: r.row, column: 'date', message: { 'zh-CN': `与第 ${first} 行重复（同一员工同一天）`, en: `duplicates row ${first} (same employee and day)` } });
      continue;
    }
    seen.set(key, r.row);
    resolved.push({ ...r, employee: employee.id });
  }
  if (problems.length) throw rowProblemsError(problems.sort((a, b) => a.row - b.row));

  const batch = await trx
    .insertInto('attendance_imports')
    .values({ tenant_id: tenantId, source, file_name: fileName, rows: resolved.length, created_by: actorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < resolved.length; i += CHUNK) {
    await trx
      .insertInto('attendance')
      .values(
        resolved.slice(i, i + CHUNK).map((r) => ({
          tenant_id: tenantId,
          employee_id: r.employee,
          work_date: r.date,
          regular_hours: formatHours(r.regularCenti),
          overtime_hours: formatHours(r.overtimeCenti),
          shift: r.shift,
          source,
          import_id: batch.id,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'employee_id', 'work_date']).doUpdateSet((eb) => ({
          regular_hours: eb.ref('excluded.regular_hours'),
          overtime_hours: eb.ref('excluded.overtime_hours'),
          shift: eb.ref('excluded.shift'),
          source: eb.ref('excluded.source'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: new Date(),
        })),
      )
      .execute();
  }

  const employeeIds = [...new Set(resolved.map((r) => r.employee))];
  const months = [...new Set(resolved.map((r) => r.date.slice(0, 7)))];
  const totals = await recomputeMonths(trx, tenantId, employeeIds, months);
  return { importId: batch.id, rows: resolved.length, employees: employeeIds.length, months: totals, resolved };
}

/** Recomputes overtime_monthly from attendance for these employees and months. */
async function recomputeMonths(trx: ShiftsTrx, tenantId: string, employeeIds: string[], months: string[]): Promise<MonthlyOvertime[]> {
  const rows = await sql<{ employee_id: string; month: string; regular_hours: string; overtime_hours: string; days: number }>`
    insert into overtime_monthly (tenant_id, employee_id, month, regular_hours, overtime_hours, days, updated_at)
    select tenant_id, employee_id, to_char(work_date, 'YYYY-MM'), sum(regular_hours), sum(overtime_hours), count(*)::int, now()
      from attendance
     where tenant_id = ${tenantId}
       and employee_id = any(${employeeIds}::uuid[])
       and to_char(work_date, 'YYYY-MM') = any(${months}::text[])
     group by tenant_id, employee_id, to_char(work_date, 'YYYY-MM')
    on conflict (tenant_id, employee_id, month) do update
       set regular_hours = excluded.regular_hours, overtime_hours = excluded.overtime_hours, days = excluded.days, updated_at = now()
    returning employee_id, month, regular_hours::text, overtime_hours::text, days`.execute(trx);
  return rows.rows
    .map((r) => ({ employeeId: r.employee_id, month: r.month, regularHours: formatHours(centiFromNumeric(r.regular_hours)), overtimeHours: formatHours(centiFromNumeric(r.overtime_hours)), days: r.days }))
    .sort((a, b) => (a.employeeId + a.month < b.employeeId + b.month ? -1 : 1));
}

/** Monthly overtime of the tenant's employees for one month, with names. */
export async function overtimeOfMonth(host: PluginHost, tenantId: string, month: string) {
  return host.withTenant(tenantId, async (trx: ShiftsTrx) => {
    const rows = await trx
      .selectFrom('overtime_monthly as o')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'o.tenant_id').onRef('e.id', '=', 'o.employee_id'))
      .select(['o.employee_id', 'e.name', 'o.month', 'o.regular_hours', 'o.overtime_hours', 'o.days'])
      .where('o.tenant_id', '=', tenantId)
      .where('o.month', '=', month)
      .orderBy('e.name')
      .orderBy('o.employee_id')
      .execute();
    return rows.map((r) => ({
      employeeId: r.employee_id,
      name: r.name,
      month: r.month,
      regularHours: formatHours(centiFromNumeric(r.regular_hours)),
      overtimeHours: formatHours(centiFromNumeric(r.overtime_hours)),
      days: r.days,
    }));
  });
}
