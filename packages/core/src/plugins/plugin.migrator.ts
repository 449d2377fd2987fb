import { Migrator, NO_MIGRATIONS, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { grantRuntimeRole } from '@lianxu/db';
import type { LoadedPlugin, PluginSet } from './plugin.loader';

/**
 * Each plugin's own migration history table. The name ends in `_migration`, like core's, so the
 * tenant-isolation test (which checks every other table is a tenant table) skips it.
 */
export function pluginMigrationTable(pluginId: string): string {
  return `plugin_${pluginId.replaceAll('-', '_')}_migration`;
}

function migratorFor(db: Kysely<any>, plugin: LoadedPlugin): Migrator {
  const table = pluginMigrationTable(plugin.id);
  return new Migrator({
    db,
    provider: { getMigrations: async () => plugin.definition.migrations ?? {} },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
}

function unwrap(result: MigrationResultSet, plugin: LoadedPlugin, what: string): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`${what} of plugin ${plugin.id} (${plugin.folder}) failed${failed ? ` at ${failed.migrationName}` : ''}: ${reason}`);
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

export interface PluginMigrationResult {
  pluginId: string;
  applied: string[];
}

/**
 * Runs every pending migration of every installed plugin as the owner role, required plugins first,
 * each with its own history table; then gives the runtime role its rights on the new tables. Core
 * migrations must have run before (plugin tables refer to core's).
 *
 * @example
 * await migrateToLatest(owner, appRole);
 * await migratePluginsToLatest(owner, await discoverPlugins(), appRole);
 */
export async function migratePluginsToLatest(ownerDb: Kysely<any>, plugins: PluginSet, runtimeRole?: string): Promise<PluginMigrationResult[]> {
  const results: PluginMigrationResult[] = [];
  for (const plugin of plugins.list) {
    if (!plugin.definition.migrations || !Object.keys(plugin.definition.migrations).length) continue;
    results.push({ pluginId: plugin.id, applied: unwrap(await migratorFor(ownerDb, plugin).migrateToLatest(), plugin, 'Migration') });
  }
  if (runtimeRole) await grantPluginTables(ownerDb, plugins, runtimeRole);
  return results;
}

/** Reverts every plugin migration, dependents first (before `migrateAllDown` of core). */
export async function migratePluginsDown(ownerDb: Kysely<any>, plugins: PluginSet): Promise<PluginMigrationResult[]> {
  const results: PluginMigrationResult[] = [];
  for (const plugin of [...plugins.list].reverse()) {
    if (!plugin.definition.migrations || !Object.keys(plugin.definition.migrations).length) continue;
    results.push({ pluginId: plugin.id, applied: unwrap(await migratorFor(ownerDb, plugin).migrateTo(NO_MIGRATIONS), plugin, 'Down migration') });
  }
  return results;
}

/** The runtime role may use plugin tables like core's, but never write a plugin's migration history. */
async function grantPluginTables(ownerDb: Kysely<any>, plugins: PluginSet, role: string): Promise<void> {
  await grantRuntimeRole(ownerDb, role);
  for (const plugin of plugins.list) {
    const table = pluginMigrationTable(plugin.id);
    for (const name of [table, `${table}_lock`]) {
      const exists = await sql<{ t: string | null }>`select to_regclass(${`public.${name}`})::text as t`.execute(ownerDb);
      if (exists.rows[0]?.t) await sql`revoke insert, update, delete on ${sql.table(name)} from ${sql.id(role)}`.execute(ownerDb);
    }
  }
}
