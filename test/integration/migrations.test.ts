import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { coreMigrations, createDb, ensureDatabaseAndRoles, inspectRuntimeRole, migrateAllDown, migrateToLatest, assertSafeRuntimeRole } from '@lianxu/db';

// A fresh database of its own, so that migrating down does not disturb the other tests.
const roles = {
  database: 'lianxu_migrations_test',
  owner: { name: 'lianxu_mig_owner', password: 'owner-pw-test' },
  app: { name: 'lianxu_mig_app', password: 'app-pw-test' },
};
const urlsPromise = ensureDatabaseAndRoles(inject('superuserUrl'), roles);
const dbs: { destroy(): Promise<void> }[] = [];
afterAll(async () => {
  for (const db of dbs) await db.destroy();
});

describe('core migrations', () => {
  it('run up and down on a fresh database', async () => {
    const urls = await urlsPromise;
    const owner = createDb({ connectionString: urls.ownerUrl, max: 1 });
    dbs.push(owner);
    const up = await migrateToLatest(owner, roles.app.name);
    expect(up).toEqual(Object.keys(coreMigrations));
    const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(owner);
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['tenants', 'tenant_cities']));

    const down = await migrateAllDown(owner);
    expect(down).toEqual(Object.keys(coreMigrations).reverse());
    const left = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename not like 'core_migration%'`.execute(owner);
    expect(left.rows).toEqual([]);
    expect(await migrateToLatest(owner, roles.app.name)).toEqual(Object.keys(coreMigrations));
  });

  it('leave the runtime role owning no table and unable to bypass row-level security', async () => {
    const urls = await urlsPromise;
    const app = createDb({ connectionString: urls.appUrl, max: 1 });
    dbs.push(app);
    const report = await inspectRuntimeRole(app);
    expect(report).toEqual({ role: roles.app.name, superuser: false, bypassRls: false, ownedTables: [] });
    await expect(assertSafeRuntimeRole(app)).resolves.toBeUndefined();
  });

  it('refuse to start as a role that can bypass row-level security', async () => {
    const urls = await urlsPromise;
    const owner = createDb({ connectionString: urls.ownerUrl, max: 1 });
    dbs.push(owner);
    await expect(assertSafeRuntimeRole(owner)).rejects.toThrow(/owns tables/);
    const superuser = createDb({ connectionString: inject('superuserUrl'), max: 1 });
    dbs.push(superuser);
    await expect(assertSafeRuntimeRole(superuser)).rejects.toThrow(/SUPERUSER/);
    await sql`drop role if exists lianxu_bypass_test`.execute(superuser);
    await sql`create role lianxu_bypass_test login bypassrls password 'bypass-pw-test'`.execute(superuser);
    await sql.raw(`grant connect on database ${roles.database} to lianxu_bypass_test`).execute(superuser);
    const bypassUrl = new URL(urls.appUrl);
    bypassUrl.username = 'lianxu_bypass_test';
    bypassUrl.password = 'bypass-pw-test';
    const bypass = createDb({ connectionString: bypassUrl.toString(), max: 1 });
    dbs.push(bypass);
    await expect(assertSafeRuntimeRole(bypass)).rejects.toThrow(/BYPASSRLS/);
  });
});
