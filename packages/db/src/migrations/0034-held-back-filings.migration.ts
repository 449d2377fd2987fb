import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Filings held back during a dual run in shadow mode (issue #16, item 5): the old system still files
// with the bureau, so Lianxu computes each lifecycle filing (enrollment, stop, base change) with its
// base but does not send it. One row per filing (its idempotency key), naming the dual run whose
// shadow mode held it back: what Lianxu would have filed, kept to compare with what the old system
// shows. A held-back filing is never sent later (switching to live files only new ones).

export const heldBackFilingsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table held_back_filings (
        tenant_id uuid not null,
        idempotency_key text not null check (length(idempotency_key) between 1 and 200),
        run_id uuid not null,
        kind text not null check (kind in ('enrollment', 'stop', 'base_change')),
        employee_id uuid not null,
        -- the filing task (enrollment, stop); null for a base change
        task_id uuid,
        city_code text not null check (city_code ~ '^[0-9]{6}$'),
        -- enrollment: start month; stop: last month; base change: from month
        month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        base_fen bigint check (base_fen is null or base_fen >= 0),
        created_at timestamptz not null default now(),
        constraint held_back_filings_pkey primary key (tenant_id, idempotency_key),
        constraint held_back_filings_run_fkey foreign key (tenant_id, run_id) references dual_runs (tenant_id, run_id) on delete cascade,
        constraint held_back_filings_employee_fkey foreign key (tenant_id, employee_id) references employees (tenant_id, id) on delete cascade
      )`.execute(db);
    await sql`create index held_back_filings_run on held_back_filings (tenant_id, run_id, created_at)`.execute(db);
    await sql`create index held_back_filings_employee on held_back_filings (tenant_id, employee_id)`.execute(db);
    await makeTenantTable(db, 'held_back_filings', ['idempotency_key']);
  },

  async down(db: Kysely<any>) {
    await sql`drop table held_back_filings`.execute(db);
  },
};
