import { sql, type Kysely, type Migration } from 'kysely';
import { ACTOR_SETTING, EMPLOYEE_SETTING, makeTenantTable } from '../tenant-table';

// Employee self-service (issue 17, part 2). A user linked to one employee of a tenant reads their own
// rows only, enforced by PostgreSQL: `withEmployee` sets app.employee_id for the transaction, and a
// restrictive policy on each table the /me routes read admits only that employee's rows (and with no
// employee set, as for HR, the policy admits everything the tenant policy admits).

const EMPLOYEE = sql`nullif(current_setting(${sql.lit(EMPLOYEE_SETTING)}, true), '')`;
const ACTOR = sql`nullif(current_setting(${sql.lit(ACTOR_SETTING)}, true), '')`;

/** table -> the column naming the employee */
const EMPLOYEE_TABLES: [string, string][] = [
  ['employees', 'id'],
  ['wage_history', 'employee_id'],
  ['employment_events', 'employee_id'],
  ['filing_tasks', 'employee_id'],
  ['coverage_periods', 'employee_id'],
  ['employee_user_links', 'employee_id'],
  ['employee_requests', 'employee_id'],
];

export const employeeSelfServiceMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('employee_user_links')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('linked_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // One employee record per user and tenant, one user per employee.
      .addPrimaryKeyConstraint('employee_user_links_pkey', ['tenant_id', 'user_id'])
      .addUniqueConstraint('employee_user_links_employee_key', ['tenant_id', 'employee_id'])
      .addForeignKeyConstraint('employee_user_links_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'employee_user_links', ['user_id']);

    // What an employee asks HR: a leave date to plan, or a correction of their record.
    await db.schema
      .createTable('employee_requests')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('leave', 'correction')`))
      .addColumn('leave_date', 'date')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done')`))
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('closed_at', 'timestamptz')
      .addPrimaryKeyConstraint('employee_requests_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint('employee_requests_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addCheckConstraint('employee_requests_leave_date', sql`(kind = 'leave') = (leave_date is not null)`)
      .execute();
    await makeTenantTable(db, 'employee_requests', ['id']);
    await sql`create index employee_requests_by_employee on employee_requests (tenant_id, employee_id, created_at desc)`.execute(db);

    for (const [table, column] of EMPLOYEE_TABLES) {
      await sql`create policy employee_self on ${sql.table(table)} as restrictive for all
        using (${EMPLOYEE} is null or ${sql.ref(column)} = ${EMPLOYEE}::uuid)
        with check (${EMPLOYEE} is null or ${sql.ref(column)} = ${EMPLOYEE}::uuid)`.execute(db);
    }
    // Notifications: an employee reads only notices addressed to them (as employee or as user); writing a
    // notice to HR from their request stays allowed, so the policy covers reading, changing and deleting.
    for (const command of ['select', 'update', 'delete'] as const) {
      await sql`create policy ${sql.raw(`employee_self_${command}`)} on notifications as restrictive for ${sql.raw(command)}
        using (${EMPLOYEE} is null or recipient_employee_id = ${EMPLOYEE}::uuid or recipient_user_id = ${ACTOR}::uuid)`.execute(db);
    }
    await sql`create index notifications_by_employee on notifications (tenant_id, recipient_employee_id, created_at desc) where recipient_employee_id is not null`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`drop index if exists notifications_by_employee`.execute(db);
    for (const command of ['select', 'update', 'delete']) await sql`drop policy if exists ${sql.raw(`employee_self_${command}`)} on notifications`.execute(db);
    for (const [table] of EMPLOYEE_TABLES.slice(0, 5)) await sql`drop policy if exists employee_self on ${sql.table(table)}`.execute(db);
    await db.schema.dropTable('employee_requests').execute();
    await db.schema.dropTable('employee_user_links').execute();
  },
};
