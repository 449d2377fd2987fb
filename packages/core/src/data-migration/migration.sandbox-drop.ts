import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { DomainError } from '../shared/index';
import { MigrationError } from './migration.package';
import { sandboxSchema } from './migration.loader';

// The end of a run's sandbox. The sandbox holds the legacy rows (names, ID numbers, wages) only
// for validation and promotion; once the dual run retired (its final snapshot archived, encrypted)
// or the run was abandoned, the schema is dropped with everything in it by migration_sandbox_drop,
// the SECURITY DEFINER function that admits only a run of the caller's tenant. The live tables are
// not touched: promotion copied what they needed. A run whose sandbox is gone says so (410)
// instead of failing on a missing table.

type Trx = Kysely<Database>;

export const sandboxDropped = () =>
  new DomainError(410, 'migration_sandbox_dropped', {
    'zh-CN': '该迁移批次的沙箱已删除（并行运行已退役或批次已放弃），校验明细和隔离区不再保留',
    en: "The run's sandbox was dropped (the dual run retired or the run was abandoned); its findings and quarantine are no longer kept",
  });

/** Whether the run's sandbox schema exists (inside a tenant transaction). */
export async function sandboxExists(trx: Trx, runId: string): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regnamespace(${sandboxSchema(runId)}) is not null as present`.execute(trx);
  return rows[0]?.present ?? false;
}

/** Drops the run's sandbox schema in the caller's transaction; true when there was one. */
export async function dropSandboxIn(trx: Trx, runId: string): Promise<boolean> {
  const existed = await sandboxExists(trx, runId);
  if (existed) await sql`select migration_sandbox_drop(${runId}::uuid)`.execute(trx);
  return existed;
}

/** Drops the run's sandbox (after the dual run's retirement); repeating it changes nothing. */
export async function dropRunSandbox(db: Kysely<Database>, tenantId: string, runId: string): Promise<boolean> {
  return withTenant(db, tenantId, (trx) => dropSandboxIn(trx, runId));
}

/**
 * Abandons a run that was never promoted: the run is closed as failed with the reason "abandoned"
 * (a new load of a package may start it again), its sealed load key wiped and its sandbox dropped,
 * in one transaction. A run being loaded or promoted, or promoted, is refused (409).
 */
export async function abandonMigrationRun(db: Kysely<Database>, tenantId: string, runId: string, by: { email: string }): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['status', 'load_key_id']).where('tenant_id', '=', tenantId).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) throw new MigrationError(404, 'migration_run_not_found', { 'zh-CN': '没有这个迁移批次', en: 'No such migration run' });
    if (['promoting', 'promoted'].includes(run.status) || (run.status === 'loading' && run.load_key_id !== null))
      throw new MigrationError(409, 'migration_not_abandonable', {
        'zh-CN': '正在装载、正在转入或已转入的迁移批次不能放弃',
        en: 'A run being loaded, being promoted or promoted cannot be abandoned',
      });
    await trx.updateTable('migration_runs')
      .set({
        status: 'failed', load_key_cipher: null, load_key_id: null, load_progress: null, sign_offs: '{}',
        failure: JSON.stringify({ code: 'migration_abandoned', 'zh-CN': `已由 ${by.email} 放弃，沙箱已删除`, en: `Abandoned by ${by.email}; the sandbox was dropped` }),
        updated_at: sql<string>`now()` as never,
      })
      .where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
    await dropSandboxIn(trx, runId);
  });
}
