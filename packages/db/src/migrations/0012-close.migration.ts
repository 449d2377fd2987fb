import { sql, type Kysely, type Migration } from 'kysely';
import { createTenantTablePolicy, makeTenantTable } from '../tenant-table';

// The monthly close (月结) per employing entity x city x month (issue #15, part 3): the bureau's
// bill and its lines, payroll's deductions (and each tenant's column mapping for payroll's file),
// the differences the three-way match finds, adjustment lines (补缴/退费/补差) carried into a later
// open month, and the month's close itself. Every table carries (entity_id, city_code, month) so a
// locked month is refused by one trigger function: the figures of a locked month cannot change,
// whatever writes them. The high-volume line tables get statement-level triggers over transition
// tables (one check per statement, not per row) and no per-row audit (their header rows are audited).

const MONTH = (column: string) => sql.raw(`${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`);
const INSURANCE = sql.raw(`insurance in ('pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund')`);
const CITY = sql.raw(`city_code ~ '^[0-9]{6}$'`);

/** SQLSTATE of the refusal; the API maps it to 409 naming the month. */
export const MONTH_LOCKED_SQLSTATE = 'LX409';

const GUARDED = ['close_bills', 'close_bill_lines', 'close_deductions', 'close_differences', 'adjustment_lines'] as const;

export const closeMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table month_closes (
        tenant_id uuid not null references tenants(id) on delete cascade,
        entity_id uuid not null,
        city_code text not null check (${CITY}),
        month text not null check (${MONTH('month')}),
        state text not null default 'open' check (state in ('open', 'locked')),
        matched_at timestamptz,
        signed_off_by uuid,
        signed_off_at timestamptz,
        unlocked_by uuid,
        unlocked_at timestamptz,
        unlock_reason text check (char_length(unlock_reason) <= 500),
        workflow_id text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint month_closes_pkey primary key (tenant_id, entity_id, city_code, month),
        constraint month_closes_entity_fkey foreign key (tenant_id, entity_id) references entities (tenant_id, id) on delete cascade,
        constraint month_closes_locked_signed check (state = 'open' or (signed_off_by is not null and signed_off_at is not null))
      )`.execute(db);
    await makeTenantTable(db, 'month_closes', ['entity_id', 'city_code', 'month']);

    await sql`
      create table close_bills (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        entity_id uuid not null,
        city_code text not null check (${CITY}),
        month text not null check (${MONTH('month')}),
        source text not null check (source in ('gateway', 'excel')),
        line_count integer not null,
        received_at timestamptz not null default now(),
        constraint close_bills_pkey primary key (tenant_id, id),
        constraint close_bills_month_key unique (tenant_id, entity_id, city_code, month),
        constraint close_bills_close_fkey foreign key (tenant_id, entity_id, city_code, month) references month_closes (tenant_id, entity_id, city_code, month) on delete cascade
      )`.execute(db);
    await makeTenantTable(db, 'close_bills', ['id']);

    // The national platform's bill line: period, contribution period from-to, base, employer and
    // employee amounts, interest and late fee, collection type and the tax e-voucher number.
    await sql`
      create table close_bill_lines (
        tenant_id uuid not null,
        bill_id uuid not null,
        line_no integer not null,
        entity_id uuid not null,
        city_code text not null,
        month text not null,
        employee_id uuid,
        person_name text not null,
        id_number_masked text not null,
        insurance text not null check (${INSURANCE}),
        period_from text not null check (${MONTH('period_from')}),
        period_to text not null check (${MONTH('period_to')}),
        base_fen bigint not null check (base_fen >= 0),
        employer_fen bigint not null,
        employee_fen bigint not null,
        interest_fen bigint not null default 0,
        late_fee_fen bigint not null default 0,
        collection_type text not null,
        voucher_no text,
        constraint close_bill_lines_pkey primary key (tenant_id, bill_id, line_no),
        constraint close_bill_lines_bill_fkey foreign key (tenant_id, bill_id) references close_bills (tenant_id, id) on delete cascade
      )`.execute(db);
    await createTenantTablePolicy(db, 'close_bill_lines');
    await sql`create index close_bill_lines_by_month on close_bill_lines (tenant_id, entity_id, city_code, month, employee_id)`.execute(db);

    await sql`
      create table close_deductions (
        tenant_id uuid not null,
        entity_id uuid not null,
        city_code text not null check (${CITY}),
        month text not null check (${MONTH('month')}),
        employee_id uuid not null,
        insurance text not null check (${INSURANCE}),
        employee_fen bigint not null check (employee_fen >= 0),
        source text not null check (source in ('csv', 'xlsx', 'api')),
        imported_at timestamptz not null default now(),
        constraint close_deductions_pkey primary key (tenant_id, entity_id, city_code, month, employee_id, insurance),
        constraint close_deductions_close_fkey foreign key (tenant_id, entity_id, city_code, month) references month_closes (tenant_id, entity_id, city_code, month) on delete cascade
      )`.execute(db);
    await createTenantTablePolicy(db, 'close_deductions');

    // Payroll's export as this tenant's payroll writes it: which column holds what, saved once.
    await sql`
      create table deduction_mappings (
        tenant_id uuid not null references tenants(id) on delete cascade,
        columns jsonb not null,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        constraint deduction_mappings_pkey primary key (tenant_id)
      )`.execute(db);
    await makeTenantTable(db, 'deduction_mappings', ['tenant_id']);

    await sql`
      create table close_differences (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        entity_id uuid not null,
        city_code text not null,
        month text not null,
        employee_id uuid,
        person_name text not null,
        insurance text not null check (${INSURANCE}),
        class text not null check (class in ('rounding', 'headcount', 'base', 'rate', 'duplicate', 'missing_deduction')),
        expected_base_fen bigint,
        expected_employer_fen bigint,
        expected_employee_fen bigint,
        billed_base_fen bigint,
        billed_employer_fen bigint,
        billed_employee_fen bigint,
        deducted_fen bigint,
        amount_fen bigint not null,
        state text not null default 'open' check (state in ('open', 'accepted', 'fixed', 'adjusted')),
        resolution_reason text check (char_length(resolution_reason) <= 500),
        resolved_by uuid,
        resolved_at timestamptz,
        adjustment_id uuid,
        created_at timestamptz not null default now(),
        constraint close_differences_pkey primary key (tenant_id, id),
        constraint close_differences_close_fkey foreign key (tenant_id, entity_id, city_code, month) references month_closes (tenant_id, entity_id, city_code, month) on delete cascade,
        constraint close_differences_resolved check (state = 'open' or (resolved_by is not null and resolved_at is not null)),
        constraint close_differences_accepted_reason check (state <> 'accepted' or resolution_reason is not null)
      )`.execute(db);
    await makeTenantTable(db, 'close_differences', ['id']);
    await sql`create index close_differences_by_month on close_differences (tenant_id, entity_id, city_code, month, state)`.execute(db);

    // A correction of a closed (or earlier) month, paid in a later open month: 补缴 (back payment),
    // 退费 (refund) or 补差 (difference at a new base), with the original period and the late fee.
    await sql`
      create table adjustment_lines (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        entity_id uuid not null,
        city_code text not null check (${CITY}),
        month text not null check (${MONTH('month')}),
        original_month text not null check (${MONTH('original_month')}),
        employee_id uuid,
        person_name text not null,
        insurance text not null check (${INSURANCE}),
        kind text not null check (kind in ('back_payment', 'refund', 'top_up')),
        employer_fen bigint not null,
        employee_fen bigint not null,
        due_date date not null,
        late_fee_days integer not null check (late_fee_days >= 0),
        late_fee_fen bigint not null check (late_fee_fen >= 0),
        reason text not null check (char_length(reason) between 1 and 500),
        difference_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        constraint adjustment_lines_pkey primary key (tenant_id, id),
        constraint adjustment_lines_close_fkey foreign key (tenant_id, entity_id, city_code, month) references month_closes (tenant_id, entity_id, city_code, month),
        constraint adjustment_lines_later check (month > original_month)
      )`.execute(db);
    await makeTenantTable(db, 'adjustment_lines', ['id']);

    // The guard: a write whose rows belong to a locked month is refused, naming the month.
    await sql`
      create function close_refuse_locked() returns trigger language plpgsql as $$
      declare
        hit_month text;
        hit_city text;
      begin
        if tg_op <> 'DELETE' then
          select c.month, c.city_code into hit_month, hit_city from new_rows r join month_closes c
            on c.tenant_id = r.tenant_id and c.entity_id = r.entity_id and c.city_code = r.city_code and c.month = r.month
            where c.state = 'locked' limit 1;
        end if;
        if hit_month is null and tg_op <> 'INSERT' then
          select c.month, c.city_code into hit_month, hit_city from old_rows r join month_closes c
            on c.tenant_id = r.tenant_id and c.entity_id = r.entity_id and c.city_code = r.city_code and c.month = r.month
            where c.state = 'locked' limit 1;
        end if;
        if hit_month is not null then
          raise exception using errcode = ${sql.lit(MONTH_LOCKED_SQLSTATE)}, message = format('month %s of city %s is locked', hit_month, hit_city),
            detail = hit_month || ' ' || hit_city;
        end if;
        return null;
      end $$`.execute(db);
    for (const table of GUARDED) {
      const t = sql.table(table);
      const name = (op: string) => sql.raw(`${table}_locked_${op}`);
      await sql`create trigger ${name('insert')} after insert on ${t} referencing new table as new_rows for each statement execute function close_refuse_locked()`.execute(db);
      await sql`create trigger ${name('update')} after update on ${t} referencing new table as new_rows old table as old_rows for each statement execute function close_refuse_locked()`.execute(db);
      await sql`create trigger ${name('delete')} after delete on ${t} referencing old table as old_rows for each statement execute function close_refuse_locked()`.execute(db);
    }
  },

  async down(db: Kysely<any>) {
    for (const table of ['adjustment_lines', 'close_differences', 'deduction_mappings', 'close_deductions', 'close_bill_lines', 'close_bills', 'month_closes']) {
      await sql`drop table ${sql.table(table)}`.execute(db);
    }
    await sql`drop function close_refuse_locked()`.execute(db);
  },
};
