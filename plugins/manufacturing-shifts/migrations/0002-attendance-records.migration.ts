import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '@lianxu/plugin-sdk';

/**
 * Attendance posted by an attendance system through the API, one row per record id of that system:
 * the SHA-256 of the record's canonical body tells a repeat (nothing to do) from a changed record
 * under the same id (refused with 409).
 */
export const attendanceRecordsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attendance_records')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('record_id', 'text', (c) => c.notNull().check(sql`length(record_id) between 1 and 100`))
      .addColumn('body_sha256', 'text', (c) => c.notNull().check(sql`body_sha256 ~ '^[0-9a-f]{64}$'`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('work_date', 'date', (c) => c.notNull())
      .addColumn('import_id', 'uuid', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('attendance_records_pkey', ['tenant_id', 'record_id'])
      .addForeignKeyConstraint('attendance_records_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('attendance_records_import_fkey', ['tenant_id', 'import_id'], 'attendance_imports', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'attendance_records', ['record_id']);
    await sql`create index attendance_records_by_day on attendance_records (tenant_id, employee_id, work_date)`.execute(db);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('attendance_records').execute();
  },
};
