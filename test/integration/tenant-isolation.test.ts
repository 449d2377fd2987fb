import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { appDb, ownerDb, provisionForTest, uniqueSlug } from '@lianxu/testing';

// Platform tables are reached only through the auth and tenancy modules; every other table is a
// tenant table and must be isolated by row-level security. A new table missing from both lists
// fails this test until it is made a tenant table (or consciously declared a platform table).
const PLATFORM_TABLES = new Set([
  'tenants', 'users', 'sessions', 'recovery_codes', 'memberships', 'consultant_grants',
  'sign_in_failures', 'platform_audit', 'core_migration', 'core_migration_lock', 'policy_records',
  'invitations',
  // Checked before any tenant is set (the bearer token names its key); its key still leads with tenant_id.
  'api_keys',
  // The public statement check: a code's hash and issue date only, no tenant and no person.
  'statement_verifications',
]);

const db = appDb();
const owner = ownerDb();
let A: string;
let B: string;
let tenantTables: string[];

beforeAll(async () => {
  A = await provisionForTest(db, { slug: uniqueSlug('iso-a'), name: 'A', industry: 'retail', workCities: [{ code: '310100', name: '上海' }] });
  B = await provisionForTest(db, { slug: uniqueSlug('iso-b'), name: 'B', industry: 'retail', workCities: [{ code: '440300', name: '深圳' }] });
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by 1`.execute(owner);
  tenantTables = tables.rows.map((r) => r.tablename).filter((t) => !PLATFORM_TABLES.has(t) && !t.includes('_migration'));
});
afterAll(async () => {
  await db.destroy();
  await owner.destroy();
});

async function pgError(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('isolation at the database', () => {
  it('finds the tenant tables, each with tenant_id leading its primary key, RLS enabled and forced, and the policy', async () => {
    expect(tenantTables).toEqual(expect.arrayContaining(['tenant_cities', 'audit_log']));
    for (const table of tenantTables) {
      const meta = await sql<{ rls: boolean; forced: boolean; policies: string; first_key: string | null }>`
        select c.relrowsecurity as rls, c.relforcerowsecurity as forced,
          (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.qual like '%app.tenant_id%' and p.with_check like '%app.tenant_id%')::text as policies,
          (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
             where i.indrelid = c.oid and i.indisprimary) as first_key
        from pg_class c where c.relname = ${table} and c.relkind = 'r' and c.relnamespace = 'public'::regnamespace`.execute(owner);
      expect({ table, ...meta.rows[0] }).toEqual({ table, rls: true, forced: true, policies: '1', first_key: 'tenant_id' });
    }
  });

  it('under withTenant(A) a query without where clause sees no row of B, and cannot insert or move rows into B', async () => {
    for (const table of tenantTables) {
      await withTenant(db, A, async (trx) => {
        const t = sql.table(table);
        const foreign = await sql<{ n: string }>`select count(*)::text as n from ${t} where tenant_id <> ${A}`.execute(trx);
        expect({ table, n: foreign.rows[0]!.n }).toEqual({ table, n: '0' });
      });
      // Insert with B's tenant_id: refused by the policy's WITH CHECK (checked before any other constraint).
      const insert = await pgError(withTenant(db, A, (trx) => sql`insert into ${sql.table(table)} (tenant_id) values (${B})`.execute(trx)));
      expect({ table, insert }).toEqual({ table, insert: '42501' });
    }
    // A real row moved from A to B is refused too.
    const move = await pgError(withTenant(db, A, (trx) => trx.updateTable('tenant_cities').set({ tenant_id: B }).where('tenant_id', '=', A).execute()));
    expect(move).toBe('42501');
    // And B's rows cannot be changed from A: the update matches nothing.
    const changed = await withTenant(db, A, (trx) => trx.updateTable('tenant_cities').set({ city_name: 'x' }).where('tenant_id', '=', B).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it('without a tenant set, the runtime role sees no tenant row at all', async () => {
    const rows = await db.selectFrom('tenant_cities').selectAll().execute();
    expect(rows).toEqual([]);
    const own = await withTenant(db, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', A).execute());
    expect(own.map((r) => r.city_code)).toEqual(['310100']);
  });
});

describe('audit trail', () => {
  it('records each change with its actor, table, key and changed column names but no values', async () => {
    const actor = (await db.insertInto('users').values({ email: `${uniqueSlug('auditor')}@example.test`, name: 'Auditor', password_hash: null, platform_role: null }).returning('id').executeTakeFirstOrThrow()).id;
    await withTenant(db, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '110100', city_name: '北京' }).execute(), { actorId: actor });
    await withTenant(db, A, (trx) => trx.updateTable('tenant_cities').set({ city_name: '北京市' }).where('tenant_id', '=', A).where('city_code', '=', '110100').execute(), { actorId: actor });
    await withTenant(db, A, (trx) => trx.deleteFrom('tenant_cities').where('tenant_id', '=', A).where('city_code', '=', '110100').execute(), { actorId: actor });
    const rows = await withTenant(db, A, (trx) =>
      trx.selectFrom('audit_log').selectAll().where('tenant_id', '=', A).where('actor_id', '=', actor).orderBy('id').execute(),
    );
    expect(rows.map((r) => [r.operation, r.table_name, r.row_key, r.changed_columns])).toEqual([
      ['insert', 'tenant_cities', { city_code: '110100' }, ['city_code', 'city_name', 'created_at', 'cutoff_day', 'tenant_id']],
      ['update', 'tenant_cities', { city_code: '110100' }, ['city_name']],
      ['delete', 'tenant_cities', { city_code: '110100' }, ['city_code', 'city_name', 'created_at', 'cutoff_day', 'tenant_id']],
    ]);
    expect(JSON.stringify(rows)).not.toContain('北京');
  });

  it('cannot be changed or deleted by the runtime role', async () => {
    expect(await pgError(withTenant(db, A, (trx) => sql`update audit_log set action = 'x' where tenant_id = ${A}`.execute(trx)))).toBe('42501');
    expect(await pgError(withTenant(db, A, (trx) => sql`delete from audit_log where tenant_id = ${A}`.execute(trx)))).toBe('42501');
    expect(await pgError(sql`update platform_audit set action = 'x'`.execute(db))).toBe('42501');
    expect(await pgError(sql`delete from platform_audit`.execute(db))).toBe('42501');
  });
});
