import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { withTenant } from '@lianxu/db';
import { createWebhookService, startWebhookDispatcher, type WebhookDispatcher } from '@lianxu/core';
import { appDb, eventually, testIdNumber, testVault, useLifecycleTenantStack } from '@lianxu/testing';

// Outgoing webhooks (issue #18, item 2) on the real lifecycle: a hire's events reach a local
// receiver signed in the Standard Webhooks scheme, in order per employee, and a receiver that was
// down gets every event once it is back (time skipped through the dispatcher's clock).

const db = appDb(6);
const ctx = useLifecycleTenantStack(db, 'hooks', { seed: 7171 });
let seq = 7200;

interface Received { id: string; timestamp: string; signature: string; body: string; status: number }
const received: Received[] = [];
let receiverUp = true;
let server: Server;
let url = '';
let skewMs = 0;
let dispatcher: WebhookDispatcher;
const service = () => createWebhookService({ db, vault: testVault(), production: false });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = receiverUp ? 204 : 503;
      received.push({ id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  dispatcher = startWebhookDispatcher({ db, vault: testVault(), production: false, listenUrl: inject('appUrl'), tenantIds: [ctx.tenant.id], pollMs: 200, now: () => new Date(Date.now() + skewMs) });
  await dispatcher.ready;
}, 60_000);
afterAll(async () => {
  await dispatcher?.stop();
  await new Promise((r) => server?.close(r));
});

async function hire() {
  const answer = await ctx.stack.people.hire(ctx.tenant, ctx.actor, {
    name: '回调员工', idNumber: testIdNumber(seq++), mobile: '13912345678', hukou: 'local', workCity: '310100',
    hireDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), monthlyWage: '12000.00',
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

const ok = (r: Received) => r.status >= 200 && r.status < 300;
const eventsOf = (employeeId: string) => received.filter(ok).map((r) => JSON.parse(r.body)).filter((e) => e.data.employeeId === employeeId);

/** Hired first, confirmed last (submitted between, when the bureau did not answer at once), in the order they happened. */
function expectInOrder(events: { type: string; timestamp: string }[]) {
  expect(events.map((m) => m.type).filter((t) => t !== 'enrollment.submitted')).toEqual(['employee.hired', 'enrollment.confirmed']);
  expect(events.map((m) => m.timestamp)).toEqual(events.map((m) => m.timestamp).sort());
}

describe('webhooks', () => {
  let secret = '';
  let endpointId = '';

  it('a local receiver gets employee.hired and enrollment.confirmed for a hire, signed, in order per employee', async () => {
    const endpoint = await service().create(ctx.tenant.id, ctx.actor.id, { url, events: ['employee.hired', 'enrollment.submitted', 'enrollment.confirmed'] });
    ({ secret, id: endpointId } = endpoint);
    expect(secret).toMatch(/^whsec_/);
    // Stored sealed with the tenant's data key, not as text.
    const stored = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('webhook_endpoints').select(['secret_cipher']).where('tenant_id', '=', ctx.tenant.id).where('id', '=', endpointId).executeTakeFirstOrThrow());
    expect(stored.secret_cipher.toString('latin1')).not.toContain(secret.slice(6));

    const e = await hire();
    const events = await eventually(async () => {
      const mine = eventsOf(e.id);
      return mine.some((m) => m.type === 'enrollment.confirmed') ? mine : undefined;
    }, 40_000, 'enrollment.confirmed delivered');
    expectInOrder(events);
    expect(events[0]).toMatchObject({ version: 1, subject: e.id, data: { employeeId: e.id, workCity: '310100', name: '回调员工' } });
    expect(JSON.stringify(events)).not.toContain(testIdNumber(seq - 1));

    // The standard library verifies every delivery, and so does an HMAC computed here by hand.
    const wh = new Webhook(secret);
    for (const r of received.filter(ok)) {
      expect(() => wh.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature })).not.toThrow();
      const mac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64');
      expect(r.signature.split(' ')).toContain(`v1,${mac}`);
    }
    // The delivery log shows each attempt with its status and response time.
    // (The receiver answers before the dispatcher's transaction commits: wait for the log.)
    const log = await eventually(async () => {
      const l = await service().deliveries(ctx.tenant.id, endpointId);
      return l.every((d) => d.status === 'delivered') ? l : undefined;
    }, 10_000, 'delivery log settled');
    expect(log.length).toBeGreaterThanOrEqual(2);
    for (const d of log) expect(d.attempts[0]).toMatchObject({ statusCode: 204, responseMs: expect.any(Number) });
  });

  it('a receiver down for ten minutes gets every event once it is back, each once by webhook-id, in order per employee', async () => {
    receiverUp = false;
    const before = received.length;
    const hired = [await hire(), await hire(), await hire()];
    await eventually(async () => (received.slice(before).filter((r) => r.status === 503).length >= 3 ? true : undefined), 20_000, 'failed attempts');
    // Ten minutes pass (the dispatcher's clock): retries come due while the receiver is still down.
    skewMs += 10 * 60_000;
    await dispatcher.drain();
    receiverUp = true;
    skewMs += 10 * 60_000;
    await dispatcher.drain();
    for (const e of hired) {
      const events = await eventually(async () => {
        const mine = eventsOf(e.id);
        return mine.some((m) => m.type === 'enrollment.confirmed') ? mine : undefined;
      }, 40_000, 'every event delivered after the outage');
      expectInOrder(events);
    }
    const okIds = received.filter(ok).map((r) => r.id);
    expect(new Set(okIds).size).toBe(okIds.length);
    const deliveries = await eventually(async () => {
      const rows = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('webhook_deliveries').select(['event_id', 'status']).where('tenant_id', '=', ctx.tenant.id).where('endpoint_id', '=', endpointId).execute());
      return rows.every((d) => d.status === 'delivered') ? rows : undefined;
    }, 10_000, 'every delivery settled');
    expect(new Set(okIds)).toEqual(new Set(deliveries.map((d) => d.event_id)));
  });

  it('resends a delivery with the same webhook-id, and a test event reaches the endpoint', async () => {
    const [last] = await service().deliveries(ctx.tenant.id, endpointId, 1);
    const before = received.length;
    await service().resend(ctx.tenant.id, ctx.actor.id, endpointId, last!.id);
    await eventually(async () => (received.slice(before).some((r) => r.id === last!.eventId) ? true : undefined), 10_000, 'resent');
    const { eventId } = await service().sendTest(ctx.tenant.id, ctx.actor.id, endpointId);
    const test = await eventually(async () => received.find((r) => r.id === eventId), 10_000, 'test event');
    expect(JSON.parse(test.body).type).toBe('webhook.test');
  });

  it('disables an endpoint that failed for a day and tells the admins, keeping its events', async () => {
    receiverUp = false;
    const before = received.length;
    await hire();
    await eventually(async () => (received.slice(before).some((r) => r.status === 503) ? true : undefined), 20_000, 'a failed attempt');
    skewMs += 25 * 3600_000;
    await dispatcher.drain();
    const [endpoint] = (await service().list(ctx.tenant.id)).filter((e) => e.id === endpointId);
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.any(String) });
    const notices = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('notifications').select('kind').where('tenant_id', '=', ctx.tenant.id).where('kind', '=', 'webhook.disabled').execute());
    expect(notices.length).toBeGreaterThan(0);
    receiverUp = true;
  });
});

describe('webhook URLs in production', () => {
  const resolve = async (host: string) => ({ 'internal.example.com': ['10.1.2.3'], 'loop.example.com': ['127.0.0.1'], 'hooks.example.com': ['93.184.216.34'] })[host] ?? [];
  const production = () => createWebhookService({ db, vault: testVault(), production: true, resolve });

  it('refuses http, loopback and private addresses (resolved through DNS), and accepts a public https one', async () => {
    for (const bad of ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://internal.example.com/x', 'https://loop.example.com/x', 'https://10.0.0.5/x', 'https://169.254.169.254/latest', 'https://user:pw@hooks.example.com/']) {
      await expect(production().create(ctx.tenant.id, ctx.actor.id, { url: bad, events: ['employee.hired'] }), bad).rejects.toMatchObject({ status: 400, fields: { url: expect.anything() } });
    }
    const good = await production().create(ctx.tenant.id, ctx.actor.id, { url: 'https://hooks.example.com/lianxu', events: ['employee.hired'] });
    expect(good.url).toBe('https://hooks.example.com/lianxu');
    await production().remove(ctx.tenant.id, ctx.actor.id, good.id);
  });
});
