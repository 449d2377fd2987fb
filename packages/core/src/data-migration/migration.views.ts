import { open } from 'node:fs/promises';
import { sql, type Kysely, type Selectable } from 'kysely';
import { withTenant, type Database, type MigrationRunsTable, type MigrationRunStatus } from '@lianxu/db';
import { isUuid } from '../shared/index';
import { MIGRATION_FILES, type MigrationFile } from './migration.mapping';
import { sandboxSchema } from './migration.loader';
import { MigrationError, type PackageManifest } from './migration.package';
import { sandboxDropped, sandboxExists } from './migration.sandbox-drop';

// What the consultant and the tenant admin see of a run: its counts (read = accepted + quarantined
// per file; promoted against accepted employees), promotion progress, and the quarantined rows.

export interface MigrationRunView {
  id: string;
  status: MigrationRunStatus;
  files: string[];
  counts: Record<string, { read: number; accepted: number; quarantined: number }>;
  totals: { read: number; accepted: number; quarantined: number; promoted: number };
  promotion: { total: number | null; promoted: number; conflicts: number; batchesDone: number; batchSize: number | null; promotedAt: string | null; historyLines: number };
  /** The file being loaded now, with its counts so far (not yet committed); null when no load runs. */
  loading: { file: string; read: number; accepted: number; quarantined: number } | null;
  /** Why the last load was refused (a package that failed its checks), in both languages. */
  failure: { code: string; 'zh-CN': string; en: string } | null;
  /** Who signed the validated run off: both are needed before promotion. */
  signOffs: { consultant: { email: string; at: string } | null; tenantAdmin: { email: string; at: string } | null };
  /** The tenant's mapping version the run was loaded (or last re-validated) with; null: proposed from the headers. */
  mappingVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export const migrationRunNotFound = () => new MigrationError(404, 'migration_run_not_found', { 'zh-CN': '没有这个迁移批次', en: 'No such migration run' });

export async function migrationRunView(db: Kysely<Database>, tenantId: string, runId: string): Promise<MigrationRunView> {
  const run = await withTenant(db, tenantId, (trx) => trx.selectFrom('migration_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst());
  if (!run) throw migrationRunNotFound();
  return viewOf(run);
}

/** The tenant's runs, newest first (at most `limit`). */
export async function listMigrationRuns(db: Kysely<Database>, tenantId: string, limit = 100): Promise<MigrationRunView[]> {
  const runs = await withTenant(db, tenantId, (trx) => trx.selectFrom('migration_runs').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute());
  return runs.map(viewOf);
}

function viewOf(run: Selectable<MigrationRunsTable>): MigrationRunView {
  const sign = (s?: { email: string; at: string }) => (s ? { email: s.email, at: s.at } : null);
  const totals = { read: 0, accepted: 0, quarantined: 0, promoted: run.promoted };
  // While a file loads, its counts so far stand in for what an earlier commit of it counted.
  const loading = run.status === 'loading' ? run.load_progress : null;
  const counts = { ...run.counts, ...(loading ? { [loading.file]: { read: loading.read, accepted: loading.accepted, quarantined: loading.quarantined } } : {}) };
  for (const c of Object.values(counts)) {
    totals.read += c.read;
    totals.accepted += c.accepted;
    totals.quarantined += c.quarantined;
  }
  return {
    id: run.id,
    status: run.status,
    files: run.loaded_files,
    counts: run.counts,
    totals,
    promotion: {
      total: run.promotion_total, promoted: run.promoted, conflicts: run.promotion_conflicts, batchesDone: run.promoted_batches.length,
      batchSize: run.promotion_batch_size, promotedAt: run.promoted_at?.toISOString() ?? null, historyLines: run.history_lines,
    },
    loading,
    failure: (run.failure as MigrationRunView['failure']) ?? null,
    signOffs: { consultant: sign(run.sign_offs.consultant), tenantAdmin: sign(run.sign_offs.tenant_admin) },
    mappingVersion: run.mapping_version,
    createdAt: run.created_at.toISOString(),
    updatedAt: run.updated_at.toISOString(),
  };
}

export interface QuarantineQuery {
  file?: MigrationFile;
  /** A finding code (the reason), e.g. id_check_digit. */
  reason?: string;
  limit: number;
  offset: number;
}

export interface QuarantinedRow {
  file: string;
  row: number;
  raw: Record<string, string>;
  reasons: { code: string; column: string | null; level: string; 'zh-CN': string; en: string }[];
}

/** Quarantined rows of a run, by file and row, filtered by file and by reason. */
export async function listQuarantine(db: Kysely<Database>, tenantId: string, runId: string, q: QuarantineQuery): Promise<{ items: QuarantinedRow[]; total: number }> {
  return withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('loaded_files').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (!run.loaded_files.length) return { items: [], total: 0 };
    if (!(await sandboxExists(trx, runId))) throw sandboxDropped();
    const s = sandboxSchema(runId);
    const where = sql`where (${q.file ?? null}::text is null or qr.file = ${q.file ?? null})
      and (${q.reason ?? null}::text is null or exists (select 1 from ${sql.table(`${s}.findings`)} f
           where f.file = qr.file and f.source_row = qr.source_row and f.outcome = 'quarantined' and f.code = ${q.reason ?? null}))`;
    const total = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(`${s}.quarantine`)} qr ${where}`.execute(trx)).rows[0]!.n);
    const { rows } = await sql<{ file: string; source_row: number; raw: Record<string, string>; reasons: QuarantinedRow['reasons'] }>`
      select qr.file, qr.source_row, qr.raw,
             coalesce((select jsonb_agg(jsonb_build_object('code', f.code, 'column', f.column_name, 'level', f.level, 'zh-CN', f.reason_zh, 'en', f.reason_en) order by f.seq)
                         from ${sql.table(`${s}.findings`)} f where f.file = qr.file and f.source_row = qr.source_row and f.outcome = 'quarantined'), '[]'::jsonb) as reasons
        from ${sql.table(`${s}.quarantine`)} qr ${where}
       order by array_position(${[...MIGRATION_FILES]}::text[], qr.file), qr.source_row
       limit ${q.limit} offset ${q.offset}`.execute(trx);
    return { items: rows.map((r) => ({ file: r.file, row: r.source_row, raw: r.raw, reasons: r.reasons })), total };
  });
}

/**
 * The manifest of an uploaded package, read without its key (to name the run and check the
 * tenant); its signature, hashes and key are checked when the run is loaded.
 */
export async function peekPackageManifest(file: string): Promise<PackageManifest> {
  const handle = await open(file, 'r');
  const refuse = (zh: string, en: string) => new MigrationError(422, 'package_format', { 'zh-CN': zh, en });
  try {
    const prefix = Buffer.alloc(12);
    const { bytesRead } = await handle.read(prefix, 0, 12, 0);
    if (bytesRead < 12 || prefix.subarray(0, 8).toString('latin1') !== 'LXMIGPK1') throw refuse('这不是连续的迁移包', 'This is not a Lianxu migration package');
    const length = prefix.readUInt32BE(8);
    if (length > 16 * 1024 * 1024) throw refuse('迁移包的清单已损坏', 'The package manifest is damaged');
    const head = Buffer.alloc(length);
    await handle.read(head, 0, length, 12);
    let manifest: PackageManifest | undefined;
    try {
      manifest = (JSON.parse(head.toString('utf8')) as { manifest?: PackageManifest }).manifest;
    } catch {
      // reported below
    }
    if (!manifest || !isUuid(manifest.runId) || !isUuid(manifest.tenantId) || !Array.isArray(manifest.files))
      throw refuse('迁移包的清单已损坏', 'The package manifest is damaged');
    return manifest;
  } finally {
    await handle.close();
  }
}

export interface ValidationReport {
  /** Findings per level and outcome (quarantined, normalized, noted). */
  levels: { level: string; outcome: string; count: number }[];
  /** Each reason with its level, how many findings, and its wording (of one finding). */
  reasons: { code: string; level: string; outcome: string; count: number; 'zh-CN': string; en: string }[];
}

/** The run's validation report: findings counted per level and outcome, and per reason. */
export async function validationReport(db: Kysely<Database>, tenantId: string, runId: string): Promise<ValidationReport> {
  return withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('loaded_files').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (!run.loaded_files.length) return { levels: [], reasons: [] };
    if (!(await sandboxExists(trx, runId))) throw sandboxDropped();
    const f = sql.table(`${sandboxSchema(runId)}.findings`);
    const levels = (await sql<{ level: string; outcome: string; count: number }>`select level, outcome, count(*)::int as count from ${f} group by 1, 2
      order by array_position(array['quality', 'reference', 'reconciliation'], level), outcome`.execute(trx)).rows;
    const reasons = (await sql<ValidationReport['reasons'][number]>`select code, level, outcome, count(*)::int as count, min(reason_zh) as "zh-CN", min(reason_en) as en
      from ${f} group by 1, 2, 3 order by count(*) desc, code`.execute(trx)).rows;
    return { levels, reasons };
  });
}
