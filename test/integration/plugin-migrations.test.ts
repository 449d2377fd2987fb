import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { createDb, ensureDatabaseAndRoles, inspectRuntimeRole, migrateAllDown, migrateToLatest, withTenant } from '@lianxu/db';
import { discoverPlugins, migratePluginsDown, migratePluginsToLatest, pluginMigrationTable } from '@lianxu/core';

// A fresh database of its own, so that migrating down does not disturb the other tests.
const roles = {
  database: 'lianxu_plugin_migrations_test',
  owner: { name: 'lianxu_plugmig_owner', password: 'owner-pw-test' },
  app: { name: 'lianxu_plugmig_app', password: 'app-pw-test' },
};
const urlsPromise = ensureDatabaseAndRoles(inject('superuserUrl'), roles);
const dbs: { destroy(): Promise<void> }[] = [];
afterAll(async () => {
  for (const db of dbs) await db.destroy();
});

const PLUGIN_TABLES = ['shift_patterns', 'shift_schedules', 'attendance_imports', 'attendance', 'overtime_monthly', 'branches', 'branch_assignments'];

describe('plugin migrations', () => {
  it('run after core with their own history tables, leave the runtime role owning nothing, and revert before core', async () => {
    const urls = await urlsPromise;
    const owner = createDb({ connectionString: urls.ownerUrl, max: 1 });
    const app = createDb({ connectionString: urls.appUrl, max: 1 });
    dbs.push(owner, app);
    const plugins = await discoverPlugins();
    await migrateToLatest(owner, roles.app.name);
    const up = await migratePluginsToLatest(owner, plugins, roles.app.name);
    expect(up).toEqual([
      { pluginId: 'manufacturing-shifts', applied: ['0001-shifts', '0002-attendance-records'] },
      { pluginId: 'retail-branches', applied: ['0001-branches'] },
    ]);
    expect(await migratePluginsToLatest(owner, plugins, roles.app.name)).toEqual([
      { pluginId: 'manufacturing-shifts', applied: [] },
      { pluginId: 'retail-branches', applied: [] },
    ]);
    const history = await sql<{ name: string }>`select name from plugin_manufacturing_shifts_migration`.execute(owner);
    expect(history.rows.map((r) => r.name)).toEqual(['0001-shifts', '0002-attendance-records']);
    expect(pluginMigrationTable('retail-branches')).toBe('plugin_retail_branches_migration');

    // The runtime role uses the plugin tables (under row-level security) but owns none and cannot rewrite their history.
    expect(await inspectRuntimeRole(app)).toMatchObject({ bypassRls: false, ownedTables: [] });
    const code = await sql`insert into plugin_retail_branches_migration (name, timestamp) values ('x', 'y')`.execute(app).then(() => null, (e: { code?: string }) => e.code);
    expect(code).toBe('42501');
    const tenant = (await sql<{ id: string }>`insert into tenants (slug, name, industry) values ('plugmig', 'P', 'retail') returning id`.execute(owner)).rows[0]!.id;
    const rows = await withTenant(app as never, tenant, (trx) => sql<{ n: number }>`select count(*)::int as n from branches`.execute(trx));
    expect(rows.rows[0]!.n).toBe(0);

    const down = await migratePluginsDown(owner, plugins);
    expect(down.map((d) => d.pluginId)).toEqual(['retail-branches', 'manufacturing-shifts']);
    const left = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename = any(${PLUGIN_TABLES})`.execute(owner);
    expect(left.rows).toEqual([]);
    await migrateAllDown(owner);
    const remaining = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename not like '%migration%'`.execute(owner);
    expect(remaining.rows).toEqual([]);
  });
});
