import { sql, type Kysely, type Migration } from 'kysely';

// Plugin events in the outbox (issue #12, item 4): a hire writes a `plugin_event` row in its own
// transaction; the dispatcher delivers it to the enabled plugins' employeeHired handlers, at least
// once, keyed by the hire event id. `workflow_id` holds the event's idempotency key
// (`employeeHired:<event id>`), `signal_name` the extension point, `args` [payload] and, after a
// partial delivery, [payload, plugin ids still owed]. A failing delivery waits until `not_before`
// (growing back-off) instead of being retried on every poll.
export const pluginEventsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table outbox drop constraint outbox_kind_check, add constraint outbox_kind_check check (kind in ('start', 'signal', 'plugin_event'))`.execute(db);
    await sql`alter table outbox add column not_before timestamptz`.execute(db);
    await sql`create unique index outbox_plugin_event_key on outbox (tenant_id, workflow_id) where kind = 'plugin_event'`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`drop index outbox_plugin_event_key`.execute(db);
    await sql`delete from outbox where kind = 'plugin_event'`.execute(db);
    await sql`alter table outbox drop column not_before`.execute(db);
    await sql`alter table outbox drop constraint outbox_kind_check, add constraint outbox_kind_check check (kind in ('start', 'signal'))`.execute(db);
  },
};
