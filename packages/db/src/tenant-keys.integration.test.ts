import { afterAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { ownerDb } from '@lianxu/testing';

// Ready for distribution by tenant_id (Citus): read from the catalog of the test database, which
// holds the core migrations and every installed plugin's. A table that has a tenant_id column is a
// tenant table: its primary key and every unique index lead with tenant_id, and a foreign key from
// it to another tenant table matches on tenant_id first (so both rows live on the same shard).
// Platform tables without tenant_id (tenants, users, sessions, policy_records, ...) are exempt.

/**
 * Platform tables that name a tenant without belonging to one: their tenant_id may be null (and
 * must stay nullable, or the table is a tenant table after all). They stay on the coordinator.
 */
const PLATFORM_TABLES_NAMING_A_TENANT: Record<string, string> = {
  platform_audit: 'the platform staff audit trail; tenant_id is null for platform-wide actions',
};

const owner = ownerDb(1);
afterAll(() => owner.destroy());

interface Finding {
  table: string;
  problem: string;
}

/** Every breach of the rule in the database `db` sees (in its current transaction). */
async function tenantKeyFindings(db: Kysely<any>): Promise<Finding[]> {
  const { rows } = await sql<Finding>`
    with tenant_tables as (
      select c.oid, format('%I.%I', n.nspname, c.relname) as name, c.relname, a.attnum, a.attnotnull
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
       where c.relkind in ('r', 'p') and not c.relispartition
         and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
    ),
    checked as (
      select * from tenant_tables where not (relname = any(${Object.keys(PLATFORM_TABLES_NAMING_A_TENANT)}) and not attnotnull)
    )
    select name as "table", 'tenant_id may be null' as problem from checked where not attnotnull
    union all
    select name, 'no primary key' from checked t
     where not exists (select 1 from pg_index i where i.indrelid = t.oid and i.indisprimary)
    union all
    select t.name, format('%s %s does not lead with tenant_id', case when i.indisprimary then 'primary key' else 'unique index' end, i.indexrelid::regclass)
      from checked t join pg_index i on i.indrelid = t.oid and (i.indisprimary or i.indisunique)
     where (i.indkey::int2[])[0] <> t.attnum
    union all
    select t.name, format('foreign key %s to %s does not match on tenant_id first', k.conname, r.name)
      from checked t join pg_constraint k on k.conrelid = t.oid and k.contype = 'f'
      join tenant_tables r on r.oid = k.confrelid
     where k.conkey[1] <> t.attnum or k.confkey[1] <> r.attnum
    union all
    select format('%I', c.relname), format('foreign key %s of a table without tenant_id references tenant table %s', k.conname, r.name)
      from pg_constraint k join pg_class c on c.oid = k.conrelid
      join tenant_tables r on r.oid = k.confrelid
     where k.contype = 'f' and not exists (select 1 from tenant_tables s where s.oid = k.conrelid)
    order by 1, 2`.execute(db);
  return rows;
}

describe('tenant keys', () => {
  it('every table with tenant_id has a primary key and unique indexes leading with tenant_id, and tenant-to-tenant foreign keys match on it', async () => {
    expect(await tenantKeyFindings(owner)).toEqual([]);
    // The check saw the tables it is about: core's and both plugins'.
    const { rows } = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
       where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and c.relname = any(${['employees', 'memberships', 'consultant_grants', 'invitations', 'branches', 'shift_patterns']})`.execute(owner);
    expect(rows.map((r) => r.relname).sort()).toEqual(['branches', 'consultant_grants', 'employees', 'invitations', 'memberships', 'shift_patterns']);
  });

  it('names a table added without them, and a platform exemption whose tenant_id became required', async () => {
    // Planted in a transaction that is rolled back: nothing stays behind for other tests.
    class Planted {
      constructor(readonly findings: Finding[]) {}
    }
    const findings = await owner
      .transaction()
      .execute(async (trx) => {
        await sql`create table tenant_keys_probe (id uuid primary key, tenant_id uuid not null, code text not null, unique (code, tenant_id))`.execute(trx);
        await sql`create table tenant_keys_probe_child (tenant_id uuid not null, id uuid not null, parent_id uuid references tenant_keys_probe (id), primary key (tenant_id, id))`.execute(trx);
        await sql`create table tenant_keys_probe_nokey (tenant_id uuid)`.execute(trx);
        await sql`delete from platform_audit where tenant_id is null`.execute(trx);
        await sql`alter table platform_audit alter column tenant_id set not null`.execute(trx);
        throw new Planted(await tenantKeyFindings(trx));
      })
      .then(
        () => [],
        (error: unknown) => {
          if (error instanceof Planted) return error.findings;
          throw error;
        },
      );
    expect(findings).toEqual(expect.arrayContaining([
      { table: 'public.tenant_keys_probe', problem: 'primary key tenant_keys_probe_pkey does not lead with tenant_id' },
      { table: 'public.tenant_keys_probe', problem: 'unique index tenant_keys_probe_code_tenant_id_key does not lead with tenant_id' },
      { table: 'public.tenant_keys_probe_child', problem: 'foreign key tenant_keys_probe_child_parent_id_fkey to public.tenant_keys_probe does not match on tenant_id first' },
      { table: 'public.tenant_keys_probe_nokey', problem: 'no primary key' },
      { table: 'public.tenant_keys_probe_nokey', problem: 'tenant_id may be null' },
      { table: 'public.platform_audit', problem: 'primary key platform_audit_pkey does not lead with tenant_id' },
    ]));
    expect(await tenantKeyFindings(owner)).toEqual([]);
  });
});
