import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { migrationRunNotFound } from './migration.views';

// Reconciliation totals of a run (validation level c): per city and month, the legacy contribution
// lines as the old system exported them (count, employer and employee sums), the part accepted into
// the sandbox, and what promotion wrote as contribution history for this run. The load keeps the
// legacy sums per city and month as written (migration_runs.report); here the forms one city or
// month is written in are added up under the city's code and the month as YYYY-MM.

export interface ReconciliationRow {
  /** The city's code in the policy library; null for a city the library does not know. */
  cityCode: string | null;
  /** The city as the old system wrote it (its first form seen). */
  city: string;
  /** The city's names in the policy library; null for a city it does not know. */
  names: { 'zh-CN': string; en: string } | null;
  /** YYYY-MM, or the month as written when it cannot be read. */
  month: string;
  legacy: { lines: number; employerFen: number; employeeFen: number };
  accepted: { lines: number; employerFen: number; employeeFen: number };
  promoted: { lines: number; employerFen: number; employeeFen: number };
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  totals: { legacy: ReconciliationRow['legacy']; accepted: ReconciliationRow['accepted']; promoted: ReconciliationRow['promoted'] };
}

type Sum = { lines: number; employerFen: number; employeeFen: number };
const zero = (): Sum => ({ lines: 0, employerFen: 0, employeeFen: 0 });
const add = (into: Sum, lines: number, employerFen: number, employeeFen: number) => {
  into.lines += lines;
  into.employerFen += employerFen;
  into.employeeFen += employeeFen;
};

/** A month as legacy exports write it (2024-07, 202407, 2024/7) as YYYY-MM; null when it is none of these. */
function monthOf(text: string): string | null {
  const m = /^(\d{4})-?(\d{2})$/.exec(text) ?? /^(\d{4})\/(\d{1,2})$/.exec(text);
  return m && +m[2]! >= 1 && +m[2]! <= 12 ? `${m[1]}-${m[2]!.padStart(2, '0')}` : null;
}

export async function migrationReconciliation(db: Kysely<Database>, tenantId: string, runId: string, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<Reconciliation> {
  const { run, promoted } = await withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['report']).where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    const promoted = await sql<{ city_code: string; month: string; lines: string; employer: string; employee: string }>`select city_code, month, count(*)::text as lines,
        sum(employer_fen)::text as employer, sum(employee_fen)::text as employee
      from contribution_history where tenant_id = ${tenantId} and run_id = ${runId} group by city_code, month`.execute(trx);
    return { run, promoted: promoted.rows };
  });
  const rows = new Map<string, ReconciliationRow>();
  const rowOf = (city: string, month: string) => {
    const ref = library.findCity(city);
    const key = `${ref?.code ?? `?${city}`}|${month}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { cityCode: ref?.code ?? null, city, names: ref ? { 'zh-CN': ref.zh, en: ref.en } : null, month, legacy: zero(), accepted: zero(), promoted: zero() }));
    return row;
  };
  const report = (run.report ?? {}) as Record<string, Partial<Record<'lines' | 'employerFen' | 'employeeFen' | 'acceptedLines' | 'acceptedEmployerFen' | 'acceptedEmployeeFen', number>>>;
  for (const [key, sum] of Object.entries(report)) {
    const at = key.lastIndexOf('|');
    const city = key.slice(0, at);
    const written = key.slice(at + 1);
    const row = rowOf(city, monthOf(written) ?? written);
    add(row.legacy, sum.lines ?? 0, sum.employerFen ?? 0, sum.employeeFen ?? 0);
    add(row.accepted, sum.acceptedLines ?? 0, sum.acceptedEmployerFen ?? 0, sum.acceptedEmployeeFen ?? 0);
  }
  for (const p of promoted) add(rowOf(p.city_code, p.month).promoted, Number(p.lines), Number(p.employer), Number(p.employee));
  const sorted = [...rows.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : (a.cityCode ?? `~${a.city}`).localeCompare(b.cityCode ?? `~${b.city}`)));
  const totals = { legacy: zero(), accepted: zero(), promoted: zero() };
  for (const r of sorted) for (const k of ['legacy', 'accepted', 'promoted'] as const) add(totals[k], r[k].lines, r[k].employerFen, r[k].employeeFen);
  return { rows: sorted, totals };
}
