import { sql, type Kysely, type Migration } from 'kysely';
import { PER_ROW_TENANT, sandboxCreateFunction } from './0017-data-migration.migration';

// Migration sandboxes: the tenant policy reads the tenant setting once per statement instead of once
// per row. The setting is wrapped in a scalar subquery, which PostgreSQL evaluates once (an InitPlan);
// the rows admitted are the same. A million-line load checks every row against WITH CHECK: about
// 4.5 s of inserting with the per-row form, 3.5 s with this one. Existing sandboxes get the same policy.

const TABLES = ['employees', 'coverage', 'contribution_lines', 'quarantine', 'findings'];
const ONCE = `(select ${PER_ROW_TENANT})`;

async function alterExisting(db: Kysely<any>, setting: string) {
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like 'mig\\_%'`.execute(db);
  for (const r of rows)
    for (const t of TABLES)
      await sql.raw(`alter policy tenant_isolation on "${r.nspname}"."${t}" using (tenant_id = ${setting}) with check (tenant_id = ${setting})`).execute(db);
}

export const sandboxPolicyOnceMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql.raw(sandboxCreateFunction('create or replace', ONCE)).execute(db);
    await alterExisting(db, ONCE);
  },

  async down(db: Kysely<any>) {
    await sql.raw(sandboxCreateFunction('create or replace', PER_ROW_TENANT)).execute(db);
    await alterExisting(db, PER_ROW_TENANT);
  },
};
