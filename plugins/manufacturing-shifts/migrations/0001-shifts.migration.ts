import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '@lianxu/plugin-sdk';

const HOURS = (column: string) => sql.raw(`${column} >= 0 and ${column} <= 24`);

/** The plugin's tables; every one a tenant table (tenant_id leads every key, forced RLS, audit trigger). */
export const shiftsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('shift_patterns')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('code', 'text', (c) => c.notNull().check(sql`code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('shifts', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(shifts) = 'array'`))
      .addColumn('preset', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('shift_patterns_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('shift_patterns_code_key', ['tenant_id', 'code'])
      .execute();
    await makeTenantTable(db, 'shift_patterns', ['id']);

    await db.schema
      .createTable('shift_schedules')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('pattern_id', 'uuid', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('valid_from', 'date', (c) => c.notNull())
      .addColumn('valid_to', 'date', (c) => c.check(sql`valid_to is null or valid_to >= valid_from`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('shift_schedules_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint('shift_schedules_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('shift_schedules_pattern_fkey', ['tenant_id', 'pattern_id'], 'shift_patterns', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'shift_schedules', ['id']);
    await sql`create index shift_schedules_by_employee on shift_schedules (tenant_id, employee_id, valid_from)`.execute(db);

    await db.schema
      .createTable('attendance_imports')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'csv', 'xlsx')`))
      .addColumn('file_name', 'text')
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('attendance_imports_pkey', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'attendance_imports', ['id']);

    await db.schema
      .createTable('attendance')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('work_date', 'date', (c) => c.notNull())
      .addColumn('regular_hours', 'numeric(4, 2)', (c) => c.notNull().check(HOURS('regular_hours')))
      .addColumn('overtime_hours', 'numeric(4, 2)', (c) => c.notNull().check(HOURS('overtime_hours')))
      .addColumn('shift', 'text')
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'csv', 'xlsx')`))
      .addColumn('import_id', 'uuid')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('attendance_pkey', ['tenant_id', 'employee_id', 'work_date'])
      .addForeignKeyConstraint('attendance_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('attendance_import_fkey', ['tenant_id', 'import_id'], 'attendance_imports', ['tenant_id', 'id'])
      .addCheckConstraint('attendance_day_hours', sql`regular_hours + overtime_hours <= 24`)
      .execute();
    await makeTenantTable(db, 'attendance', ['employee_id', 'work_date']);
    await sql`create index attendance_by_date on attendance (tenant_id, work_date)`.execute(db);

    await db.schema
      .createTable('overtime_monthly')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
      .addColumn('regular_hours', 'numeric(7, 2)', (c) => c.notNull())
      .addColumn('overtime_hours', 'numeric(7, 2)', (c) => c.notNull())
      .addColumn('days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('overtime_monthly_pkey', ['tenant_id', 'employee_id', 'month'])
      .addForeignKeyConstraint('overtime_monthly_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'overtime_monthly', ['employee_id', 'month']);
  },

  async down(db: Kysely<any>) {
    for (const table of ['overtime_monthly', 'attendance', 'attendance_imports', 'shift_schedules', 'shift_patterns']) await db.schema.dropTable(table).execute();
  },
};
