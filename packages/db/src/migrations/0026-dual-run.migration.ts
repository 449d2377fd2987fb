import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The 90-day dual run after a promotion (issue #16, item 5): one run per migration run, a report row
// per business day (late days stay visible, none is skipped), and each difference found, classed
// and assigned. The old system's connection URL is kept sealed by the personal-data vault.

export const dualRunMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table dual_runs (
      tenant_id uuid not null references tenants(id) on delete cascade,
      run_id uuid not null,
      status text not null default 'running' check (status in ('running', 'retirement_offered', 'retired')),
      mode text not null default 'shadow' check (mode in ('shadow', 'live')),
      start_day date not null,
      days_total integer not null default 90 check (days_total > 0),
      clean_days_required integer not null default 10 check (clean_days_required > 0),
      -- detail lines that may differ, as a share of the lines compared (0.001 = 0.1%)
      tolerance numeric(6, 5) not null default 0.001 check (tolerance >= 0 and tolerance < 1),
      pay_day integer not null default 15 check (pay_day between 1 and 28),
      subject_salt text not null,
      source_cipher bytea,
      source_key_id text,
      source_disconnected_at timestamptz,
      clean_streak integer not null default 0,
      last_day date,
      mode_signed_off_by uuid,
      mode_signed_off_at timestamptz,
      archive jsonb,
      retired_by uuid,
      retired_at timestamptz,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, run_id),
      foreign key (tenant_id, run_id) references migration_runs (tenant_id, id) on delete cascade)`.execute(db);
    await makeTenantTable(db, 'dual_runs', ['run_id']);
    await sql`create table dual_run_days (
      tenant_id uuid not null,
      run_id uuid not null,
      day date not null,
      day_number integer not null,
      late boolean not null default false,
      attempts integer not null default 0,
      completed boolean not null default false,
      last_error text,
      mode text not null,
      lines_compared integer not null default 0,
      lines_different integer not null default 0,
      source_rows integer not null default 0,
      source_rows_read integer not null default 0,
      -- {month: {legacy, lianxu}} in fen
      totals jsonb not null default '{}'::jsonb,
      totals_match boolean,
      within_tolerance boolean,
      clean boolean,
      new_differences integer not null default 0,
      completed_at timestamptz,
      primary key (tenant_id, run_id, day),
      foreign key (tenant_id, run_id) references dual_runs (tenant_id, run_id) on delete cascade)`.execute(db);
    await makeTenantTable(db, 'dual_run_days', ['run_id', 'day']);
    await sql`create table dual_run_differences (
      tenant_id uuid not null,
      run_id uuid not null,
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind in ('roster', 'coverage', 'contribution', 'total')),
      subject text not null,
      item text not null,
      label text not null,
      employee_id uuid,
      legacy_value text,
      lianxu_value text,
      class text not null check (class in ('timing', 'configuration', 'data', 'defect')),
      auto_class text not null check (auto_class in ('timing', 'configuration', 'data', 'defect')),
      status text not null default 'open' check (status in ('open', 'explained', 'gone')),
      first_seen_day date not null,
      last_seen_day date not null,
      assignee_user_id uuid,
      note text,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, run_id, id),
      unique (tenant_id, run_id, kind, subject, item),
      foreign key (tenant_id, run_id) references dual_runs (tenant_id, run_id) on delete cascade)`.execute(db);
    await sql`create index dual_run_differences_day on dual_run_differences (tenant_id, run_id, first_seen_day)`.execute(db);
    await makeTenantTable(db, 'dual_run_differences', ['run_id', 'id']);
  },

  async down(db: Kysely<any>) {
    await sql`drop table dual_run_differences, dual_run_days, dual_runs`.execute(db);
  },
};
