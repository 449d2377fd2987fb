import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { withTenant } from '@lianxu/db';
import { createWebhookService, OUTBOX_NOTIFY_CHANNEL, WEBHOOK_NOTIFY_CHANNEL } from '@lianxu/core';
import { appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, testPeopleService, testVault, uniqueSlug } from '@lianxu/testing';

// The webhook triggers in the database (migrations 0016 and 0031): a hire and a filing task's
// status, first warning and first escalation each write one event per subscribed type, in that
// order; a change that makes no event (the base filled in) and a tenant without a subscription
// write nothing.

const db = appDb(4);
const people = testPeopleService(db);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let seq = 0;

async function tenantWithTask(events: string[] | null) {
  const slug = uniqueSlug('wh-trig');
  const tenant = { id: await provisionForTest(db, lifecycleTenantSpec(slug)), slug };
  const actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow()).id };
  if (events) await createWebhookService({ db, vault: testVault(), production: false }).create(tenant.id, actor.id, { url: 'http://127.0.0.1:9/hooks', events });
  const hired = await people.hire(tenant, actor, { name: '触发器', idNumber: testIdNumber(614_000 + seq++), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
  expect(hired.status).toBe(201);
  const task = await withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').select('id').where('tenant_id', '=', tenant.id).where('employee_id', '=', hired.body.id).executeTakeFirstOrThrow());
  const update = (set: { base_fen?: string; status?: 'submitted' | 'confirmed'; warned_at?: Date; escalated_at?: Date }) =>
    withTenant(db, tenant.id, (trx) => trx.updateTable('filing_tasks').set(set).where('tenant_id', '=', tenant.id).where('id', '=', task.id).execute());
  const webhookEvents = () =>
    withTenant(db, tenant.id, (trx) => trx.selectFrom('outbox').select(['signal_name', 'args']).where('tenant_id', '=', tenant.id).where('kind', '=', 'webhook').orderBy('id').execute());
  return { tenant, update, webhookEvents, taskId: task.id, employeeId: hired.body.id };
}
afterAll(async () => {
  await db.destroy();
});

describe('webhook triggers', () => {
  it('write the events a subscription wants, in order, and none for a change that makes no event', async () => {
    const t = await tenantWithTask(['employee.hired', 'enrollment.submitted', 'deadline.warned', 'deadline.escalated']);
    expect((await t.webhookEvents()).map((e) => e.signal_name)).toEqual(['employee.hired']);
    await t.update({ base_fen: '900000' });
    expect(await t.webhookEvents()).toHaveLength(1);
    const now = new Date();
    // One update making three events: the status first, then the warning, then the escalation.
    await t.update({ status: 'submitted', warned_at: now, escalated_at: now });
    const events = await t.webhookEvents();
    expect(events.map((e) => e.signal_name)).toEqual(['employee.hired', 'enrollment.submitted', 'deadline.warned', 'deadline.escalated']);
    for (const e of events.slice(1)) {
      expect(e.args[0]).toMatchObject({ subject: t.employeeId, data: { taskId: t.taskId, employeeId: t.employeeId, kind: 'enrollment', status: 'submitted', cityCode: '310100' } });
    }
    // The same warning again, and a status nobody subscribed to: nothing more.
    await t.update({ warned_at: new Date(), status: 'confirmed' });
    expect(await t.webhookEvents()).toHaveLength(4);
  });

  it('wake the webhook dispatcher on its own channel, not the lifecycle outbox', async () => {
    const t = await tenantWithTask(['enrollment.submitted']);
    const listener = new pg.Client({ connectionString: inject('appUrl') });
    await listener.connect();
    try {
      const heard: { channel: string; payload?: string }[] = [];
      listener.on('notification', (n) => heard.push({ channel: n.channel, payload: n.payload }));
      await listener.query(`listen ${WEBHOOK_NOTIFY_CHANNEL}`);
      await listener.query(`listen ${OUTBOX_NOTIFY_CHANNEL}`);
      await t.update({ status: 'submitted' });
      await expect.poll(() => heard).toEqual([{ channel: WEBHOOK_NOTIFY_CHANNEL, payload: t.tenant.id }]);
    } finally {
      await listener.end();
    }
  });

  it('write nothing for a tenant without an endpoint', async () => {
    const t = await tenantWithTask(null);
    await t.update({ status: 'submitted', warned_at: new Date() });
    expect(await t.webhookEvents()).toEqual([]);
  });
});
