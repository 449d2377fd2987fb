import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { maskIdNumber, type PersonalDataVault } from '../shared/index';
import { sandboxSchema } from './migration.loader';
import { sandboxDropped, sandboxExists } from './migration.sandbox-drop';
import { migrationRunNotFound } from './migration.views';

// What promotion would do to the live tenant, computed from the sandbox and read-only: the
// employees it would create, the live employees matched by ID number (blind index) with the fields
// that differ (promotion leaves an active match out as a conflict and changes nothing of it), the
// coverage periods and contribution history lines it would add, and the same counts per city. It
// follows promotion's own rules (migration.promotion.ts): the same keys, so rows a promotion
// already wrote are not counted again.

export interface DryRunChange {
  field: 'name' | 'hukou' | 'workCity' | 'hireDate' | 'terminationDate' | 'monthlyWageFen' | 'customFields';
  live: string | null;
  sandbox: string | null;
}

export interface DryRunDiff {
  employees: { sandbox: number; create: number; matched: number; alreadyPromoted: number };
  coveragePeriods: number;
  contributionLines: number;
  cities: { city: string; create: number; matched: number; coveragePeriods: number; contributionLines: number }[];
  /** The first employees to be created (by source row). */
  created: { row: number; name: string; idNumberMasked: string; city: string; hireDate: string; leaveDate: string | null }[];
  /** Live employees with the same ID number: the fields that differ, and whether promotion leaves the person out. */
  matched: { row: number; employeeId: string; name: string; idNumberMasked: string; city: string; leftOut: boolean; changes: DryRunChange[] }[];
}

const LIST_LIMIT = 200;

interface SandboxRow {
  source_row: number;
  id: string;
  name: string;
  id_number: string;
  hukou: string | null;
  city_code: string;
  hire_date: string;
  leave_date: string | null;
  wage_fen: string;
  custom_fields: Record<string, unknown>;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function changesOf(s: SandboxRow, live: { name: string; hukou: string; work_city: string; hire_date: string; termination_date: string | null; monthly_wage_fen: string; custom_fields: Record<string, unknown> }): DryRunChange[] {
  const pairs: [DryRunChange['field'], unknown, unknown][] = [
    ['name', live.name, s.name], ['hukou', live.hukou, s.hukou ?? 'local'], ['workCity', live.work_city, s.city_code], ['hireDate', live.hire_date, s.hire_date],
    ['terminationDate', live.termination_date, s.leave_date], ['monthlyWageFen', live.monthly_wage_fen, s.wage_fen],
  ];
  const out = pairs.filter(([, a, b]) => text(a) !== text(b)).map(([field, a, b]) => ({ field, live: text(a), sandbox: text(b) }));
  const keys = Object.keys(s.custom_fields ?? {}).filter((k) => JSON.stringify(live.custom_fields?.[k] ?? null) !== JSON.stringify(s.custom_fields[k]));
  if (keys.length)
    out.push({ field: 'customFields', live: JSON.stringify(Object.fromEntries(keys.map((k) => [k, live.custom_fields?.[k] ?? null]))), sandbox: JSON.stringify(Object.fromEntries(keys.map((k) => [k, s.custom_fields[k]]))) });
  return out;
}

/** The dry-run diff of a loaded run (nothing is written). */
export async function migrationDryRun(deps: { db: Kysely<Database>; vault: PersonalDataVault }, tenantId: string, runId: string): Promise<DryRunDiff> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('loaded_files').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    const empty: DryRunDiff = { employees: { sandbox: 0, create: 0, matched: 0, alreadyPromoted: 0 }, coveragePeriods: 0, contributionLines: 0, cities: [], created: [], matched: [] };
    if (!run.loaded_files.includes('roster')) return empty;
    if (!(await sandboxExists(trx, runId))) throw sandboxDropped();
    const s = (name: string) => sql.table(`${sandboxSchema(runId)}.${name}`);
    const { rows } = await sql<SandboxRow>`select source_row, md5(${runId} || ':employee:' || source_row)::uuid as id, name, id_number, hukou, city_code,
        to_char(hire_date, 'YYYY-MM-DD') as hire_date, to_char(leave_date, 'YYYY-MM-DD') as leave_date, wage_fen, custom_fields
      from ${s('employees')} order by source_row`.execute(trx);
    const promotedIds = new Set(rows.length ? (await trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('id', 'in', rows.map((r) => r.id)).execute()).map((e) => e.id) : []);
    const pending = rows.filter((r) => !promotedIds.has(r.id)).map((r) => ({ r, index: deps.vault.blindIndex(tenantId, r.id_number) }));
    const live = pending.length
      ? await trx.selectFrom('employees')
        .select(['id', 'id_number_index', 'name', 'hukou', 'work_city', sql<string>`to_char(hire_date, 'YYYY-MM-DD')`.as('hire_date'), sql<string | null>`to_char(termination_date, 'YYYY-MM-DD')`.as('termination_date'), 'monthly_wage_fen', 'status', 'custom_fields'])
        .where('tenant_id', '=', tenantId).where('id_number_index', 'in', pending.map((p) => p.index)).orderBy('created_at').execute()
      : [];
    const byIndex = new Map<string, (typeof live)[number]>();
    for (const l of live) if (!byIndex.has(l.id_number_index.toString('hex')) || l.status === 'active') byIndex.set(l.id_number_index.toString('hex'), l);
    const going: SandboxRow[] = [];
    const diff = empty;
    const city = new Map<string, DryRunDiff['cities'][number]>();
    const cityOf = (c: string) => city.get(c) ?? (city.set(c, { city: c, create: 0, matched: 0, coveragePeriods: 0, contributionLines: 0 }), city.get(c)!);
    for (const { r, index } of pending) {
      const match = byIndex.get(index.toString('hex'));
      // Promotion's rule: an active person the live tenant employs (active) is left out.
      const leftOut = !!match && r.leave_date === null && match.status === 'active';
      if (match) {
        diff.employees.matched += 1;
        cityOf(r.city_code).matched += 1;
        if (diff.matched.length < LIST_LIMIT)
          diff.matched.push({ row: r.source_row, employeeId: match.id, name: r.name, idNumberMasked: maskIdNumber(r.id_number), city: r.city_code, leftOut,
            changes: changesOf(r, { ...match, monthly_wage_fen: String(match.monthly_wage_fen), custom_fields: (match.custom_fields ?? {}) as Record<string, unknown> }) });
      }
      if (leftOut) continue;
      going.push(r);
      cityOf(r.city_code).create += 1;
      if (diff.created.length < LIST_LIMIT)
        diff.created.push({ row: r.source_row, name: r.name, idNumberMasked: maskIdNumber(r.id_number), city: r.city_code, hireDate: r.hire_date, leaveDate: r.leave_date });
    }
    diff.employees = { sandbox: rows.length, create: going.length, matched: diff.employees.matched, alreadyPromoted: promotedIds.size };
    if (going.length) {
      const ids = going.map((g) => g.id_number);
      const periods = await sql<{ city_code: string; n: number }>`
        with months as (select distinct c.id_number, c.city_code, c.month, (substr(c.month, 1, 4)::int * 12 + substr(c.month, 6, 2)::int) as n
                          from ${s('coverage')} c where c.id_number = any(${ids}::text[])),
        islands as (select id_number, city_code, min(month) as start_month
                      from (select *, n - row_number() over (partition by id_number, city_code order by n) as grp from months) m group by id_number, city_code, grp)
        select i.city_code, count(*)::int as n from islands i
         where not exists (select 1 from coverage_periods p where p.tenant_id = ${tenantId}::uuid
                             and p.opened_by = md5(${runId} || ':open:' || i.id_number || ':' || i.city_code || ':' || i.start_month)::uuid)
         group by 1`.execute(trx);
      const lines = await sql<{ city_code: string; n: number }>`select l.city_code, count(*)::int as n from ${s('contribution_lines')} l
         where l.id_number = any(${ids}::text[])
           and not exists (select 1 from contribution_history h where h.tenant_id = ${tenantId}::uuid and h.id = md5(${runId} || ':line:' || l.source_row)::uuid)
         group by 1`.execute(trx);
      for (const p of periods.rows) (cityOf(p.city_code).coveragePeriods += p.n), (diff.coveragePeriods += p.n);
      for (const l of lines.rows) (cityOf(l.city_code).contributionLines += l.n), (diff.contributionLines += l.n);
    }
    diff.cities = [...city.values()].sort((a, b) => a.city.localeCompare(b.city));
    return diff;
  });
}
