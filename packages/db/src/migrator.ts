import { Migrator, NO_MIGRATIONS, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { coreMigrations } from './migrations/index';

/** Tables the runtime role may only insert into and read (the audit trail, policy revisions). */
export const APPEND_ONLY_TABLES: string[] = ['audit_log', 'platform_audit', 'policy_records'];

export const CORE_MIGRATION_TABLE = 'core_migration';

function migratorFor(db: Kysely<any>, migrations: Record<string, Migration>, table: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    // Features land in parallel with pre-assigned numbers (0011 risk … 0017 data migration), so a
    // database that already ran a later one still takes an earlier one that arrived after it.
    allowUnorderedMigrations: true,
  });
}

function unwrap(result: MigrationResultSet, what: string): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`${what} failed${failed ? ` at ${failed.migrationName}` : ''}: ${reason}`);
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/** Runs every pending core migration as the owner role, then grants the runtime role its rights. */
export async function migrateToLatest(ownerDb: Kysely<any>, runtimeRole?: string): Promise<string[]> {
  const names = unwrap(await migratorFor(ownerDb, coreMigrations, CORE_MIGRATION_TABLE).migrateToLatest(), 'Migration');
  if (runtimeRole) await grantRuntimeRole(ownerDb, runtimeRole);
  return names;
}

/** Reverts every core migration (used by tests and by `lianxu migrate down`). */
export async function migrateAllDown(ownerDb: Kysely<any>): Promise<string[]> {
  return unwrap(await migratorFor(ownerDb, coreMigrations, CORE_MIGRATION_TABLE).migrateTo(NO_MIGRATIONS), 'Down migration');
}

/** Gives the runtime role data rights on every table, never ownership; audit tables stay append-only. */
export async function grantRuntimeRole(ownerDb: Kysely<any>, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`grant usage on schema public to ${r}`.execute(ownerDb);
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(ownerDb);
  await sql`grant usage, select on all sequences in schema public to ${r}`.execute(ownerDb);
  for (const table of [CORE_MIGRATION_TABLE, `${CORE_MIGRATION_TABLE}_lock`]) {
    await sql`revoke insert, update, delete on ${sql.table(table)} from ${r}`.execute(ownerDb);
  }
  for (const table of APPEND_ONLY_TABLES) {
    await sql`revoke update, delete, truncate on ${sql.table(table)} from ${r}`.execute(ownerDb);
  }
}
