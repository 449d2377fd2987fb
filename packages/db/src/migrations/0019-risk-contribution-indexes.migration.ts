import { sql, type Kysely, type Migration } from 'kysely';

// The risk scan's contribution rules (issue #15) read, page by page of employees, the bill lines
// without a payment voucher and the close's open differences by employee id range. Both sets are
// small next to their tables (most lines are paid, most differences resolved): partial indexes.
export const riskContributionIndexesMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index close_bill_lines_unpaid_by_employee on close_bill_lines (tenant_id, employee_id) where coalesce(btrim(voucher_no), '') = ''`.execute(db);
    await sql`create index close_differences_open_by_employee on close_differences (tenant_id, employee_id) where state = 'open'`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists close_differences_open_by_employee`.execute(db);
    await sql`drop index if exists close_bill_lines_unpaid_by_employee`.execute(db);
  },
};
