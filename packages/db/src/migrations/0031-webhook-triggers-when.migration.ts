import { sql, type Kysely, type Migration } from 'kysely';
import { WEBHOOK_EVENT_0016, WEBHOOK_ON_EMPLOYMENT_EVENT_0016, WEBHOOK_ON_FILING_TASK_0016 } from './0016-integrations-webhooks.migration';

// Webhook triggers that cost nothing where nobody subscribed, on a channel of their own. The triggers of 0016 looked up the
// employee and built the event's JSON for every hire and every update of a filing task (its base,
// its reminders), and only then asked whether an endpoint wanted the event. Now the trigger fires
// only for a change that can make an event (WHEN), and the subscription is asked first; the events
// written, and when, are the same.
//
// Webhook events also get a NOTIFY channel of their own (lianxu_webhook): on the shared lianxu_outbox
// every hire woke the webhook dispatcher (two transactions per tenant) and every webhook event woke
// the lifecycle dispatcher, each to find nothing of its own. Both still poll, so a NOTIFY on the old
// channel is never needed for delivery.

const WANTED = `
  create or replace function webhook_wanted(p_tenant uuid, p_type text) returns boolean language sql stable as $$
    select exists (select 1 from webhook_endpoints e where e.tenant_id = p_tenant and e.enabled and p_type = any(e.events))
  $$`;

const EVENT = `
  create or replace function webhook_event(p_tenant uuid, p_type text, p_subject text, p_data jsonb) returns void language plpgsql as $$
  declare
    event_id uuid := gen_random_uuid();
  begin
    if not webhook_wanted(p_tenant, p_type) then return; end if;
    insert into outbox (tenant_id, kind, workflow_id, signal_name, args)
    values (p_tenant, 'webhook', 'webhook:' || event_id, p_type, jsonb_build_array(jsonb_build_object(
      'id', event_id, 'type', p_type, 'version', 1, 'subject', p_subject,
      'timestamp', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', p_data)));
    perform pg_notify('lianxu_webhook', p_tenant::text);
  end $$`;

const ON_EMPLOYMENT_EVENT = `
  create or replace function webhook_on_employment_event() returns trigger language plpgsql as $$
  declare e record;
  begin
    if new.kind <> 'hire' or not webhook_wanted(new.tenant_id, 'employee.hired') then return null; end if;
    select id, entity_id, name, work_city, hire_date, hukou into e from employees where tenant_id = new.tenant_id and id = new.employee_id;
    perform webhook_event(new.tenant_id, 'employee.hired', new.employee_id::text, jsonb_build_object(
      'employeeId', e.id, 'entityId', e.entity_id, 'name', e.name, 'workCity', e.work_city,
      'hireDate', to_char(e.hire_date, 'YYYY-MM-DD'), 'hukou', e.hukou, 'eventId', new.id));
    return null;
  end $$`;

const ON_FILING_TASK = `
  create or replace function webhook_on_filing_task() returns trigger language plpgsql as $$
  declare
    types text[] := '{}';
    t text;
    data jsonb;
  begin
    if new.status is distinct from old.status then
      if new.kind = 'enrollment' and new.status in ('submitted', 'confirmed', 'rejected') then
        types := types || ('enrollment.' || new.status);
      elsif new.kind = 'stop' and new.status = 'confirmed' then
        types := types || 'coverage.stopped'::text;
      end if;
    end if;
    if new.warned_at is not null and old.warned_at is null then types := types || 'deadline.warned'::text; end if;
    if new.escalated_at is not null and old.escalated_at is null then types := types || 'deadline.escalated'::text; end if;
    foreach t in array types loop
      if webhook_wanted(new.tenant_id, t) then
        data := coalesce(data, jsonb_build_object('taskId', new.id, 'employeeId', new.employee_id, 'kind', new.kind, 'cityCode', new.city_code,
          'month', new.month, 'status', new.status, 'receiptNo', new.receipt_no, 'rejection', new.rejection,
          'deadlineAt', to_char(new.deadline_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
        perform webhook_event(new.tenant_id, t, new.employee_id::text, data);
      end if;
    end loop;
    return null;
  end $$`;

/** The changes that can make a filing-task event: a status, a first warning, a first escalation. */
const FILING_TASK_CHANGE = `old.status is distinct from new.status
  or (new.warned_at is not null and old.warned_at is null)
  or (new.escalated_at is not null and old.escalated_at is null)`;

export const webhookTriggersWhenMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql.raw(WANTED).execute(db);
    await sql.raw(EVENT).execute(db);
    await sql.raw(ON_EMPLOYMENT_EVENT).execute(db);
    await sql.raw(ON_FILING_TASK).execute(db);
    await sql`drop trigger webhook_event on employment_events`.execute(db);
    await sql`create trigger webhook_event after insert on employment_events for each row when (new.kind = 'hire') execute function webhook_on_employment_event()`.execute(db);
    await sql`drop trigger webhook_event on filing_tasks`.execute(db);
    await sql.raw(`create trigger webhook_event after update on filing_tasks for each row when (${FILING_TASK_CHANGE}) execute function webhook_on_filing_task()`).execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`drop trigger webhook_event on filing_tasks`.execute(db);
    await sql`create trigger webhook_event after update on filing_tasks for each row execute function webhook_on_filing_task()`.execute(db);
    await sql`drop trigger webhook_event on employment_events`.execute(db);
    await sql`create trigger webhook_event after insert on employment_events for each row execute function webhook_on_employment_event()`.execute(db);
    await sql.raw(WEBHOOK_ON_FILING_TASK_0016.replace('create function', 'create or replace function')).execute(db);
    await sql.raw(WEBHOOK_ON_EMPLOYMENT_EVENT_0016.replace('create function', 'create or replace function')).execute(db);
    await sql.raw(WEBHOOK_EVENT_0016.replace('create function', 'create or replace function')).execute(db);
    await sql`drop function webhook_wanted(uuid, text)`.execute(db);
  },
};
