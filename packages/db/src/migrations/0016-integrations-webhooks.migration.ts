import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Outgoing webhooks (issue #18, item 2). Events are written to the outbox (kind 'webhook') by
// triggers in the very transaction of the change that causes them (a hire, a filing's status, a
// deadline notice), so an event committed is never lost and no code path can forget one; the
// worker's webhook dispatcher fans each out to the subscribed endpoints (one delivery per
// endpoint and event) and delivers them, signed, in order per employee.
// Endpoint secrets are sealed with the tenant's data key (the personal-data vault), never plain.

/** The functions as this migration made them (0031 redefines them; its down restores these). */
export const WEBHOOK_EVENT_0016 = `
      create function webhook_event(p_tenant uuid, p_type text, p_subject text, p_data jsonb) returns void language plpgsql as $$
      declare
        event_id uuid := gen_random_uuid();
      begin
        if not exists (select 1 from webhook_endpoints e where e.tenant_id = p_tenant and e.enabled and p_type = any(e.events)) then
          return;
        end if;
        insert into outbox (tenant_id, kind, workflow_id, signal_name, args)
        values (p_tenant, 'webhook', 'webhook:' || event_id, p_type, jsonb_build_array(jsonb_build_object(
          'id', event_id, 'type', p_type, 'version', 1, 'subject', p_subject,
          'timestamp', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'data', p_data)));
        perform pg_notify('lianxu_outbox', p_tenant::text);
      end $$`;

export const WEBHOOK_ON_EMPLOYMENT_EVENT_0016 = `
      create function webhook_on_employment_event() returns trigger language plpgsql as $$
      declare e record;
      begin
        if new.kind <> 'hire' then return null; end if;
        select id, entity_id, name, work_city, hire_date, hukou into e from employees where tenant_id = new.tenant_id and id = new.employee_id;
        perform webhook_event(new.tenant_id, 'employee.hired', new.employee_id::text, jsonb_build_object(
          'employeeId', e.id, 'entityId', e.entity_id, 'name', e.name, 'workCity', e.work_city,
          'hireDate', to_char(e.hire_date, 'YYYY-MM-DD'), 'hukou', e.hukou, 'eventId', new.id));
        return null;
      end $$`;

export const WEBHOOK_ON_FILING_TASK_0016 = `
      create function webhook_on_filing_task() returns trigger language plpgsql as $$
      declare
        data jsonb := jsonb_build_object('taskId', new.id, 'employeeId', new.employee_id, 'kind', new.kind, 'cityCode', new.city_code,
          'month', new.month, 'status', new.status, 'receiptNo', new.receipt_no, 'rejection', new.rejection,
          'deadlineAt', to_char(new.deadline_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
        subject text := new.employee_id::text;
      begin
        if new.status is distinct from old.status then
          if new.kind = 'enrollment' and new.status in ('submitted', 'confirmed', 'rejected') then
            perform webhook_event(new.tenant_id, 'enrollment.' || new.status, subject, data);
          elsif new.kind = 'stop' and new.status = 'confirmed' then
            perform webhook_event(new.tenant_id, 'coverage.stopped', subject, data);
          end if;
        end if;
        if new.warned_at is not null and old.warned_at is null then
          perform webhook_event(new.tenant_id, 'deadline.warned', subject, data);
        end if;
        if new.escalated_at is not null and old.escalated_at is null then
          perform webhook_event(new.tenant_id, 'deadline.escalated', subject, data);
        end if;
        return null;
      end $$`;

export const integrationsWebhooksMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table outbox drop constraint outbox_kind_check, add constraint outbox_kind_check check (kind in ('start', 'signal', 'plugin_event', 'webhook'))`.execute(db);

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('events', sql`text[]`, (c) => c.notNull())
      .addColumn('secret_cipher', 'bytea', (c) => c.notNull())
      .addColumn('secret_key_id', 'text', (c) => c.notNull())
      // During a rotation the previous secret signs too, until previous_expires_at.
      .addColumn('previous_secret_cipher', 'bytea')
      .addColumn('previous_secret_key_id', 'text')
      .addColumn('previous_expires_at', 'timestamptz')
      .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('disabled_reason', 'text')
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('webhook_endpoints_pkey', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'webhook_endpoints', ['id']);

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'bigserial', (c) => c.notNull())
      .addColumn('endpoint_id', 'uuid', (c) => c.notNull())
      // The webhook-id header: the same for every attempt and a resend.
      .addColumn('event_id', 'uuid', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      // Deliveries of one subject (an employee) to one endpoint go out in order.
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('delivered_at', 'timestamptz')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addPrimaryKeyConstraint('webhook_deliveries_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('webhook_deliveries_event_key', ['tenant_id', 'endpoint_id', 'event_id'])
      .addForeignKeyConstraint('webhook_deliveries_endpoint_fkey', ['tenant_id', 'endpoint_id'], 'webhook_endpoints', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'webhook_deliveries', ['id']);
    await sql`create index webhook_deliveries_due on webhook_deliveries (tenant_id, next_attempt_at, id) where status = 'pending'`.execute(db);
    await sql`create index webhook_deliveries_subject on webhook_deliveries (tenant_id, endpoint_id, subject, id) where status = 'pending'`.execute(db);
    await sql`create index webhook_deliveries_log on webhook_deliveries (tenant_id, endpoint_id, id desc)`.execute(db);

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'bigserial', (c) => c.notNull())
      .addColumn('delivery_id', 'bigint', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('webhook_attempts_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint('webhook_attempts_delivery_fkey', ['tenant_id', 'delivery_id'], 'webhook_deliveries', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    // Attempts are a log written only by the dispatcher: no audit row per attempt.
    await sql`alter table webhook_attempts enable row level security`.execute(db);
    await sql`alter table webhook_attempts force row level security`.execute(db);
    await sql`create policy tenant_isolation on webhook_attempts
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
    await sql`create index webhook_attempts_by_delivery on webhook_attempts (tenant_id, delivery_id, id)`.execute(db);

    // One event into the outbox when an enabled endpoint of the tenant wants its type.
    await sql.raw(WEBHOOK_EVENT_0016).execute(db);

    await sql.raw(WEBHOOK_ON_EMPLOYMENT_EVENT_0016).execute(db);
    await sql`create trigger webhook_event after insert on employment_events for each row execute function webhook_on_employment_event()`.execute(db);

    await sql.raw(WEBHOOK_ON_FILING_TASK_0016).execute(db);
    await sql`create trigger webhook_event after update on filing_tasks for each row execute function webhook_on_filing_task()`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`drop trigger if exists webhook_event on filing_tasks`.execute(db);
    await sql`drop trigger if exists webhook_event on employment_events`.execute(db);
    await sql`drop function if exists webhook_on_filing_task()`.execute(db);
    await sql`drop function if exists webhook_on_employment_event()`.execute(db);
    await sql`drop function if exists webhook_event(uuid, text, text, jsonb)`.execute(db);
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) await db.schema.dropTable(table).execute();
    await sql`delete from outbox where kind = 'webhook'`.execute(db);
    await sql`alter table outbox drop constraint outbox_kind_check, add constraint outbox_kind_check check (kind in ('start', 'signal', 'plugin_event'))`.execute(db);
  },
};
