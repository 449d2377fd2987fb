import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createCloseActivities, expectedLines, type ExpectedLine, closeMonthState, signalCloseInputs, signalCloseLocked, startCloseMonth } from '@lianxu/core';
import { closeMonthId, type CloseMonthKey } from '@lianxu/workflows';
import { apiDeps, appDb, buildApp, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, TestClient } from '@lianxu/testing';

// The close routes with the close workflow on the test run's Temporal dev server and a real worker:
// opening a month starts its workflow (once), recording the bill and the deductions signals it and
// it matches by itself once both are in (also when they arrive while no worker runs and a new
// worker takes over), the lock ends it; GET shows its state. Another tenant's
// entity is a 404 and starts nothing.

const db = appDb(3);
const MONTH = '2024-09';
const taskQueue = `close-routes-${randomUUID()}`;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let A: { id: string; slug: string };
let B: { id: string; slug: string };
let entityA: string;
let entityB: string;
let expected: ExpectedLine[];

async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}
const json = async (r: Response) => (await r.json()) as any;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// A short sticky timeout: after a worker stops, its cached workflows' next tasks go to the shared
// queue within a second (not the default ten), so the restart test need not wait.
const startWorker = async () => {
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createCloseActivities({ db }),
    stickyQueueScheduleToStartTimeout: '1s',
  });
  running = worker.run();
};

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  await startWorker();
  deps = apiDeps(db, {
    closeWorkflow: {
      opened: (k: CloseMonthKey) => startCloseMonth(client, k, taskQueue),
      inputsChanged: (k: CloseMonthKey) => signalCloseInputs(client, k, taskQueue),
      locked: (k: CloseMonthKey) => signalCloseLocked(client, k),
    },
  });
  app = buildApp(deps.deps);
  ({ tenant: A } = await provisionLifecycleTenant(db, 'close-wr-a', { seed: 150_301 }));
  ({ tenant: B } = await provisionLifecycleTenant(db, 'close-wr-b', { seed: 150_302 }));
  entityA = await firstEntityId(db, A.id);
  entityB = await firstEntityId(db, B.id);
  await seedCloseEmployees(db, A.id, entityA, [
    { name: '甲', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_000_000]] },
    { name: '乙', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_500_000]] },
  ]);
  expected = (await expectedLines(db, { tenantId: A.id, entityId: entityA, cityCode: '110100', month: MONTH })).lines;
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await deps?.close();
  await db.destroy();
});

describe('close routes with the close workflow', () => {
  it('starts the workflow on open, matches by itself once the bill and the deductions are in, and ends on lock', async () => {
    const hr = await as(`hr@${A.slug}.test`);
    const base = `/api/t/${A.slug}/close/${entityA}/110100/${MONTH}`;
    const k = { tenantId: A.id, entityId: entityA, cityCode: '110100', month: MONTH };
    const opened = await hr.request('PUT', base);
    expect(opened.status).toBe(200);
    expect((await hr.request('PUT', base)).status).toBe(200); // idempotent: the same workflow
    const handle = client.workflow.getHandle(closeMonthId(k));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const view = await until(async () => json(await hr.get(base)), (v) => v.workflow.id !== null);
    expect(view.workflow).toMatchObject({ id: closeMonthId(k), waitingFor: ['bill', 'deductions'], paymentDue: '2024-09-25', paymentDueSource: 'tenant_setting', remindedAt: null });

    const bill = await hr.post(`${base}/bill`, { lines: expected.map((l) => ({
      employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
      employerFen: l.employerFen, employeeFen: l.employeeFen, collectionType: '正常应缴',
    })) });
    expect(bill.status).toBe(200);
    expect((await json(await hr.get(base))).workflow.waitingFor).toEqual(['deductions']);
    const state = await until(() => closeMonthState(client, k), (s) => s?.waitingFor.length === 1);
    expect(state).toMatchObject({ phase: 'waiting', waitingFor: ['deductions'] });

    // Payroll deducted all but one line: the workflow matches by itself and finds it.
    const rows = expected.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen }));
    expect((await hr.post(`${base}/deductions`, { rows: rows.slice(1) })).status).toBe(200);
    const matched = await until(async () => json(await hr.get(base)), (v) => v.matchedAt !== null);
    expect(matched).toMatchObject({ workflow: { waitingFor: [] }, openDifferences: 1 });
    // The match activity writes the month before the workflow's next task records its phase: polled.
    expect((await until(() => closeMonthState(client, k), (s) => s?.phase === 'matched'))?.phase).toBe('matched');

    const [d] = (await json(await hr.get(`${base}/differences`))).items;
    expect((await hr.post(`${base}/differences/${d.id}/resolve`, { action: 'accept', reason: '下月补扣' })).status).toBe(200);
    expect((await hr.post(`${base}/lock`, {})).status).toBe(200);
    expect(await handle.result()).toMatchObject({ locked: true, remindedAt: null });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('survives a worker restart: the bill and deductions recorded while no worker runs are matched by the next one', async () => {
    const month = '2024-10';
    const hr = await as(`hr@${A.slug}.test`);
    const base = `/api/t/${A.slug}/close/${entityA}/110100/${month}`;
    const k = { tenantId: A.id, entityId: entityA, cityCode: '110100', month };
    expect((await hr.request('PUT', base)).status).toBe(200);
    // Queried once the first task ran (before it, the workflow has no query handler yet).
    await until(() => closeMonthState(client, k).catch(() => null), (s) => s?.waitingFor.length === 2);
    // The worker goes away (a deploy, a crash); the API keeps taking the month's inputs.
    worker.shutdown();
    await running;
    const lines = (await expectedLines(db, { tenantId: A.id, entityId: entityA, cityCode: '110100', month })).lines;
    expect((await hr.post(`${base}/bill`, { lines: lines.map((l) => ({
      employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: month, periodTo: month, baseFen: l.baseFen,
      employerFen: l.employerFen, employeeFen: l.employeeFen, collectionType: '正常应缴',
    })) })).status).toBe(200);
    const rows = lines.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen }));
    expect((await hr.post(`${base}/deductions`, { rows })).status).toBe(200);
    expect((await json(await hr.get(base))).matchedAt).toBeNull();
    // A new worker picks the workflow up from its history: both signals are there, it matches.
    await startWorker();
    const matched = await until(async () => json(await hr.get(base)), (v) => v.matchedAt !== null, 60_000);
    expect(matched).toMatchObject({ workflow: { waitingFor: [] }, openDifferences: 0 });
    // The match activity writes the month before the workflow's next task records its phase: polled.
    expect((await until(() => closeMonthState(client, k).catch(() => null), (s) => s?.phase === 'matched'))?.phase).toBe('matched');
    expect((await client.workflow.getHandle(closeMonthId(k)).describe()).status.name).toBe('RUNNING');
  });

  it('gives another tenant’s entity a 404 and starts nothing', async () => {
    const hr = await as(`hr@${B.slug}.test`);
    const res = await hr.request('PUT', `/api/t/${B.slug}/close/${entityA}/110100/${MONTH}`);
    expect(res.status).toBe(404);
    await expect(client.workflow.getHandle(closeMonthId({ tenantId: B.id, entityId: entityA, cityCode: '110100', month: MONTH })).describe()).rejects.toThrow(/not found/i);
    expect((await hr.post(`/api/t/${B.slug}/close/${entityA}/110100/${MONTH}/lock`, {})).status).toBe(404);
    // B's own month works as usual.
    expect((await hr.request('PUT', `/api/t/${B.slug}/close/${entityB}/110100/${MONTH}`)).status).toBe(200);
  });
});
