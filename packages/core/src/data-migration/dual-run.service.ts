import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { withTenant, type DualRunDifferenceClass, type DualRunMode } from '@lianxu/db';
import type { DualRunRetirement } from '@lianxu/workflows';
import { dualRunSource, loadDualRun, type DualRunDeps } from './dual-run.day';
import { MigrationError, packMigration } from './migration.package';
import { dropSandboxIn } from './migration.sandbox-drop';
import { connectLegacySourceRetryable, legacySourceOf, probeLegacySource, sealLegacySource, type LegacySource } from './migration.source';

// Starting a dual run, the mode's sign-off, people's word on a difference, and retirement: the old
// system's final snapshot packed like a migration package (AES-256-GCM, signed manifest) under a
// new key sealed by the tenant's vault, kept until its retention date; then the source is forgotten.

const conflict = (code: string, zh: string, en: string) => new MigrationError(409, code, { 'zh-CN': zh, en });

export interface StartDualRunInput {
  runId: string;
  /**
   * The old system's read-only database, connected like a migration's source (TLS per sslmode) and
   * stored sealed; by default the source the run was loaded from (a run loaded from a package has
   * none, so it must be given).
   */
  source?: LegacySource;
  startDay: string;
  daysTotal?: number;
  cleanDaysRequired?: number;
  tolerance?: number;
  payDay?: number;
  actorId?: string | null;
}

/**
 * Records the run's dual run (once; a second start with the run already there is refused). The
 * source is connected first, before anything is written: one the server cannot serve as its sslmode
 * asks (require without TLS) is refused naming TLS and no dual run is created.
 */
export async function createDualRun(deps: DualRunDeps, tenantId: string, input: StartDualRunInput): Promise<void> {
  const exists = await withTenant(deps.db, tenantId, async (trx) => {
    const mig = await trx.selectFrom('migration_runs').select('status').where('tenant_id', '=', tenantId).where('id', '=', input.runId).executeTakeFirst();
    if (!mig) throw new MigrationError(404, 'migration_run_not_found', { 'zh-CN': '没有这个迁移批次', en: 'No such migration run' });
    if (mig.status !== 'promoted') throw conflict('migration_not_promoted', '迁移批次尚未转入正式数据，不能开始并行运行', 'The run is not promoted yet; the dual run cannot start');
    return trx.selectFrom('dual_runs').select('run_id').where('tenant_id', '=', tenantId).where('run_id', '=', input.runId).executeTakeFirst();
  });
  if (exists) throw dualRunExists();
  const source = input.source ?? (await legacySourceOf(deps, tenantId, input.runId));
  if (!source)
    throw new MigrationError(400, 'dual_run_source_required', { 'zh-CN': '该迁移批次由数据包导入，须提供旧系统数据库连接', en: "The run was loaded from a package: give the old system's database source" },
      { source: { 'zh-CN': '必填：旧系统只读数据库的地址与 sslmode', en: "required: the old system's read-only database URL and sslmode" } });
  await probeLegacySource(source);
  await withTenant(deps.db, tenantId, async (trx) => {
    const sealed = await sealLegacySource(trx, deps.vault, tenantId, source);
    const inserted = await trx.insertInto('dual_runs').values({
      tenant_id: tenantId, run_id: input.runId, start_day: input.startDay, days_total: input.daysTotal, clean_days_required: input.cleanDaysRequired,
      tolerance: input.tolerance, pay_day: input.payDay, subject_salt: randomBytes(16).toString('hex'), source_cipher: sealed.cipher, source_key_id: sealed.keyId,
      created_by: input.actorId ?? null,
    }).onConflict((oc) => oc.columns(['tenant_id', 'run_id']).doNothing()).returning('run_id').executeTakeFirst();
    if (!inserted) throw dualRunExists();
  });
}
const dualRunExists = () => conflict('dual_run_exists', '这个迁移批次的并行运行已开始', 'The dual run of this migration has already started');

/** Shadow → live (Lianxu files) or back, signed off by the person who switches. */
export async function switchDualRunMode(deps: Pick<DualRunDeps, 'db'>, tenantId: string, runId: string, mode: DualRunMode, actorId: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const run = await loadDualRun(trx, tenantId, runId, true);
    if (run.status === 'retired') throw conflict('dual_run_retired', '并行运行已结束', 'The dual run is closed');
    await trx.updateTable('dual_runs').set({ mode, mode_signed_off_by: actorId, mode_signed_off_at: sql<Date>`now()` as never, updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', tenantId).where('run_id', '=', runId).execute();
  });
}

/** A person's class, assignee, note or explanation for a difference. */
export async function updateDifference(deps: Pick<DualRunDeps, 'db'>, tenantId: string, runId: string, id: string,
  change: { class?: DualRunDifferenceClass; assigneeUserId?: string | null; note?: string; explained?: boolean }): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const row = await trx.selectFrom('dual_run_differences').select('status').where('tenant_id', '=', tenantId).where('run_id', '=', runId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new MigrationError(404, 'dual_run_difference_not_found', { 'zh-CN': '没有这处差异', en: 'No such difference' });
    if (change.assigneeUserId) {
      const member = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', change.assigneeUserId).executeTakeFirst();
      if (!member) throw new MigrationError(404, 'dual_run_assignee_not_found', { 'zh-CN': '该用户不是本单位的成员', en: 'That user is not a member of this company' });
    }
    const status = change.explained === undefined || row.status === 'gone' ? undefined : change.explained ? ('explained' as const) : ('open' as const);
    await trx.updateTable('dual_run_differences').set({
      ...(change.class ? { class: change.class } : {}), ...(change.assigneeUserId !== undefined ? { assignee_user_id: change.assigneeUserId } : {}),
      ...(change.note !== undefined ? { note: change.note } : {}), ...(status ? { status } : {}), updated_at: sql<string>`now()` as never,
    }).where('tenant_id', '=', tenantId).where('run_id', '=', runId).where('id', '=', id).execute();
  });
}

/** Refuses unless the clean-day rule holds (retirement is on offer). */
export async function assertRetirementOffered(deps: Pick<DualRunDeps, 'db'>, tenantId: string, runId: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const run = await loadDualRun(trx, tenantId, runId);
    if (run.status === 'retired') throw conflict('dual_run_retired', '并行运行已结束', 'The dual run is closed');
    if (run.status !== 'retirement_offered')
      throw conflict('dual_run_not_clean', `尚未满足退役条件：需运行满 ${run.days_total} 天且连续 ${run.clean_days_required} 天无差异（当前连续 ${run.clean_streak} 天）`,
        `Retirement is not offered yet: it needs ${run.days_total} days and ${run.clean_days_required} clean days in a row (now ${run.clean_streak})`);
  });
}

const TABLES = { roster: ['花名册', 'select emp_no, name, id_number, hukou, city, hire_date, leave_date, wage from employees order by emp_no'],
  coverage: ['参保明细', 'select id_number, name, city, insurance, month, status from coverage order by seq'],
  contributions: ['缴费明细', 'select id_number, name, city, month, insurance, base, employer, employee from contributions order by seq'] } as const;
const csvCell = (v: unknown) => { const s = v === null || v === undefined ? '' : String(v); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

/** Archives the old system's final snapshot encrypted, disconnects the source and closes the run. */
export async function retireDualRun(deps: DualRunDeps, input: { tenantId: string; runId: string; userId: string }): Promise<DualRunRetirement> {
  const { tenantId: t, runId } = input;
  const run = await withTenant(deps.db, t, (trx) => loadDualRun(trx, t, runId));
  const archive = run.archive as (DualRunRetirement & { file: string }) | null;
  if (run.status === 'retired' && archive) return { tenantId: t, runId, retentionUntil: archive.retentionUntil, archiveFile: archive.archiveFile };
  await assertRetirementOffered(deps, t, runId);
  const source = await withTenant(deps.db, t, (trx) => dualRunSource(deps, trx, run));
  const client = await connectLegacySourceRetryable(source);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-dual-run-'));
  const archiveDir = path.join(deps.archiveDir ?? path.join(os.tmpdir(), 'lianxu-archives'), t);
  await mkdir(archiveDir, { recursive: true });
  try {
    const files: string[] = [];
    for (const [name, query] of Object.values(TABLES)) {
      const file = path.join(dir, `${name}.csv`);
      const { rows, fields } = await client.query({ text: query, rowMode: 'array' });
      const out = createWriteStream(file);
      out.write(`${fields.map((f) => f.name).join(',')}\n`);
      for (const r of rows as unknown[][]) out.write(`${r.map(csvCell).join(',')}\n`);
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      files.push(file);
    }
    const transferKey = randomBytes(32);
    const archiveFile = path.join(archiveDir, `${runId}-final.lxpkg`);
    const manifest = await packMigration({ files, out: archiveFile, keyOut: `${archiveFile}.key`, tenantId: t, transferKey });
    const retentionUntil = `${Number(new Date().toISOString().slice(0, 4)) + (deps.retentionYears ?? 10)}${new Date().toISOString().slice(4, 10)}`;
    await withTenant(deps.db, t, async (trx) => {
      const locked = await loadDualRun(trx, t, runId, true);
      if (locked.status !== 'retirement_offered') throw conflict('dual_run_not_clean', '退役条件已不再满足', 'Retirement is no longer offered');
      const sealedKey = await deps.vault.encrypt(trx, t, transferKey.toString('base64'));
      const record = { archiveFile, keyFile: `${archiveFile}.key`, retentionUntil, files: manifest.files.map((f) => ({ name: f.name, rows: f.rows, sha256: f.sha256 })),
        transferKey: { cipher: sealedKey.cipher.toString('base64'), keyId: sealedKey.keyId } };
      await trx.updateTable('dual_runs').set({ status: 'retired', archive: JSON.stringify(record), source_cipher: null, source_key_id: null,
        source_disconnected_at: sql<Date>`now()` as never, retired_by: input.userId, retired_at: sql<Date>`now()` as never, updated_at: sql<string>`now()` as never })
        .where('tenant_id', '=', t).where('run_id', '=', runId).execute();
      // The snapshot is archived: the run's sandbox goes with the same commit (migration.sandbox-drop.ts).
      await dropSandboxIn(trx, runId);
    });
    await writeFile(path.join(archiveDir, `${runId}-final.retention`), `${retentionUntil}\n`);
    return { tenantId: t, runId, retentionUntil, archiveFile };
  } finally {
    await client.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}


