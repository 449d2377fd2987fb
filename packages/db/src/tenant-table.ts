import { sql, type Kysely } from 'kysely';

/** The setting every tenant policy reads; `withTenant` sets it per transaction. */
export const TENANT_SETTING = 'app.tenant_id';
export const ACTOR_SETTING = 'app.user_id';
/** The employee a self-service transaction is confined to; `withEmployee` sets it, restrictive policies read it. */
export const EMPLOYEE_SETTING = 'app.employee_id';

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

/**
 * Every insert, update and delete on a tenant table leaves an audit row: actor, time, table, the
 * row's key and the names of the changed columns (never their values).
 *
 * @example
 * await attachAuditTrigger(db, 'employees', ['id']);
 */
export async function attachAuditTrigger(db: Kysely<any>, table: string, keyColumns: string[]): Promise<void> {
  for (const name of [table, ...keyColumns]) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe name: ${name}`);
  await sql`create trigger audit_row_change after insert or update or delete on ${sql.table(table)}
    for each row execute function audit_row_change(${sql.raw(keyColumns.map((k) => `'${k}'`).join(', '))})`.execute(db);
}

/** Makes a table a tenant table in one call: row-level security plus the audit trigger. */
export async function makeTenantTable(db: Kysely<any>, table: string, keyColumns: string[]): Promise<void> {
  await createTenantTablePolicy(db, table);
  await attachAuditTrigger(db, table, keyColumns);
}
