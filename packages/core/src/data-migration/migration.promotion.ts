import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { PromotedBatch, PromoteMigrationInput, PromotionOutcome, PromotionPlan } from '@lianxu/workflows';
import { maskIdNumber, type PersonalDataVault } from '../shared/index';
import { sandboxSchema } from './migration.loader';
import { MigrationError } from './migration.package';
import { MIGRATION_FILES } from './migration.mapping';
import { assertSignedOff } from './migration.sign-off';
import { cityEntities, entityForCity } from './migration.entities';

// Promotion of a validated run into the live tenant. Each batch of sandbox employees goes in as one
// transaction together with its batch number on the run (checked under the run's row lock first),
// so a batch that committed is never written again and one that did not left nothing behind. Every
// key is derived from the run and the source row (md5 → uuid), so even a write outside that
// guard lands on the same rows. Migrated employees are history, not hires: no employment event,
// no filing task, no outbox start; their coverage arrives as periods the bureau already confirmed,
// their paid months as contribution_history lines.

type Trx = Kysely<Database>;
export interface PromotionDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
}

const notFound = () => new MigrationError(404, 'migration_run_not_found', { 'zh-CN': '没有这个迁移批次', en: 'No such migration run' });

async function lockRun(trx: Trx, tenantId: string, runId: string) {
  const run = await trx.selectFrom('migration_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', runId).forUpdate().executeTakeFirst();
  if (!run) throw notFound();
  return run;
}

/** A run whose three files are loaded becomes validated: promotion may start. */
export async function markRunValidated(db: Kysely<Database>, tenantId: string, runId: string): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    const run = await lockRun(trx, tenantId, runId);
    if (run.status === 'validated') return;
    const missing = MIGRATION_FILES.filter((f) => !run.loaded_files.includes(f));
    if (run.status !== 'loading' || missing.length)
      throw new MigrationError(409, 'migration_not_loaded', {
        'zh-CN': `迁移批次尚未装载完成（缺少：${missing.join('、') || run.status}）`,
        en: `The run is not fully loaded (missing: ${missing.join(', ') || run.status})`,
      });
    await trx.updateTable('migration_runs').set({ status: 'validated', updated_at: sql<string>`now()` as never }).where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
  });
}

export async function beginPromotion(deps: PromotionDeps, input: PromoteMigrationInput): Promise<PromotionPlan> {
  return withTenant(deps.db, input.tenantId, async (trx) => {
    const run = await lockRun(trx, input.tenantId, input.runId);
    if (!['validated', 'promoting', 'promoted'].includes(run.status))
      throw new MigrationError(409, 'migration_not_validated', { 'zh-CN': '迁移批次尚未通过校验，不能转入正式数据', en: 'The run has not passed validation and cannot be promoted' });
    // Both sign-offs, checked here too and not only by the route: whoever starts the workflow, a run
    // that the consultant and the tenant admin have not both signed off is never promoted.
    assertSignedOff({ status: run.status, sign_offs: run.sign_offs as Record<string, unknown> });
    // A resumed promotion keeps the batch size it started with: batch numbers must mean the same rows.
    const batchSize = run.promotion_batch_size ?? input.batchSize;
    let total = run.promotion_total;
    if (total === null) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(`${sandboxSchema(input.runId)}.employees`)}`.execute(trx);
      total = Number(rows[0]!.n);
      const accepted = run.counts.roster?.accepted;
      if (accepted !== undefined && accepted !== total) throw new Error(`sandbox holds ${total} employees, the run counted ${accepted} accepted`);
    }
    if (run.status === 'validated')
      await trx.updateTable('migration_runs').set({ status: 'promoting', promotion_total: total, promotion_batch_size: batchSize, updated_at: sql<string>`now()` as never })
        .where('tenant_id', '=', input.tenantId).where('id', '=', input.runId).execute();
    return { total, batchSize, batches: Math.ceil(total / batchSize), done: [...run.promoted_batches].sort((a, b) => a - b) };
  });
}

interface SandboxEmployee {
  source_row: number;
  name: string;
  id_number: string;
  hukou: 'local' | 'non-local' | null;
  city_code: string;
  hire_date: string;
  leave_date: string | null;
  wage_fen: string;
  custom_fields: Record<string, unknown>;
}

export async function promoteBatch(deps: PromotionDeps, input: { tenantId: string; runId: string; batch: number; batchSize: number }, heartbeat: () => void = () => undefined): Promise<PromotedBatch> {
  const { tenantId: t, runId, batch, batchSize } = input;
  const schema = sandboxSchema(runId);
  return withTenant(deps.db, t, async (trx) => {
    const run = await lockRun(trx, t, runId);
    if (run.promoted_batches.includes(batch)) return { batch, promoted: 0, coveragePeriods: 0, historyLines: 0, conflicts: 0, alreadyDone: true };
    if (run.status !== 'promoting') throw new MigrationError(409, 'migration_not_promoting', { 'zh-CN': '迁移批次不在转入中', en: 'The run is not being promoted' });
    const { rows } = await sql<SandboxEmployee>`select source_row, name, id_number, hukou, city_code, to_char(hire_date, 'YYYY-MM-DD') as hire_date,
        to_char(leave_date, 'YYYY-MM-DD') as leave_date, wage_fen, custom_fields from ${sql.table(`${schema}.employees`)}
      order by source_row offset ${batch * batchSize} limit ${batchSize}`.execute(trx);
    // The one entity registered in the employee's city (validation quarantined a row without exactly one).
    const entities = await cityEntities(trx, t);
    const key = (kind: string, row: number) => sql<string>`md5(${`${runId}:${kind}:${row}`})::uuid`;
    const prepared = rows.map((r) => ({ r, id: '', index: deps.vault.blindIndex(t, r.id_number), active: r.leave_date === null }));
    const ids = rows.length ? (await sql<{ row: number; id: string }>`select u.row, md5(${runId} || ':employee:' || u.row)::uuid as id from unnest(${rows.map((r) => r.source_row)}::int[]) as u(row)`.execute(trx)).rows : [];
    const idOf = new Map(ids.map((x) => [x.row, x.id]));
    for (const p of prepared) p.id = idOf.get(p.r.source_row)!;
    // A person the live tenant already employs (hired there before the move) is left out and counted.
    const live = prepared.length
      ? await trx.selectFrom('employees').select('id_number_index').where('tenant_id', '=', t).where('status', '=', 'active')
        .where('id_number_index', 'in', prepared.filter((p) => p.active).map((p) => p.index).concat([Buffer.alloc(0)]))
        .where('id', 'not in', prepared.map((p) => p.id)).execute()
      : [];
    const taken = new Set(live.map((l) => l.id_number_index.toString('hex')));
    const going = prepared.filter((p) => !(p.active && taken.has(p.index.toString('hex'))));
    let promoted = 0;
    let coveragePeriods = 0;
    let historyLines = 0;
    if (going.length) {
      const values = [];
      for (const p of going) {
        const sealed = await deps.vault.encrypt(trx, t, p.r.id_number);
        values.push({
          tenant_id: t, id: p.id, entity_id: entityForCity(entities, p.r.city_code), name: p.r.name, mobile: '', id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId,
          id_number_index: p.index, id_number_masked: maskIdNumber(p.r.id_number), hukou: p.r.hukou ?? 'local', work_city: p.r.city_code, hire_date: p.r.hire_date,
          termination_date: p.r.leave_date, monthly_wage_fen: p.r.wage_fen, status: p.active ? ('active' as const) : ('terminated' as const),
          custom_fields: JSON.stringify(p.r.custom_fields ?? {}),
        });
      }
      heartbeat();
      const inserted = await trx.insertInto('employees').values(values).onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).returning('id').execute();
      promoted = inserted.length;
      await trx.insertInto('wage_history').values(going.map((p) => ({
        tenant_id: t, employee_id: p.id, effective_from: p.r.hire_date, monthly_wage_fen: p.r.wage_fen, event_id: key('wage', p.r.source_row) as never,
      }))).onConflict((oc) => oc.columns(['tenant_id', 'employee_id', 'effective_from']).doNothing()).execute();
      coveragePeriods = await insertCoverageHistory(trx, t, runId, going.map((p) => ({ idNumber: p.r.id_number, employeeId: p.id, active: p.active })));
      heartbeat();
      historyLines = await insertContributionHistory(trx, t, runId, going.map((p) => ({ idNumber: p.r.id_number, employeeId: p.id })));
    }
    await trx.updateTable('migration_runs')
      .set({
        promoted: sql<number>`promoted + ${promoted}` as never,
        promotion_conflicts: sql<number>`promotion_conflicts + ${prepared.length - going.length}` as never,
        promoted_batches: sql<number[]>`array_append(promoted_batches, ${batch}::int)` as never,
        history_lines: sql<number>`history_lines + ${historyLines}` as never,
        updated_at: sql<string>`now()` as never,
      })
      .where('tenant_id', '=', t).where('id', '=', runId).execute();
    return { batch, promoted, coveragePeriods, historyLines, conflicts: prepared.length - going.length, alreadyDone: false };
  });
}

/**
 * The employees' covered months from the sandbox as coverage periods: consecutive months in one
 * city make one period; the last one stays open while the employee is active. Keyed by run, person,
 * city and first month, so a second write lands on the same rows.
 */
async function insertCoverageHistory(trx: Trx, tenantId: string, runId: string, people: { idNumber: string; employeeId: string; active: boolean }[]): Promise<number> {
  const { numAffectedRows } = await sql`
    with emp as (select * from unnest(${people.map((p) => p.idNumber)}::text[], ${people.map((p) => p.employeeId)}::uuid[], ${people.map((p) => p.active)}::bool[]) as e(id_number, employee_id, active)),
    months as (select distinct c.id_number, c.city_code, c.month,
                      (substr(c.month, 1, 4)::int * 12 + substr(c.month, 6, 2)::int) as n
                 from ${sql.table(`${sandboxSchema(runId)}.coverage`)} c join emp using (id_number)),
    islands as (select id_number, city_code, min(month) as start_month, max(month) as end_month
                  from (select *, n - row_number() over (partition by id_number, city_code order by n) as grp from months) m
                 group by id_number, city_code, grp),
    last as (select id_number, max(month) as last_month from months group by id_number)
    insert into coverage_periods (tenant_id, employee_id, city_code, start_month, end_month, opened_by, closed_by)
    select ${tenantId}::uuid, e.employee_id, i.city_code, i.start_month,
           case when e.active and i.end_month = l.last_month then null else i.end_month end,
           md5(${runId} || ':open:' || i.id_number || ':' || i.city_code || ':' || i.start_month)::uuid,
           case when e.active and i.end_month = l.last_month then null else md5(${runId} || ':close:' || i.id_number || ':' || i.city_code || ':' || i.start_month)::uuid end
      from islands i join emp e using (id_number) join last l using (id_number)
    on conflict (tenant_id, opened_by) do nothing`.execute(trx);
  return Number(numAffectedRows ?? 0);
}

/**
 * The employees' accepted legacy contribution lines as contribution history: what was paid for each
 * month and insurance before the move, never filed or billed again. Keyed by run and source row.
 */
async function insertContributionHistory(trx: Trx, tenantId: string, runId: string, people: { idNumber: string; employeeId: string }[]): Promise<number> {
  const { numAffectedRows } = await sql`
    with emp as (select * from unnest(${people.map((p) => p.idNumber)}::text[], ${people.map((p) => p.employeeId)}::uuid[]) as e(id_number, employee_id))
    insert into contribution_history (tenant_id, id, employee_id, run_id, city_code, month, insurance, base_fen, employer_fen, employee_fen)
    select ${tenantId}::uuid, md5(${runId} || ':line:' || l.source_row)::uuid, e.employee_id, ${runId}::uuid, l.city_code, l.month, l.insurance,
           l.base_fen, l.employer_fen, l.employee_fen
      from ${sql.table(`${sandboxSchema(runId)}.contribution_lines`)} l join emp e using (id_number)
    on conflict do nothing`.execute(trx);
  return Number(numAffectedRows ?? 0);
}

export async function finishPromotion(deps: PromotionDeps, input: { tenantId: string; runId: string }): Promise<PromotionOutcome> {
  return withTenant(deps.db, input.tenantId, async (trx) => {
    const run = await lockRun(trx, input.tenantId, input.runId);
    const outcome = { tenantId: input.tenantId, runId: input.runId, total: run.promotion_total ?? 0, promoted: run.promoted, conflicts: run.promotion_conflicts };
    if (run.status === 'promoted') return outcome;
    const batches = Math.ceil((run.promotion_total ?? 0) / (run.promotion_batch_size ?? 1));
    if (run.status !== 'promoting' || new Set(run.promoted_batches).size !== batches) throw new Error(`run ${input.runId} is ${run.status} with ${run.promoted_batches.length} of ${batches} batches in`);
    await trx.updateTable('migration_runs').set({ status: 'promoted', promoted_at: sql<Date>`now()` as never, updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', input.tenantId).where('id', '=', input.runId).execute();
    // Once, in the same transaction as the state change (webhook_event writes the outbox row when an endpoint wants it).
    await sql`select webhook_event(${input.tenantId}::uuid, 'migration.promoted', ${input.runId}, ${JSON.stringify(outcome)}::jsonb)`.execute(trx);
    return outcome;
  });
}
