import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Provisional figures settled (issue #15, items 4 and 5): when a policy revision publishes figures a
// city-year had carried forward, the months already priced on them (billed or locked) are settled
// by 补差/退费 lines. The settlement is an adjustment of its own kind ('provisional') beside the
// annual one, one per tenant, city and published revision, previewed and confirmed by HR like it;
// its preview is one line per employee, month and insurance (base_adjustment_settlements).
export const provisionalSettlementsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table base_adjustments
      add column kind text not null default 'annual' check (kind in ('annual', 'provisional')),
      add column settles_policy_id text`.execute(db);
    await sql`alter table base_adjustments drop constraint base_adjustments_city_year_key`.execute(db);
    await sql`create unique index base_adjustments_annual_key on base_adjustments (tenant_id, city_code, policy_year) where kind = 'annual'`.execute(db);
    await sql`create unique index base_adjustments_settlement_key on base_adjustments (tenant_id, city_code, policy_id) where kind = 'provisional'`.execute(db);

    await db.schema
      .createTable('base_adjustment_settlements')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('adjustment_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('person_name', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('insurance', 'text', (c) => c.notNull())
      .addColumn('base_fen', 'bigint', (c) => c.notNull())
      .addColumn('old_employer_fen', 'bigint', (c) => c.notNull())
      .addColumn('old_employee_fen', 'bigint', (c) => c.notNull())
      .addColumn('new_employer_fen', 'bigint', (c) => c.notNull())
      .addColumn('new_employee_fen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('base_adjustment_settlements_pkey', ['tenant_id', 'adjustment_id', 'employee_id', 'month', 'insurance'])
      .addForeignKeyConstraint('base_adjustment_settlements_adjustment_fkey', ['tenant_id', 'adjustment_id'], 'base_adjustments', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('base_adjustment_settlements_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'base_adjustment_settlements', ['adjustment_id', 'employee_id', 'month', 'insurance']);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('base_adjustment_settlements').execute();
    await sql`drop index base_adjustments_settlement_key`.execute(db);
    await sql`drop index base_adjustments_annual_key`.execute(db);
    await sql`alter table base_adjustments add constraint base_adjustments_city_year_key unique (tenant_id, city_code, policy_year)`.execute(db);
    await sql`alter table base_adjustments drop column settles_policy_id, drop column kind`.execute(db);
  },
};
