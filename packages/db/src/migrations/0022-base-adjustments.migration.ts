import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The annual (July) base adjustment (issue #15, item 5): one adjustment per tenant, city and policy
// year with the preview HR confirms (one line per employee), and the declared wage (申报工资) each
// employee's contribution base is computed from for the months of that policy year.
export const baseAdjustmentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('base_adjustments')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('city_code', 'text', (c) => c.notNull())
      .addColumn('policy_year', 'integer', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('effective_month', 'text', (c) => c.notNull())
      .addColumn('effective_to', 'text', (c) => c.notNull())
      .addColumn('prepared_on', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('preview').check(sql`state in ('preview', 'applied', 'cancelled')`))
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'uuid')
      .addColumn('decided_at', 'timestamptz')
      .addColumn('cancel_reason', 'text')
      .addColumn('top_up_lines', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('base_adjustments_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('base_adjustments_city_year_key', ['tenant_id', 'city_code', 'policy_year'])
      .execute();
    await makeTenantTable(db, 'base_adjustments', ['id']);

    await db.schema
      .createTable('base_adjustment_lines')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('adjustment_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('person_name', 'text', (c) => c.notNull())
      .addColumn('old_wage_fen', 'bigint')
      .addColumn('old_base_fen', 'bigint')
      .addColumn('average_wage_fen', 'bigint')
      .addColumn('months_used', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('new_base_fen', 'bigint')
      .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('average', 'floor', 'cap', 'no_wage_history', 'not_priced')`))
      .addColumn('employer_change_fen', 'bigint')
      .addColumn('employee_change_fen', 'bigint')
      .addPrimaryKeyConstraint('base_adjustment_lines_pkey', ['tenant_id', 'adjustment_id', 'employee_id'])
      .addForeignKeyConstraint('base_adjustment_lines_adjustment_fkey', ['tenant_id', 'adjustment_id'], 'base_adjustments', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('base_adjustment_lines_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'base_adjustment_lines', ['adjustment_id', 'employee_id']);

    await db.schema
      .createTable('declared_bases')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('city_code', 'text', (c) => c.notNull())
      .addColumn('effective_month', 'text', (c) => c.notNull())
      .addColumn('effective_to', 'text', (c) => c.notNull())
      .addColumn('declared_wage_fen', 'bigint', (c) => c.notNull().check(sql`declared_wage_fen > 0`))
      .addColumn('adjustment_id', 'uuid', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('declared_bases_pkey', ['tenant_id', 'employee_id', 'city_code', 'effective_month'])
      .addForeignKeyConstraint('declared_bases_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('declared_bases_adjustment_fkey', ['tenant_id', 'adjustment_id'], 'base_adjustments', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'declared_bases', ['employee_id', 'city_code', 'effective_month']);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('declared_bases').execute();
    await db.schema.dropTable('base_adjustment_lines').execute();
    await db.schema.dropTable('base_adjustments').execute();
  },
};
