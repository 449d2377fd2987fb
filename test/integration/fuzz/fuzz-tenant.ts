import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { loadTenantFiles } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/core';

const TENANTS_DIR = path.resolve(import.meta.dirname, '../../../tenants');

export const FUZZ_SLUG = 'fuzz-co';
export const FUZZ_PASSWORD = 'lianxu-demo';
export const FUZZ_USERS = {
  tenant_admin: `admin@${FUZZ_SLUG}.test`,
  hr: `hr@${FUZZ_SLUG}.test`,
  employee: `employee@${FUZZ_SLUG}.test`,
  consultant: `consultant@${FUZZ_SLUG}.test`,
} as const;

/**
 * One tenant running both shipped plugins: demo-manufacturing's entities, cities, fields and
 * shifts plus demo-retail's branches (its plugin's section) and fields, with its own sign-ins for every role.
 */
export async function fuzzTenantSpec(): Promise<TenantSpec> {
  const specs = Object.fromEntries((await loadTenantFiles(TENANTS_DIR)).map(({ spec }) => [spec.slug, spec]));
  const mfg = specs['demo-manufacturing']!;
  const retail = specs['demo-retail']!;
  return {
    ...mfg,
    slug: FUZZ_SLUG,
    name: '模糊测试有限公司',
    // demo-retail's branches are in cities the tenant must work in.
    workCities: [...mfg.workCities, ...retail.workCities.filter((c) => !mfg.workCities.some((m) => m.code === c.code))],
    plugins: [...(mfg.plugins ?? []), ...(retail.plugins ?? [])],
    customFields: [...(mfg.customFields ?? []), ...(retail.customFields ?? [])],
    consultantGrants: [],
    demo: {
      users: [
        { email: FUZZ_USERS.tenant_admin, name: '管理员', role: 'tenant_admin', mobile: '13800000091' },
        { email: FUZZ_USERS.hr, name: '人事', role: 'hr', mobile: '13800000092' },
        { email: FUZZ_USERS.employee, name: '员工', role: 'employee' },
      ],
      consultants: [{ email: FUZZ_USERS.consultant, name: '顾问' }],
    },
  };
}

/** Tables holding this tenant's rows: every table (core and plugins) with a tenant_id column. */
export async function tenantTables(owner: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ schema: string; table: string }>`
    select c.table_schema as schema, c.table_name as table
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.column_name = 'tenant_id' and c.table_schema not in ('pg_catalog', 'information_schema')
     order by 1, 2`.execute(owner);
  return rows.rows.map((r) => `${r.schema}.${r.table}`);
}

/** Rows written on purpose for refused requests too: every use of a consultant's grant is on record. */
const ON_RECORD_BY_DESIGN: Record<string, ReturnType<typeof sql>> = {
  'public.platform_audit': sql`and action <> 'consultant_grant.used'`,
};

/**
 * Row count and newest row version of each table's rows of the tenant: a refused request must
 * leave every one as it was (counts catch deletes, the newest xmin catches inserts and updates).
 */
export async function fingerprint(owner: Kysely<any>, tables: string[], tenantId: string): Promise<Record<string, string>> {
  const parts = tables.map((t) => {
    const [schema, table] = t.split('.') as [string, string];
    // Any insert or update gives a row a newer xmin than every row before it; a delete lowers the count.
    return sql`select ${t}::text as t, count(*)::text || ':' || coalesce(max(x.xmin::text::bigint), 0)::text as f from ${sql.id(schema, table)} x where tenant_id = ${tenantId} ${ON_RECORD_BY_DESIGN[t] ?? sql``}`;
  });
  const rows = await sql<{ t: string; f: string }>`${sql.join(parts, sql` union all `)}`.execute(owner);
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.f]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

/** A second tenant with an admin of its own: its ids and slug are what the crawl asks the first tenant's users for. */
export async function otherTenantSpec(): Promise<TenantSpec> {
  const spec = await fuzzTenantSpec();
  return {
    ...spec,
    slug: OTHER_SLUG,
    name: '另一家测试有限公司',
    demo: { users: [{ email: `admin@${OTHER_SLUG}.test`, name: '另一管理员', role: 'tenant_admin', mobile: '13800000093' }], consultants: [] },
  };
}

export const OTHER_SLUG = 'fuzz-other';
