import { sql, type Kysely } from 'kysely';

/** The setting every tenant policy reads; `withTenant` sets it per transaction. */
export const TENANT_SETTING = 'app.tenant_id';
export const ACTOR_SETTING = 'app.user_id';

/**
 * Turns a table whose primary key starts with `tenant_id` into a tenant table: row-level security
 * enabled and forced (so even the owner is filtered), one policy for every command that admits only
 * rows of the tenant set in the current transaction. Without a tenant set, no row is visible.
 *
 * @example
 * await createTenantTablePolicy(db, 'tenant_cities');
 */
export async function createTenantTablePolicy(db: Kysely<any>, table: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`unsafe table name: ${table}`);
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`create policy tenant_isolation on ${t}
    using (tenant_id = nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::uuid)
    with check (tenant_id = nullif(current_setting(${sql.lit(TENANT_SETTING)}, true), '')::uuid)`.execute(db);
}
