import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The people and lifecycle tables (issue #5). Every one is a tenant table: tenant_id leads the
// primary key and every unique key, row-level security is forced, and changes leave audit rows.

const MONTH_CHECK = (column: string) => sql.raw(`${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`);

export const peopleMigration: Migration = {
  async up(db: Kysely<any>) {
    // Staff mobiles, for deadline SMS to HR (platform table, reached through the auth module).
    await db.schema.alterTable('users').addColumn('mobile', 'text', (c) => c.check(sql`mobile ~ '^1[3-9][0-9]{9}$'`)).execute();

    // Per-tenant, per-city settings: the cut-off day decides the last contribution month of a stop.
    await db.schema
      .alterTable('tenant_cities')
      .addColumn('cutoff_day', 'integer', (c) => c.notNull().defaultTo(25).check(sql`cutoff_day between 1 and 28`))
      .execute();

    // Tenant-wide lifecycle settings (one row per tenant).
    await db.schema
      .createTable('tenant_settings')
      .addColumn('tenant_id', 'uuid', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('warn_day', 'integer', (c) => c.notNull().defaultTo(25).check(sql`warn_day between 1 and 30`))
      .addColumn('approval_required', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await makeTenantTable(db, 'tenant_settings', ['tenant_id']);

    // Per-tenant data keys for personal data, wrapped (AES-256-GCM) by the master key.
    await db.schema
      .createTable('data_keys')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('wrapped_key', 'bytea', (c) => c.notNull())
      .addColumn('master_key_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('data_keys_pkey', ['tenant_id', 'key_id'])
      .execute();
    await makeTenantTable(db, 'data_keys', ['key_id']);

    // Employing legal entities, each with its 统一社会信用代码 (GB 32100).
    await db.schema
      .createTable('entities')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('credit_code', 'text', (c) => c.notNull().check(sql`credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('entities_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('entities_credit_code_key', ['tenant_id', 'credit_code'])
      .execute();
    await makeTenantTable(db, 'entities', ['id']);

    // Per city and agency: the entity's registration number and the gateway used to file there.
    await db.schema
      .createTable('entity_registrations')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('city_code', 'text', (c) => c.notNull().check(sql`city_code ~ '^[0-9]{6}$'`))
      .addColumn('agency', 'text', (c) => c.notNull().check(sql`agency in ('social_insurance', 'medical_insurance', 'housing_fund')`))
      .addColumn('registration_no', 'text', (c) => c.notNull())
      .addColumn('gateway', 'text', (c) => c.notNull().check(sql`gateway in ('bureau-sim', 'filing-file')`))
      .addPrimaryKeyConstraint('entity_registrations_pkey', ['tenant_id', 'entity_id', 'city_code', 'agency'])
      .addForeignKeyConstraint('entity_registrations_entity_fkey', ['tenant_id', 'entity_id'], 'entities', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'entity_registrations', ['entity_id', 'city_code', 'agency']);

    // Employees. The ID number is stored only encrypted (with its key id) and as a keyed blind index.
    await db.schema
      .createTable('employees')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mobile', 'text', (c) => c.notNull())
      .addColumn('id_number_cipher', 'bytea', (c) => c.notNull())
      .addColumn('id_number_key_id', 'text', (c) => c.notNull())
      .addColumn('id_number_index', 'bytea', (c) => c.notNull())
      .addColumn('id_number_masked', 'text', (c) => c.notNull())
      .addColumn('hukou', 'text', (c) => c.notNull().check(sql`hukou in ('local', 'non-local')`))
      .addColumn('work_city', 'text', (c) => c.notNull().check(sql`work_city ~ '^[0-9]{6}$'`))
      .addColumn('hire_date', 'date', (c) => c.notNull())
      .addColumn('termination_date', 'date')
      .addColumn('monthly_wage_fen', 'bigint', (c) => c.notNull().check(sql`monthly_wage_fen > 0`))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'terminated')`))
      .addColumn('custom_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('employees_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint('employees_entity_fkey', ['tenant_id', 'entity_id'], 'entities', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'employees', ['id']);
    // One active employment per person per tenant; the blind index finds a person by ID number.
    await sql`create unique index employees_active_person on employees (tenant_id, id_number_index) where status = 'active'`.execute(db);
    await sql`create index employees_by_id_number on employees (tenant_id, id_number_index)`.execute(db);
    await sql`create index employees_by_hire_date on employees (tenant_id, hire_date desc, id)`.execute(db);
    await sql`create index employees_by_city on employees (tenant_id, work_city, status)`.execute(db);
    await sql`create index employees_custom_fields on employees using gin (custom_fields jsonb_path_ops)`.execute(db);

    await db.schema
      .createTable('wage_history')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('effective_from', 'date', (c) => c.notNull())
      .addColumn('monthly_wage_fen', 'bigint', (c) => c.notNull().check(sql`monthly_wage_fen > 0`))
      .addColumn('event_id', 'uuid', (c) => c.notNull())
      .addPrimaryKeyConstraint('wage_history_pkey', ['tenant_id', 'employee_id', 'effective_from'])
      .addForeignKeyConstraint('wage_history_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'wage_history', ['employee_id', 'effective_from']);

    // Employment events: what happened (effective date) and when it was recorded, once per key.
    await db.schema
      .createTable('employment_events')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('hire', 'terminate', 'transfer', 'wage_change')`))
      .addColumn('effective_date', 'date', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_id', 'uuid')
      .addColumn('idempotency_key', 'text')
      .addColumn('request_hash', 'text')
      // The event's details without personal identifiers (never the ID number).
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      // The first answer, replayed for a repeat of the same key and body.
      .addColumn('response_status', 'integer')
      .addColumn('response_body', 'jsonb')
      .addPrimaryKeyConstraint('employment_events_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('employment_events_idempotency_key', ['tenant_id', 'idempotency_key'])
      .addForeignKeyConstraint('employment_events_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'employment_events', ['id']);
    await sql`create index employment_events_by_employee on employment_events (tenant_id, employee_id, recorded_at)`.execute(db);

    // Filing tasks: one enrollment (增员) or stop (减员) with one bureau, carried by one workflow.
    await db.schema
      .createTable('filing_tasks')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('event_id', 'uuid', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('enrollment', 'stop')`))
      .addColumn('city_code', 'text', (c) => c.notNull())
      .addColumn('gateway', 'text', (c) => c.notNull())
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('pending_approval', 'submitting', 'submitted', 'confirmed', 'rejected', 'cancelled')`))
      .addColumn('open', 'boolean', (c) => c.notNull().defaultTo(true))
      /** Enrollment: first covered month. Stop: last covered month. */
      .addColumn('month', 'text', (c) => c.notNull().check(MONTH_CHECK('month')))
      .addColumn('base_fen', 'bigint')
      .addColumn('deadline_at', 'timestamptz')
      .addColumn('warn_at', 'timestamptz')
      .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('filing_id', 'text')
      .addColumn('receipt_no', 'text')
      .addColumn('rejection', 'jsonb')
      .addColumn('warned_at', 'timestamptz')
      .addColumn('escalated_at', 'timestamptz')
      .addColumn('approved_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('closed_at', 'timestamptz')
      .addPrimaryKeyConstraint('filing_tasks_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('filing_tasks_workflow_key', ['tenant_id', 'workflow_id'])
      .addForeignKeyConstraint('filing_tasks_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'filing_tasks', ['id']);
    await sql`create index filing_tasks_open on filing_tasks (tenant_id, deadline_at) where open`.execute(db);
    await sql`create index filing_tasks_by_employee on filing_tasks (tenant_id, employee_id)`.execute(db);

    // Coverage periods per employee and city: months from start to end (open while end is null).
    await db.schema
      .createTable('coverage_periods')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('city_code', 'text', (c) => c.notNull())
      .addColumn('start_month', 'text', (c) => c.notNull().check(MONTH_CHECK('start_month')))
      .addColumn('end_month', 'text', (c) => c.check(MONTH_CHECK('end_month')))
      .addColumn('opened_by', 'uuid', (c) => c.notNull())
      .addColumn('closed_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('coverage_periods_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('coverage_periods_opened_by_key', ['tenant_id', 'opened_by'])
      .addForeignKeyConstraint('coverage_periods_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'coverage_periods', ['id']);
    await sql`create index coverage_periods_by_employee on coverage_periods (tenant_id, employee_id, start_month)`.execute(db);

    // The transactional outbox: workflow starts and signals written with the event that causes them.
    await db.schema
      .createTable('outbox')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'bigserial', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('start', 'signal')`))
      .addColumn('workflow_type', 'text')
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('signal_name', 'text')
      .addColumn('args', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('dispatched_at', 'timestamptz')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addPrimaryKeyConstraint('outbox_pkey', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'outbox', ['id']);
    await sql`create index outbox_pending on outbox (tenant_id, id) where dispatched_at is null`.execute(db);

    // Notifications: in-app inbox, SMS and e-mail, each with its delivery status.
    await db.schema
      .createTable('notifications')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('dedupe_key', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('in_app', 'sms', 'email')`))
      .addColumn('recipient_user_id', 'uuid')
      .addColumn('recipient_employee_id', 'uuid')
      .addColumn('recipient_address', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('task_id', 'uuid')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`))
      .addColumn('provider', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('sent_at', 'timestamptz')
      .addColumn('read_at', 'timestamptz')
      .addPrimaryKeyConstraint('notifications_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('notifications_dedupe_key', ['tenant_id', 'dedupe_key'])
      .execute();
    await makeTenantTable(db, 'notifications', ['id']);
    await sql`create index notifications_inbox on notifications (tenant_id, recipient_user_id, created_at desc) where channel = 'in_app'`.execute(db);
  },

  async down(db: Kysely<any>) {
    for (const table of ['notifications', 'outbox', 'coverage_periods', 'filing_tasks', 'employment_events', 'wage_history', 'employees', 'entity_registrations', 'entities', 'data_keys', 'tenant_settings']) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.alterTable('tenant_cities').dropColumn('cutoff_day').execute();
    await db.schema.alterTable('users').dropColumn('mobile').execute();
  },
};
