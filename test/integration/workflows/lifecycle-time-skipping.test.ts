import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { LIFECYCLE_SIGNALS, LIFECYCLE_WORKFLOW_TYPES, WORKFLOW_TYPES, type TenancyActivities } from '@lianxu/workflows';
import type { TenantSpec } from '@lianxu/core';
import { createTimeSkippingEnvironment } from '../../support/time-skipping-server';
import { FakeLifecycle, type FakeTask } from '../../support/fake-lifecycle-activities';

// The lifecycle workflows on Temporal's time-skipping test server, with their activities in memory:
// days pass in seconds, so the day-25 warning and the day-30 escalation fire from the workflow's own
// timers (set from the task's business dates), not from back-dated hires.
//
// RECORD_HISTORIES=1 also writes each scenario's history to test/fixtures/histories/ for the
// replay test (workflows/replay.test.ts).

const DAY = 86_400_000;
const HISTORIES_DIR = path.resolve(import.meta.dirname, '../../fixtures/histories');
const tenantId = '00000000-0000-4000-8000-00000000aaaa';

// Worker state changes are noise here; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

let env: TestWorkflowEnvironment;
let bundle: string;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  bundle = readFileSync(inject('workflowBundlePath'), 'utf8');
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

/** A fake world and a worker for one test; `body` runs while the worker does. */
async function withWorker<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `ts-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

/** Waits in real time (the worker runs activities in real time) until `probe` holds. */
async function until(probe: () => boolean, what: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function record(name: string, handle: WorkflowHandle) {
  if (!process.env.RECORD_HISTORIES) return;
  await mkdir(HISTORIES_DIR, { recursive: true });
  const history = await handle.fetchHistory();
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(history)}\n`);
}

function start(type: 'enrollment' | 'stop', world: FakeLifecycle, task: FakeTask, taskQueue: string, withPlan = true) {
  const workflowId = task.workflowId ?? `${type}:${task.id}`;
  task.workflowId = workflowId;
  return env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPES[type], {
    taskQueue,
    workflowId,
    args: [{ tenantId, taskId: task.id, ...(withPlan ? { plan: world.plan(task.id) } : {}) }],
  });
}

const names = (world: FakeLifecycle, taskId: string) => world.callsOf(taskId).map((c) => c.name);

describe('enrollment workflow with time skipping', () => {
  it('warns HR on day 25 and escalates on day 30 while a rejection waits for HR, then files again when HR resubmits', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const task = world.add({ id: 'enr-reject', kind: 'enrollment', employeeId: 'e1', city: '310100', gateway: 'bureau-sim', answers: ['reject', 'confirm'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    const began = Date.now();
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue, false);
      await until(() => task.status === 'rejected', 'the first attempt rejected');
      expect(world.callsOf(task.id, 'warnDeadline')).toHaveLength(0);

      // HR does nothing for 31 days: both timers fire, each once, at their business dates.
      await env.sleep(31 * DAY);
      await until(() => world.callsOf(task.id, 'escalateDeadline').length === 1, 'the day-30 escalation');
      const [warn] = world.callsOf(task.id, 'warnDeadline');
      const [escalate] = world.callsOf(task.id, 'escalateDeadline');
      expect(world.callsOf(task.id, 'warnDeadline')).toHaveLength(1);
      expect(warn!.at - t0).toBeGreaterThanOrEqual(25 * DAY);
      expect(warn!.at - t0).toBeLessThan(26 * DAY);
      expect(escalate!.at - t0).toBeGreaterThanOrEqual(30 * DAY);
      expect(escalate!.at - t0).toBeLessThan(31 * DAY);

      await handle.signal(LIFECYCLE_SIGNALS.resubmit);
      expect(await handle.result()).toBe('confirmed');
      await record('enrollment-rejected-warned-escalated-resubmitted', handle);
    });
    expect(names(world, task.id)).toEqual(['loadTask', 'submitFiling', 'warnDeadline', 'escalateDeadline', 'prepareResubmit', 'submitFiling']);
    expect(task).toMatchObject({ status: 'confirmed', attempt: 2, receiptNo: 'R-enr-reject-2' });
    expect(world.coverage).toEqual([{ employeeId: 'e1', city: '310100', openedBy: task.id }]);
    // 31 days of business time in (real) seconds: about one on a quiet machine, a bound for a loaded one.
    expect(Date.now() - began).toBeLessThan(90_000);
  });

  it('waits for approval past day 25 (warning, no escalation yet), files once approved, and its timers stop with it', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const task = world.add({ id: 'enr-approval', kind: 'enrollment', employeeId: 'e2', city: '310100', gateway: 'bureau-sim', status: 'pending_approval', answers: [{ later: 'confirm' }], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await env.sleep(26 * DAY);
      await until(() => world.callsOf(task.id, 'warnDeadline').length === 1, 'the day-25 warning');
      expect(world.callsOf(task.id, 'submitFiling')).toHaveLength(0);
      await handle.signal(LIFECYCLE_SIGNALS.approve, { userId: 'hr-1' });
      expect(await handle.result()).toBe('confirmed');
      await record('enrollment-approved-polled', handle);
    });
    expect(names(world, task.id)).toEqual(['warnDeadline', 'markApproved', 'submitFiling', 'awaitFilingDecision', 'settleFiling']);
    expect(world.callsOf(task.id, 'markApproved')[0]!.detail).toEqual({ userId: 'hr-1' });
    expect(world.callsOf(task.id, 'escalateDeadline')).toHaveLength(0);
  });

  it('files by hand (Excel sheet, filing-file gateway): waits for the receipt HR enters, warning on day 25 meanwhile', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const task = world.add({ id: 'enr-manual', kind: 'enrollment', employeeId: 'e3', city: '440300', gateway: 'filing-file', answers: ['confirm'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await until(() => task.status === 'submitted', 'the sheet made');
      await env.sleep(27 * DAY);
      await until(() => world.callsOf(task.id, 'warnDeadline').length === 1, 'the day-25 warning');
      expect(world.callsOf(task.id, 'recordManualReceipt')).toHaveLength(0);
      await handle.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-2026-0001' });
      expect(await handle.result()).toBe('confirmed');
      await record('enrollment-manual-filing', handle);
    });
    expect(names(world, task.id)).toEqual(['submitFiling', 'warnDeadline', 'recordManualReceipt', 'settleFiling']);
    expect(world.callsOf(task.id, 'settleFiling')[0]!.detail).toEqual({ status: 'confirmed', filingId: 'file:enr-manual:1', receiptNo: 'SZ-2026-0001' });
    expect(world.callsOf(task.id, 'escalateDeadline')).toHaveLength(0);
  });

  it('stops waiting for an overdue online filing when HR files it by hand at the counter, and closes it with the counter\'s receipt', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    // Hired 35 days ago: both timers are past, the bureau never answers the online filing.
    const task = world.add({ id: 'enr-by-hand', kind: 'enrollment', employeeId: 'e10', city: '310100', gateway: 'bureau-sim', answers: [{ later: 'never' }], warnAt: t0 - 10 * DAY, deadlineAt: t0 - 5 * DAY });
    const hand = { receiptNo: 'SH-GT-2026-0042', filedOn: '2026-12-01', userId: 'hr-1' };
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await until(() => world.callsOf(task.id, 'awaitFilingDecision').length === 1 && world.callsOf(task.id, 'escalateDeadline').length === 1, 'the wait for the bureau');
      await handle.signal(LIFECYCLE_SIGNALS.filedByHand, hand);
      expect(await handle.result()).toBe('confirmed');
      await record('enrollment-overdue-filed-by-hand', handle);
    });
    expect(names(world, task.id).slice(-2)).toEqual(['recordFiledByHand', 'settleFiling']);
    expect(world.callsOf(task.id, 'recordFiledByHand')[0]!.detail).toEqual(hand);
    expect(world.callsOf(task.id, 'settleFiling')[0]!.detail).toEqual({ status: 'confirmed', filingId: 'hand:enr-by-hand:1', receiptNo: 'SH-GT-2026-0042' });
    expect(world.callsOf(task.id, 'awaitFilingDecision')).toHaveLength(1);
    expect(task).toMatchObject({ status: 'confirmed', open: false, receiptNo: 'SH-GT-2026-0042' });
    expect(world.coverage).toEqual([{ employeeId: 'e10', city: '310100', openedBy: task.id }]);
  });

  it('is cancelled while a rejection waits for HR (the employee left): no new attempt', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const task = world.add({ id: 'enr-cancel', kind: 'enrollment', employeeId: 'e4', city: '310100', gateway: 'bureau-sim', answers: ['reject'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await until(() => task.status === 'rejected', 'the rejection');
      await handle.signal(LIFECYCLE_SIGNALS.cancel);
      expect(await handle.result()).toBe('cancelled');
    });
    expect(names(world, task.id)).toEqual(['submitFiling', 'cancelTask']);
    expect(task).toMatchObject({ status: 'cancelled', open: false });
  });

  it('holds an enrollment confirmed before the start date (a candidate intake) until that day, then files it', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const starts = t0 + 12 * DAY;
    const task = world.add({ id: 'enr-held', kind: 'enrollment', employeeId: 'e5', city: '310100', gateway: 'bureau-sim', answers: ['confirm'], fileFrom: starts, warnAt: starts + 25 * DAY, deadlineAt: starts + 30 * DAY });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await env.sleep(11 * DAY);
      expect(world.callsOf(task.id, 'submitFiling')).toHaveLength(0);
      await env.sleep(2 * DAY);
      expect(await handle.result()).toBe('confirmed');
      await record('enrollment-held-until-start-date', handle);
    });
    const [filed] = world.callsOf(task.id, 'submitFiling');
    expect(filed!.at).toBeGreaterThanOrEqual(starts);
    expect(filed!.at - starts).toBeLessThan(DAY);
    expect(names(world, task.id)).toEqual(['submitFiling']);
    expect(task).toMatchObject({ status: 'confirmed', receiptNo: 'R-enr-held-1' });
  });

  it('cancels a held enrollment when the candidate leaves before the start date: nothing is filed', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const task = world.add({ id: 'enr-held-cancel', kind: 'enrollment', employeeId: 'e6', city: '310100', gateway: 'bureau-sim', answers: ['confirm'], fileFrom: t0 + 20 * DAY, warnAt: null, deadlineAt: null });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('enrollment', world, task, taskQueue);
      await env.sleep(3 * DAY);
      await handle.signal(LIFECYCLE_SIGNALS.cancel);
      expect(await handle.result()).toBe('cancelled');
    });
    expect(names(world, task.id)).toEqual(['cancelTask']);
    expect(task).toMatchObject({ status: 'cancelled', open: false });
  });
});

describe('stop workflow with time skipping', () => {
  it('is rejected, files again when HR resubmits, and waits for the bureau', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const enrolled = world.add({ id: 'enr-old', kind: 'enrollment', employeeId: 'e5', city: '310100', gateway: 'bureau-sim', answers: ['confirm'] });
    Object.assign(enrolled, { status: 'confirmed', open: false });
    world.coverage.push({ employeeId: 'e5', city: '310100', openedBy: enrolled.id });
    const stop = world.add({ id: 'stop-reject', kind: 'stop', employeeId: 'e5', city: '310100', gateway: 'bureau-sim', answers: ['reject', { later: 'confirm' }] });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('stop', world, stop, taskQueue, false);
      await until(() => stop.status === 'rejected', 'the rejection');
      await env.sleep(3 * DAY); // HR takes three days; nothing fires meanwhile
      expect(world.callsOf(stop.id, 'submitFiling')).toHaveLength(1);
      await handle.signal(LIFECYCLE_SIGNALS.resubmit);
      expect(await handle.result()).toBe('confirmed');
      await record('stop-rejected-resubmitted', handle);
    });
    expect(names(world, stop.id)).toEqual(['loadTask', 'checkPredecessor', 'submitFiling', 'prepareResubmit', 'submitFiling', 'awaitFilingDecision', 'settleFiling']);
    expect(world.coverage[0]).toMatchObject({ openedBy: 'enr-old', closedBy: 'stop-reject' });
  });

  it('files by hand (filing-file gateway) and closes coverage when HR enters the receipt', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    world.coverage.push({ employeeId: 'e6', city: '440300', openedBy: 'enr-before' });
    const stop = world.add({ id: 'stop-manual', kind: 'stop', employeeId: 'e6', city: '440300', gateway: 'filing-file', answers: ['confirm'] });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('stop', world, stop, taskQueue);
      await until(() => stop.status === 'submitted', 'the sheet made');
      await env.sleep(10 * DAY);
      await handle.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-STOP-7' });
      expect(await handle.result()).toBe('confirmed');
      await record('stop-manual-filing', handle);
    });
    expect(names(world, stop.id)).toEqual(['checkPredecessor', 'submitFiling', 'recordManualReceipt', 'settleFiling']);
    expect(world.coverage[0]).toMatchObject({ closedBy: 'stop-manual' });
    expect(stop.receiptNo).toBe('SZ-STOP-7');
  });

  it('is rejected online and, filed by hand at the counter instead, closes coverage with the counter\'s receipt', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    world.coverage.push({ employeeId: 'e11', city: '310100', openedBy: 'enr-earlier' });
    const stop = world.add({ id: 'stop-by-hand', kind: 'stop', employeeId: 'e11', city: '310100', gateway: 'bureau-sim', answers: ['reject'] });
    await withWorker(world.activities(), async (taskQueue) => {
      const handle = await start('stop', world, stop, taskQueue);
      await until(() => stop.status === 'rejected', 'the rejection');
      await env.sleep(2 * DAY);
      await handle.signal(LIFECYCLE_SIGNALS.filedByHand, { receiptNo: 'SH-STOP-HAND-9', filedOn: '2026-12-02', userId: 'hr-1' });
      expect(await handle.result()).toBe('confirmed');
      await record('stop-rejected-filed-by-hand', handle);
    });
    expect(names(world, stop.id)).toEqual(['checkPredecessor', 'submitFiling', 'recordFiledByHand', 'settleFiling']);
    expect(world.coverage[0]).toMatchObject({ closedBy: 'stop-by-hand' });
    expect(stop).toMatchObject({ status: 'confirmed', open: false, receiptNo: 'SH-STOP-HAND-9' });
  });

  it('cancels an enrollment that waits for HR (rejected) and is itself cancelled: there is no coverage to stop', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const enrollment = world.add({ id: 'enr-stuck', kind: 'enrollment', employeeId: 'e7', city: '310100', gateway: 'bureau-sim', answers: ['reject'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    const stop = world.add({ id: 'stop-nothing', kind: 'stop', employeeId: 'e7', city: '310100', gateway: 'bureau-sim', answers: ['confirm'] });
    await withWorker(world.activities(), async (taskQueue) => {
      const enrolling = await start('enrollment', world, enrollment, taskQueue);
      await until(() => enrollment.status === 'rejected', 'the rejection');
      const stopping = await start('stop', world, stop, taskQueue);
      expect(await stopping.result()).toBe('cancelled');
      expect(await enrolling.result()).toBe('cancelled');
      await record('stop-cancels-rejected-enrollment', stopping);
    });
    expect(names(world, enrollment.id)).toEqual(['submitFiling', 'cancelTask']);
    expect(world.callsOf(stop.id, 'cancelTask')[0]!.detail).toEqual({ reason: 'no open coverage in this city' });
    expect(world.callsOf(stop.id, 'submitFiling')).toHaveLength(0);
  });

  it('waits 10 days for an enrollment filed by hand with every run of its history bounded (continue-as-new), then files', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    const old = world.add({ id: 'enr-slow', kind: 'enrollment', employeeId: 'e9', city: '440300', gateway: 'filing-file', answers: ['confirm'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    const stop = world.add({ id: 'stop-slow', kind: 'stop', employeeId: 'e9', city: '440300', gateway: 'filing-file', answers: ['confirm'] });
    await withWorker(world.activities(), async (taskQueue) => {
      const oldRun = await start('enrollment', world, old, taskQueue);
      await until(() => old.status === 'submitted', 'the enrollment sheet made');
      const stopping = await start('stop', world, stop, taskQueue);
      await env.sleep(10 * DAY);
      // Still polling the whole time, never filing: every 30 s in the first hour (~125 polls), then
      // backing off to every 30 minutes (48 polls a day).
      const polls = world.callsOf(stop.id, 'checkPredecessor').length;
      expect(polls).toBeGreaterThan(125 + 9 * 48);
      expect(polls).toBeLessThan(125 + 10 * 48 + 20);
      expect(world.callsOf(stop.id, 'submitFiling')).toHaveLength(0);

      await oldRun.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-ENR-SLOW' });
      expect(await oldRun.result()).toBe('confirmed');
      await env.sleep(31 * 60_000);
      await until(() => stop.status === 'submitted', 'the stop sheet made');
      await stopping.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-STOP-SLOW' });
      expect(await stopping.result()).toBe('confirmed');

      // Follow the chain of runs from the first: each continues as new well before any limit.
      const sizes: number[] = [];
      let runId: string | undefined = stopping.firstExecutionRunId;
      while (runId) {
        const run = env.client.workflow.getHandle(stopping.workflowId, runId);
        const { events } = await run.fetchHistory();
        sizes.push(events!.length);
        if (sizes.length === 1) await record('stop-predecessor-continued-as-new', run);
        runId = events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
        if (!runId) await record('stop-predecessor-waited-then-filed', run);
      }
      expect(sizes.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...sizes)).toBeLessThan(2_000);
      // The old 30 s cap would have written ~170,000 events in these 10 days.
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(8_000);
    });
    expect(world.callsOf(stop.id, 'loadTask')).toHaveLength(0); // the plan travels with each run
    expect(world.coverage).toEqual([{ employeeId: 'e9', city: '440300', openedBy: 'enr-slow', closedBy: 'stop-slow' }]);
    expect(stop.receiptNo).toBe('SZ-STOP-SLOW');
  }, 180_000);
});

describe('transfer with time skipping', () => {
  it('stops the old city only after its enrollment (filed by hand) is confirmed, and enrolls in the new city at once', async () => {
    const world = new FakeLifecycle(() => env.currentTimeMs());
    const t0 = await env.currentTimeMs();
    // Hired in Shenzhen (filed by hand, receipt not yet entered), then moved to Shanghai.
    const old = world.add({ id: 'enr-sz', kind: 'enrollment', employeeId: 'e8', city: '440300', gateway: 'filing-file', answers: ['confirm'], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    const stop = world.add({ id: 'stop-sz', kind: 'stop', employeeId: 'e8', city: '440300', gateway: 'filing-file', answers: ['confirm'] });
    const next = world.add({ id: 'enr-sh', kind: 'enrollment', employeeId: 'e8', city: '310100', gateway: 'bureau-sim', answers: [{ later: 'confirm' }], warnAt: t0 + 25 * DAY, deadlineAt: t0 + 30 * DAY });
    await withWorker(world.activities(), async (taskQueue) => {
      const oldRun = await start('enrollment', world, old, taskQueue);
      await until(() => old.status === 'submitted', 'the Shenzhen sheet made');
      const stopping = await start('stop', world, stop, taskQueue);
      const enrolling = await start('enrollment', world, next, taskQueue);
      expect(await enrolling.result()).toBe('confirmed');
      // The stop keeps waiting (its backoff timers skip by) while Shenzhen's receipt is missing.
      await env.sleep(20 * 60_000);
      expect(world.callsOf(stop.id, 'submitFiling')).toHaveLength(0);
      expect(world.callsOf(stop.id, 'checkPredecessor').length).toBeGreaterThan(3);
      await oldRun.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-ENR-1' });
      expect(await oldRun.result()).toBe('confirmed');
      await env.sleep(60_000); // past the stop's current backoff timer (at most 30 s in the first hour)
      await until(() => stop.status === 'submitted', 'the Shenzhen stop sheet made');
      await stopping.signal(LIFECYCLE_SIGNALS.receiptEntered, { receiptNo: 'SZ-STOP-1' });
      expect(await stopping.result()).toBe('confirmed');
      await record('transfer-stop-waits-for-enrollment', stopping);
      await record('transfer-new-city-enrollment', enrolling);
    });
    const settledOld = world.callsOf(old.id, 'settleFiling')[0]!.at;
    expect(world.callsOf(stop.id, 'submitFiling')[0]!.at).toBeGreaterThanOrEqual(settledOld);
    expect(world.coverage).toEqual([
      { employeeId: 'e8', city: '310100', openedBy: 'enr-sh' },
      { employeeId: 'e8', city: '440300', openedBy: 'enr-sz', closedBy: 'stop-sz' },
    ]);
  });
});

describe('provision-tenant workflow', () => {
  it('applies a tenant file step by step and records what changed', async () => {
    const calls: string[] = [];
    const activities: TenancyActivities = {
      upsertTenantProfile: async () => (calls.push('profile'), { tenantId, created: true, changed: false }),
      syncDemoUsers: async () => (calls.push('demo'), { created: [] }),
      syncLifecycleSetup: async () => (calls.push('lifecycle'), { changes: ['warn day: 25'] }),
      syncTenantCities: async () => (calls.push('cities'), { added: ['310100'], removed: [], renamed: [] }),
      syncPlugins: async () => (calls.push('plugins'), { changes: [] }),
      syncCustomFields: async () => (calls.push('fields'), { changes: ['field added: shoe_size'] }),
      syncPluginSections: async () => (calls.push('sections'), { changes: [] }),
      syncBranches: async () => (calls.push('branches'), { changes: [] }),
      syncConsultantGrants: async () => (calls.push('grants'), { changes: [] }),
      recordApply: async () => void calls.push('audit'),
    };
    const spec = { slug: 'ts-acme', name: 'Acme', workCities: [{ code: '310100', name: '上海' }], customFields: [] } as unknown as TenantSpec;
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start(WORKFLOW_TYPES.provisionTenant, { taskQueue, workflowId: `provision-tenant:${randomUUID()}`, args: [spec, { appliedBy: { name: 'time-skipping test' } }] });
      const answer = await handle.result();
      await record('provision-tenant', handle);
      return answer;
    });
    expect(calls).toEqual(['profile', 'cities', 'lifecycle', 'fields', 'audit']);
    expect(result).toEqual({ tenantId, created: true, changes: ['tenant created', 'work city added: 310100', 'warn day: 25', 'field added: shoe_size'] });
  });

  it('applies every plugin section in one generic step, after the plugins (plugin sections patch)', async () => {
    const calls: string[] = [];
    const handed: unknown[] = [];
    const activities: TenancyActivities = {
      upsertTenantProfile: async () => (calls.push('profile'), { tenantId, created: false, changed: false }),
      syncDemoUsers: async () => (calls.push('demo'), { created: [] }),
      syncLifecycleSetup: async () => (calls.push('lifecycle'), { changes: [] }),
      syncTenantCities: async () => (calls.push('cities'), { added: [], removed: [], renamed: [] }),
      syncPlugins: async () => (calls.push('plugins'), { changes: ['plugin enabled: shop-floor'] }),
      syncCustomFields: async () => (calls.push('fields'), { changes: [] }),
      syncPluginSections: async (input) => (calls.push('sections'), handed.push(input.plugins), { changes: ['line added: A'] }),
      syncBranches: async () => (calls.push('branches'), { changes: [] }),
      syncConsultantGrants: async () => (calls.push('grants'), { changes: [] }),
      recordApply: async () => void calls.push('audit'),
    };
    const plugins = [{ id: 'shop-floor', enabled: true, config: { lines: [{ name: 'A' }] } }, { id: 'other', enabled: true }];
    const spec = { slug: 'ts-sections', name: 'Sections', workCities: [{ code: '310100', name: '上海' }], plugins } as unknown as TenantSpec;
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start(WORKFLOW_TYPES.provisionTenant, { taskQueue, workflowId: `provision-tenant:${randomUUID()}`, args: [spec, { appliedBy: { name: 'time-skipping test' } }] });
      const answer = await handle.result();
      await record('provision-tenant-plugin-sections', handle);
      return answer;
    });
    expect(calls).toEqual(['profile', 'cities', 'lifecycle', 'plugins', 'sections', 'audit']);
    expect(handed).toEqual([plugins]);
    expect(result.changes).toEqual(['plugin enabled: shop-floor', 'line added: A']);

    // A spec from before plugins owned their sections (a top-level branches list) applies as it did
    // then, through syncBranches: its recorded history is the shape of the runs started before.
    calls.length = 0;
    const former = { slug: 'ts-former', name: 'Former', workCities: [{ code: '310100', name: '上海' }], plugins: [{ id: 'shop-floor', enabled: true }], branches: [{ name: 'A' }] };
    await withWorker(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start(WORKFLOW_TYPES.provisionTenant, { taskQueue, workflowId: `provision-tenant:${randomUUID()}`, args: [former, {}] });
      await handle.result();
      await record('provision-tenant-former-branches', handle);
    });
    expect(calls).toEqual(['profile', 'cities', 'lifecycle', 'plugins', 'branches', 'audit']);
  });
});
