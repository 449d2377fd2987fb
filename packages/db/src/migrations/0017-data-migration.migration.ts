import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Data migration from a legacy HR system (issue #16). A run's rows never enter the live tables:
// each run gets a sandbox schema of its own (mig_<run id hex>) made by migration_sandbox_create, a
// SECURITY DEFINER function the runtime role may call (it may not create schemas itself). The
// function admits only a run visible to the caller's tenant (migration_runs is a tenant table and
// row-level security is forced, so the owner sees through the caller's setting), and every sandbox
// table is a tenant table like the live ones: tenant_id leads the key, the same policy, forced.

export const SANDBOX_TABLES = `
  create table %1$I.employees (tenant_id uuid not null, source_row integer not null, emp_no text, name text not null,
    id_number text not null, hukou text, city_code text not null, hire_date date not null, leave_date date, wage_fen bigint not null,
    primary key (tenant_id, source_row));
  create table %1$I.coverage (tenant_id uuid not null, source_row integer not null, id_number text not null, city_code text not null,
    insurance text not null, month text not null, primary key (tenant_id, source_row));
  create table %1$I.contribution_lines (tenant_id uuid not null, source_row integer not null, id_number text not null,
    city_code text not null, month text not null, insurance text not null, base_fen bigint not null, employer_fen bigint not null,
    employee_fen bigint not null, primary key (tenant_id, source_row));
  create table %1$I.quarantine (tenant_id uuid not null, file text not null, source_row integer not null, raw jsonb not null,
    primary key (tenant_id, file, source_row));
  create table %1$I.findings (tenant_id uuid not null, file text not null, source_row integer not null, seq integer not null,
    column_name text, level text not null check (level in ('quality', 'reference', 'reconciliation')),
    outcome text not null check (outcome in ('quarantined', 'normalized', 'noted')), code text not null,
    reason_zh text not null, reason_en text not null, primary key (tenant_id, file, source_row, seq));`;

/** The tenant setting as the sandbox policies read it when this migration was applied: once per row. */
export const PER_ROW_TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * migration_sandbox_create: a run's schema with the sandbox tables, each under a tenant policy whose
 * tenant is `tenant` (an SQL expression). Later migrations redefine it with `create or replace`.
 */
export function sandboxCreateFunction(verb: 'create' | 'create or replace', tenant: string, tables: string = SANDBOX_TABLES): string {
  return `
      ${verb} function migration_sandbox_create(run uuid) returns text
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
        execute format(${quote(tables)}, s);
        foreach t in array array['employees', 'coverage', 'contribution_lines', 'quarantine', 'findings'] loop
          execute format('alter table %I.%I enable row level security', s, t);
          execute format('alter table %I.%I force row level security', s, t);
          execute format($p$create policy tenant_isolation on %I.%I
            using (tenant_id = ${tenant})
            with check (tenant_id = ${tenant})$p$, s, t);
          execute format('grant select, insert, update, delete on %I.%I to %I', s, t, session_user);
        end loop;
        execute format('grant usage on schema %I to %I', s, session_user);
        return s;
      end $fn$;`;
}

export const dataMigrationMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table migration_runs (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      status text not null default 'created' check (status in ('created', 'loading', 'validated', 'failed')),
      mapping_version integer,
      manifest jsonb,
      -- {file: {read, accepted, quarantined}}: read = accepted + quarantined, always
      counts jsonb not null default '{}'::jsonb,
      loaded_files text[] not null default '{}',
      failure jsonb,
      -- per city and month: legacy lines and amounts read, and what was accepted (reconciliation)
      report jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id))`.execute(db);
    await makeTenantTable(db, 'migration_runs', ['id']);
    await sql`create table migration_mappings (
      tenant_id uuid not null references tenants(id) on delete cascade,
      version integer not null check (version > 0),
      -- {file: {lianxuField: legacyHeader}}
      mapping jsonb not null check (jsonb_typeof(mapping) = 'object'),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, version))`.execute(db);
    await makeTenantTable(db, 'migration_mappings', ['version']);

    await sql.raw(`
      create function migration_sandbox_name(run uuid) returns text language sql immutable as
        $$ select 'mig_' || replace(run::text, '-', '') $$;

      ${sandboxCreateFunction('create', PER_ROW_TENANT)}

      create function migration_sandbox_drop(run uuid) returns void
        language plpgsql security definer set search_path = public, pg_temp as $fn$
      begin
        if not exists (select 1 from migration_runs where id = run) then
          raise exception 'no such migration run for this tenant' using errcode = '42501';
        end if;
        execute format('drop schema if exists %I cascade', migration_sandbox_name(run));
      end $fn$;`).execute(db);
    // Callable by any role: each refuses a run the caller's tenant cannot see.
  },

  async down(db: Kysely<any>) {
    const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like 'mig\\_%'`.execute(db);
    for (const r of rows) await sql`drop schema ${sql.id(r.nspname)} cascade`.execute(db);
    await sql`drop function migration_sandbox_drop(uuid), migration_sandbox_create(uuid), migration_sandbox_name(uuid)`.execute(db);
    await sql`drop table migration_mappings, migration_runs`.execute(db);
  },
};

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
