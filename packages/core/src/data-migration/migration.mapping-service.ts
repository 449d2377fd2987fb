import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { activeCustomFields } from '../custom-fields/index';
import { CUSTOM_TARGET, loadMapping, mappingTargets, MIGRATION_FILE_NAMES, MIGRATION_FILES, proposeMapping, saveMapping, validateMapping, type FileMapping, type MigrationFile, type MigrationMapping } from './migration.mapping';
import { migrationRunNotFound } from './migration.views';

// The mapping as the consultant edits it on a run: per file the headers the run's load read, the
// mapping proposed from them, the tenant's latest saved mapping, and the targets a column can feed
// (the file's Lianxu fields, and for the roster the tenant's custom fields). Saving checks the
// mapping against the run's headers and the tenant's custom fields and keeps it as a new version.

export interface MappingTarget {
  target: string;
  required: boolean;
  /** The custom field's labels (custom targets only). */
  labels: { 'zh-CN': string; en: string } | null;
}

export interface MigrationMappingView {
  /** The tenant's latest saved version (null: none saved, loads use the proposal). */
  version: number | null;
  /** The version the run was last loaded or re-validated with. */
  runVersion: number | null;
  files: { file: MigrationFile; name: string; headers: string[]; proposed: FileMapping; saved: FileMapping | null; targets: MappingTarget[] }[];
}

async function runAndFields(db: Kysely<Database>, tenantId: string, runId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['headers', 'mapping_version']).where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    return { run, fields: await activeCustomFields(trx, tenantId) };
  });
}

export async function migrationMappingView(db: Kysely<Database>, tenantId: string, runId: string): Promise<MigrationMappingView> {
  const { run, fields } = await runAndFields(db, tenantId, runId);
  const latest = await loadMapping(db, tenantId);
  const labels = new Map(fields.map((f) => [`${CUSTOM_TARGET}${f.key}`, f.labels]));
  return {
    version: latest?.version ?? null,
    runVersion: run.mapping_version,
    files: MIGRATION_FILES.map((file) => {
      const headers = run.headers[file] ?? [];
      return {
        file, name: MIGRATION_FILE_NAMES[file], headers, proposed: proposeMapping(file, headers), saved: latest?.mapping[file] ?? null,
        targets: mappingTargets(file, fields.map((f) => f.key)).map((t) => ({ ...t, labels: labels.get(t.target) ?? null })),
      };
    }),
  };
}

/** Saves the mapping as the tenant's next version, checked against the run's headers (422 naming each bad target). */
export async function saveRunMapping(db: Kysely<Database>, tenantId: string, runId: string, mapping: MigrationMapping, actorId?: string): Promise<number> {
  const { run, fields } = await runAndFields(db, tenantId, runId);
  validateMapping(mapping, run.headers as Partial<Record<MigrationFile, string[]>>, fields.map((f) => f.key));
  return saveMapping(db, tenantId, mapping, actorId);
}
