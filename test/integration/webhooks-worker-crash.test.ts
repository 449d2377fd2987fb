import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { withTenant } from '@lianxu/db';
import { createWebhookService } from '@lianxu/core';
import { appDb, eventually, lifecycleTenantSpec, provisionForTest, spawnWorkerProcess, testVault, uniqueSlug } from '@lianxu/testing';

// Outgoing webhooks (issue #18, "SIGKILL of the worker loses none"): the real worker program is
// killed with SIGKILL while a batch of deliveries is in flight (the receiver holds their answers),
// then started again. Every committed event reaches the receiver, each recorded delivered once, with
// the same webhook-id and body on every attempt, in order per employee; a receiver that keeps the
// first of each webhook-id (as Standard Webhooks asks) sees each event exactly once.

const db = appDb(4);
const SUBJECTS = 50;
const EVENTS_PER_SUBJECT = 4;
const EVENTS = SUBJECTS * EVENTS_PER_SUBJECT;
/** Answered at once; every later request is held unanswered until the worker is dead. */
const ANSWERED_BEFORE_HOLD = 60;

interface Received { id: string; timestamp: string; signature: string; body: string; answered: boolean }
const received: Received[] = [];
const held: ServerResponse[] = [];
/** 'first': answering until ANSWERED_BEFORE_HOLD requests came; 'hold': holding every answer; 'answer': answering again (after the kill). */
let phase: 'first' | 'hold' | 'answer' = 'first';
let server: Server | undefined;

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await db.destroy();
});

async function startReceiver(): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const entry: Received = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body, answered: false };
      received.push(entry);
      if (phase === 'first' && received.length > ANSWERED_BEFORE_HOLD) phase = 'hold';
      if (phase === 'hold') return void held.push(res);
      entry.answered = true;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hooks`;
}

describe('webhooks: the worker killed with SIGKILL while deliveries are in flight', () => {
  it(`loses none of ${EVENTS} events: after a restart each is delivered, once per webhook-id, in order per employee`, async () => {
    const slug = uniqueSlug('whcrash');
    const tenantId = await provisionForTest(db, lifecycleTenantSpec(slug, { seed: 5909 }));
    const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow();
    const url = await startReceiver();
    const endpoint = await createWebhookService({ db, vault: testVault(), production: false }).create(tenantId, hr.id, { url, events: ['employee.hired', 'enrollment.confirmed'] });

    // Committed before any worker runs, by the function the hire and filing triggers call.
    await withTenant(db, tenantId, (trx) => sql`
      select webhook_event(${tenantId}::uuid, case when g % ${EVENTS_PER_SUBJECT} = 0 then 'employee.hired' else 'enrollment.confirmed' end,
             'subject-' || (g / ${EVENTS_PER_SUBJECT}), jsonb_build_object('seq', g))
        from generate_series(0, ${EVENTS - 1}) g`.execute(trx));
    const events = await withTenant(db, tenantId, (trx) =>
      trx.selectFrom('outbox').select(sql<string>`args->0->>'id'`.as('id')).where('tenant_id', '=', tenantId).where('kind', '=', 'webhook').execute());
    expect(events).toHaveLength(EVENTS);

    const deliveries = () =>
      withTenant(db, tenantId, (trx) => trx.selectFrom('webhook_deliveries').select(['event_id', 'status']).where('tenant_id', '=', tenantId).where('endpoint_id', '=', endpoint.id).execute());
    // The worker needs no bureau here: it dispatches this tenant's outbox, and its task queue is its own.
    const options = { taskQueue: `test-whcrash-${randomBytes(4).toString('hex')}`, bureauUrl: 'http://127.0.0.1:9', tenantIds: [tenantId] };
    const doomed = spawnWorkerProcess(options);
    let restarted: ReturnType<typeof spawnWorkerProcess> | undefined;
    try {
      // A first batch delivered and committed, and the next one's requests held at the receiver.
      await eventually(async () => {
        if (!held.length) return undefined;
        return (await deliveries()).some((d) => d.status === 'delivered') ? true : undefined;
      }, 90_000, `deliveries in flight (worker output: ${doomed.stderr().slice(-500)})`);
      await doomed.kill();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const receivedBeforeKill = new Set(received.map((r) => r.id));
      const deliveredAtKill = new Set((await deliveries()).filter((d) => d.status === 'delivered').map((d) => d.event_id));
      // Attempted but not recorded: what the kill interrupted (some of them even answered 204).
      const interrupted = [...receivedBeforeKill].filter((id) => !deliveredAtKill.has(id));
      expect(interrupted.length).toBeGreaterThan(0);
      expect(received.filter((r) => interrupted.includes(r.id) && r.answered).length).toBeGreaterThan(0);
      expect(deliveredAtKill.size).toBeLessThan(EVENTS);

      for (const res of held.splice(0)) res.destroy();
      phase = 'answer';
      restarted = spawnWorkerProcess(options);
      const settled = await eventually(async () => {
        const rows = await deliveries();
        return rows.length === EVENTS && rows.every((d) => d.status === 'delivered') ? rows : undefined;
      }, 120_000, `every delivery settled after the restart (worker output: ${restarted.stderr().slice(-500)})`);
      // One delivery per event, and every event committed reached the receiver.
      expect(new Set(settled.map((d) => d.event_id))).toEqual(new Set(events.map((e) => e.id)));
      const answered = received.filter((r) => r.answered);
      expect(new Set(answered.map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));

      // A webhook-id seen twice is one the kill interrupted, sent again with the same body; every
      // attempt verifies with the standard library.
      const wh = new Webhook(endpoint.secret);
      const bodyOf = new Map<string, string>();
      for (const r of received) {
        expect(() => wh.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature })).not.toThrow();
        expect(bodyOf.get(r.id) ?? r.body).toBe(r.body);
        bodyOf.set(r.id, r.body);
      }
      const counts = new Map<string, number>();
      for (const r of answered) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
      const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      expect(repeated.filter((id) => !interrupted.includes(id))).toEqual([]);

      // The first answer of each webhook-id, per employee, in the order the events were committed.
      const seen = new Set<string>();
      const order = new Map<string, number[]>();
      for (const r of answered) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        const event = JSON.parse(r.body) as { subject: string; data: { seq: number } };
        order.set(event.subject, [...(order.get(event.subject) ?? []), event.data.seq]);
      }
      expect(order.size).toBe(SUBJECTS);
      for (const seqs of order.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(restarted.child.exitCode).toBeNull();
    } finally {
      await doomed.kill();
      await restarted?.kill();
    }
  }, 300_000);
});
