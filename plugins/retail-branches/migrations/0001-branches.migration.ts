import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '@lianxu/plugin-sdk';

/** Branches and who works at which; tenant tables (tenant_id leads every key, forced RLS, audit trigger). */
export const branchesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('branches')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('city_code', 'text', (c) => c.notNull().check(sql`city_code ~ '^[1-8][0-9]{5}$'`))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('manager_name', 'text', (c) => c.notNull())
      .addColumn('manager_mobile', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('branches_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('branches_name_key', ['tenant_id', 'name'])
      .execute();
    await makeTenantTable(db, 'branches', ['id']);
    await sql`create index branches_by_city on branches (tenant_id, city_code)`.execute(db);

    await db.schema
      .createTable('branch_assignments')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('branch_id', 'uuid', (c) => c.notNull())
      .addColumn('since', 'date', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('branch_assignments_pkey', ['tenant_id', 'employee_id'])
      .addForeignKeyConstraint('branch_assignments_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('branch_assignments_branch_fkey', ['tenant_id', 'branch_id'], 'branches', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'branch_assignments', ['employee_id']);
    await sql`create index branch_assignments_by_branch on branch_assignments (tenant_id, branch_id)`.execute(db);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('branch_assignments').execute();
    await db.schema.dropTable('branches').execute();
  },
};
