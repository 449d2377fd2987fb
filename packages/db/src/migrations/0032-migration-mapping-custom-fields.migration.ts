import { sql, type Kysely, type Migration } from 'kysely';
import { PER_ROW_TENANT, SANDBOX_TABLES, sandboxCreateFunction } from './0017-data-migration.migration';

// Migration mapping made real (issue #16, point 3): a run records the headers of each file it
// loaded (migration_runs.headers, {file: [header, ...]}: the mapping editor and the proposal read
// them, since the package cannot be opened without the transfer key), and a sandbox employee carries
// the values of the tenant's custom fields mapped from legacy columns (employees.custom_fields),
// promoted with the employee. Existing sandboxes get the column too.

const ONCE = `(select ${PER_ROW_TENANT})`;
const CUSTOM = `alter table %1$I.employees add column custom_fields jsonb not null default '{}'::jsonb;`;

async function sandboxes(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like 'mig\\_%'`.execute(db);
  return rows.map((r) => r.nspname);
}

export const migrationMappingCustomFieldsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table migration_runs add column headers jsonb not null default '{}'::jsonb`.execute(db);
    await sql.raw(sandboxCreateFunction('create or replace', ONCE, SANDBOX_TABLES + CUSTOM)).execute(db);
    for (const s of await sandboxes(db))
      await sql.raw(`alter table "${s}".employees add column if not exists custom_fields jsonb not null default '{}'::jsonb`).execute(db);
  },

  async down(db: Kysely<any>) {
    for (const s of await sandboxes(db)) await sql.raw(`alter table "${s}".employees drop column if exists custom_fields`).execute(db);
    await sql.raw(sandboxCreateFunction('create or replace', ONCE)).execute(db);
    await sql`alter table migration_runs drop column headers`.execute(db);
  },
};
