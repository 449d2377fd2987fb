import { sql, type Kysely, type Migration } from 'kysely';
import { createTenantTablePolicy } from '../tenant-table';

// Loading as a Temporal workflow, and contribution history promoted (issue #16).
// - While a load runs, the run keeps its run key sealed under the tenant's data key (the worker
//   reads the package with it; the transfer key itself is never stored) and wipes it when the load
//   ends; the file being loaded reports its counts so far in load_progress.
// - Two people sign a validated run off before it may be promoted: the consultant and the tenant
//   admin (sign_offs: {consultant|tenant_admin: {userId, email, at}}); a new load clears them.
// - Promotion carries the legacy contribution lines into contribution_history: the months paid
//   before the move, as history (no filing, no bill), keyed by run and source row.

export const dataMigrationLoadMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table migration_runs
      add column load_key_cipher bytea,
      add column load_key_id text,
      add column load_progress jsonb,
      add column history_lines integer not null default 0 check (history_lines >= 0),
      add column sign_offs jsonb not null default '{}'::jsonb check (jsonb_typeof(sign_offs) = 'object')`.execute(db);
    await sql`create table contribution_history (
      tenant_id uuid not null references tenants(id) on delete cascade,
      id uuid not null,
      employee_id uuid not null,
      run_id uuid not null,
      city_code text not null,
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      insurance text not null,
      base_fen bigint not null check (base_fen >= 0),
      employer_fen bigint not null check (employer_fen >= 0),
      employee_fen bigint not null check (employee_fen >= 0),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, employee_id) references employees (tenant_id, id) on delete cascade,
      unique (tenant_id, employee_id, month, insurance))`.execute(db);
    await sql`create index contribution_history_month on contribution_history (tenant_id, month)`.execute(db);
    // Row-level security like every tenant table; no per-row audit trigger: the lines arrive in bulk
    // with their run, and the run's own row (an audited tenant table) records who promoted it.
    await createTenantTablePolicy(db, 'contribution_history');
  },

  async down(db: Kysely<any>) {
    await sql`drop table contribution_history`.execute(db);
    await sql`alter table migration_runs drop column load_key_cipher, drop column load_key_id, drop column load_progress, drop column history_lines, drop column sign_offs`.execute(db);
  },
};
