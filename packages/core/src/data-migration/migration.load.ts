import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { withTenant, type Database } from '@lianxu/db';
import type { LoadedFile, LoadMigrationInput, LoadOutcome, MigrationLoadFile } from '@lianxu/workflows';
import type { PolicyLibrary } from '@lianxu/policy';
import { DomainError, type PersonalDataVault } from '../shared/index';
import { activeCustomFields } from '../custom-fields/index';
import { loadMapping } from './migration.mapping';
import { findCoverageGaps, loadFile, type FileCounts } from './migration.loader';
import { MigrationError, openMigrationPackage } from './migration.package';
import { markRunValidated } from './migration.promotion';
import { legacySourceOf, legacySourcePackage } from './migration.source';
import { tenantTransferKey } from './migration.transfer-key';
import { migrationRunNotFound } from './migration.views';

// Loading a run as a workflow (loadMigrationWorkflow). The API checks the package with the
// tenant's transfer key and hands the worker the run key sealed under the tenant's data key on the
// run's row (the transfer key is never stored, the run key never travels in a workflow's history);
// the key is wiped when the load ends, validated or refused. Each file loads in one transaction
// (migration.loader.ts) and reports its counts so far on the run while it reads.

export interface MigrationLoadDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** plain pg connections of the runtime role: COPY into the sandbox */
  pool: pg.Pool;
  library?: PolicyLibrary;
  /** The business day rows are checked against (default: today). */
  today?: string;
}

const PROGRESS_WRITE_MS = 500;

/**
 * Starts a load of the run: refuses a run promoted or loading already, seals the run key on it and
 * clears what an earlier load counted (a new load replaces every file).
 */
export async function beginMigrationLoad(deps: Pick<MigrationLoadDeps, 'db' | 'vault'>, tenantId: string, runId: string, runKey: Buffer): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['status', 'load_key_id']).where('tenant_id', '=', tenantId).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (!['created', 'loading', 'validated', 'failed'].includes(run.status))
      throw new MigrationError(409, 'migration_promoted', { 'zh-CN': '迁移批次已开始转入，不能重新装载', en: 'The run is being promoted or was promoted; it cannot be loaded again' });
    if (run.status === 'loading' && run.load_key_id !== null)
      throw new MigrationError(409, 'migration_loading', { 'zh-CN': '迁移批次正在装载中', en: 'The run is being loaded' });
    const sealed = await deps.vault.encrypt(trx, tenantId, runKey.toString('base64'));
    // The tenant's latest saved mapping is the one this load applies (every file of it): a save
    // while the load runs does not change what the run means. Null: proposed from the headers.
    const { rows } = await sql<{ v: number | null }>`select max(version) as v from migration_mappings where tenant_id = ${tenantId}`.execute(trx);
    await trx.updateTable('migration_runs')
      .set({
        status: 'loading', mapping_version: rows[0]?.v ?? null, load_key_cipher: sealed.cipher, load_key_id: sealed.keyId, load_progress: null, counts: '{}', loaded_files: [], report: null, failure: null, sign_offs: '{}',
        updated_at: sql<string>`now()` as never,
      })
      .where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
  });
}

async function runKeyOf(deps: Pick<MigrationLoadDeps, 'db' | 'vault'>, tenantId: string, runId: string): Promise<{ runKey: Buffer; mappingVersion: number | null }> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['load_key_cipher', 'load_key_id', 'mapping_version']).where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (!run.load_key_cipher || !run.load_key_id)
      throw new MigrationError(409, 'migration_key_missing', { 'zh-CN': '装载密钥已失效，请重新提交装载', en: "The run's load key is gone; start the load again" });
    return { runKey: Buffer.from(await deps.vault.decrypt(trx, tenantId, run.load_key_cipher, run.load_key_id), 'base64'), mappingVersion: run.mapping_version };
  });
}

/** Records a refusal on the run (status failed, the reason in both languages) and wipes the key. */
export async function failMigrationLoad(db: Kysely<Database>, tenantId: string, runId: string, error: DomainError): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    trx.updateTable('migration_runs')
      .set({
        status: 'failed', failure: JSON.stringify({ code: error.code, 'zh-CN': error.messages['zh-CN'], en: error.messages.en }), load_key_cipher: null, load_key_id: null,
        load_progress: null, updated_at: sql<string>`now()` as never,
      })
      .where('tenant_id', '=', tenantId).where('id', '=', runId).where('status', 'in', ['loading', 'created']).execute());
}

/** One file of the run's package into its sandbox, reporting its counts so far on the run. */
export async function loadMigrationFile(deps: MigrationLoadDeps, input: LoadMigrationInput & { file: MigrationLoadFile }, heartbeat: (counts: FileCounts) => void = () => undefined): Promise<LoadedFile> {
  const { tenantId, runId, file } = input;
  const { runKey, mappingVersion } = await runKeyOf(deps, tenantId, runId);
  const saved = mappingVersion === null ? null : await loadMapping(deps.db, tenantId, mappingVersion);
  const customFields = file === 'roster' ? await withTenant(deps.db, tenantId, (trx) => activeCustomFields(trx, tenantId)) : [];
  // A run with a database source reads the old system's tables; a package's manifest signature is
  // checked again here with the tenant's registered transfer key.
  const source = await legacySourceOf(deps, tenantId, runId);
  const pkg = source
    ? legacySourcePackage(source, runId, tenantId)
    : await openMigrationPackage({ file: input.packageFile, tenantId, runId, runKey, transferKey: (await tenantTransferKey(deps, tenantId)).key });
  let written = 0;
  const report = async (counts: FileCounts) => {
    heartbeat(counts);
    if (Date.now() - written < PROGRESS_WRITE_MS) return;
    written = Date.now();
    await withTenant(deps.db, tenantId, (trx) =>
      trx.updateTable('migration_runs').set({ load_progress: JSON.stringify({ file, ...counts }) }).where('tenant_id', '=', tenantId).where('id', '=', runId).execute());
  };
  const { counts } = await loadFile({ pool: deps.pool, tenantId, runId, file, pkg, mapping: saved?.mapping[file], customFields, library: deps.library, today: deps.today, onProgress: report });
  return { file, ...counts };
}

/** Coverage gaps noted, the run validated, the run key wiped. Repeating it changes nothing. */
export async function finishMigrationLoad(deps: Pick<MigrationLoadDeps, 'db' | 'pool'>, input: { tenantId: string; runId: string }): Promise<LoadOutcome> {
  const { tenantId, runId } = input;
  const coverageGaps = await findCoverageGaps(deps.pool, tenantId, runId);
  await markRunValidated(deps.db, tenantId, runId);
  const run = await withTenant(deps.db, tenantId, async (trx) => {
    await trx.updateTable('migration_runs').set({ load_key_cipher: null, load_key_id: null, load_progress: null }).where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
    return trx.selectFrom('migration_runs').select('counts').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirstOrThrow();
  });
  const files = (['roster', 'coverage', 'contributions'] as const).map((f) => ({ file: f, read: 0, accepted: 0, quarantined: 0, ...run.counts[f] }));
  return { tenantId, runId, files, coverageGaps };
}
