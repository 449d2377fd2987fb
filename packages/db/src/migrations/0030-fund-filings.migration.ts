import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The housing fund as its own track (issue #19): 住房公积金 is filed with the city's 公积金管理中心,
// not with the social-insurance bureau. 住房公积金管理条例 第15条: a hire's 缴存登记 within 30 days of
// the hire, and on leaving the 变更登记 (the account sealed, 封存, or moved) within 30 days. One row per
// filing HR owes the centre, made with the hire, the termination or the transfer when the employing
// entity is registered with the centre in that city; HR files it on the centre's portal and records
// the centre's receipt here. The daily risk scan watches the deadline.

export const fundFilingsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table fund_filings (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        employee_id uuid not null,
        event_id uuid not null,
        kind text not null check (kind in ('open', 'seal')),
        city_code text not null check (city_code ~ '^[0-9]{6}$'),
        -- 缴存登记: the first month paid to the fund; 封存: the last month
        month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        -- the last day of the legal 30 days (Asia/Shanghai)
        due_date date not null,
        status text not null default 'to_file' check (status in ('to_file', 'filed')),
        receipt_no text check (receipt_no is null or length(receipt_no) between 1 and 64),
        filed_on date,
        filed_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint fund_filings_pkey primary key (tenant_id, id),
        constraint fund_filings_employee_fkey foreign key (tenant_id, employee_id) references employees (tenant_id, id) on delete cascade,
        constraint fund_filings_event_key unique (tenant_id, event_id, kind, city_code),
        constraint fund_filings_filed check ((status = 'to_file') = (receipt_no is null and filed_on is null))
      )`.execute(db);
    await sql`create index fund_filings_due on fund_filings (tenant_id, status, due_date)`.execute(db);
    await sql`create index fund_filings_employee on fund_filings (tenant_id, employee_id)`.execute(db);
    await makeTenantTable(db, 'fund_filings', ['id']);
  },

  async down(db: Kysely<any>) {
    await sql`drop table fund_filings`.execute(db);
  },
};
