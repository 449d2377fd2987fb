import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The monthly close as a workflow and its imports (issue #15, item 3): when HR was reminded that
// the city's payment window is closing, and the city's Excel bill as this tenant's bureau writes it
// (which column holds what, saved once, as payroll's export is in deduction_mappings).
export const closeWorkflowMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table month_closes add column reminded_at timestamptz`.execute(db);
    await sql`
      create table close_bill_mappings (
        tenant_id uuid not null references tenants(id) on delete cascade,
        columns jsonb not null,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        constraint close_bill_mappings_pkey primary key (tenant_id)
      )`.execute(db);
    await makeTenantTable(db, 'close_bill_mappings', ['tenant_id']);
  },
  async down(db: Kysely<any>) {
    await sql`drop table close_bill_mappings`.execute(db);
    await sql`alter table month_closes drop column reminded_at`.execute(db);
  },
};
