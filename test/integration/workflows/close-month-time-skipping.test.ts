import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  CLOSE_MONTH_SIGNALS,
  CLOSE_MONTH_STATE_QUERY,
  CLOSE_MONTH_WORKFLOW_TYPE,
  workflowIds,
  type CloseMissing,
  type CloseMonthActivities,
  type CloseMonthInput,
  type CloseMonthState,
  type CloseMonthStatus,
} from '@lianxu/workflows';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The close workflow on Temporal's time-skipping test server with its activities in memory (a month
// the activities read and write, as the database would): it waits for the bill and the deductions,
// reminds HR the given number of days before the payment window closes naming what is missing,
// matches once both are in, and ends when the month is locked. Days pass in an instant.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

const DAY = 86_400_000;
const tenantId = '00000000-0000-4000-8000-00000000cccc';
const entityId = '00000000-0000-4000-8000-0000000000e1';

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));

/** A month in memory; `closesInDays` from now (null: no window known); `unpriceable` makes the match refuse. */
function fakeMonth(closesInDays: number | null, options: { unpriceable?: boolean } = {}) {
  const month: CloseMonthStatus = { hasBill: false, hasDeductions: false, matched: false, openDifferences: 0, locked: false, remindedAt: null };
  const reminders: { atMs: number; missing: CloseMissing[]; paymentDue: string }[] = [];
  const matches: number[] = [];
  let closesAtMs = 0;
  const activities: CloseMonthActivities = {
    async planCloseMonth() {
      closesAtMs = Number(await env.currentTimeMs()) + (closesInDays ?? 0) * DAY;
      return { status: { ...month }, paymentDue: closesInDays === null ? null : '2026-03-25', paymentWindowClosesAtMs: closesInDays === null ? null : closesAtMs, paymentDueSource: closesInDays === null ? null : 'tenant_setting' };
    },
    async closeMonthStatus() {
      return { ...month };
    },
    async matchCloseMonth() {
      if (options.unpriceable) throw ApplicationFailure.nonRetryable('the expected contributions of 1 employee(s) cannot be computed', 'expected_unavailable');
      matches.push(Number(await env.currentTimeMs()));
      month.matched = true;
      month.openDifferences = 2;
      return { differences: 2 };
    },
    async remindCloseMonth(input) {
      const atMs = Number(await env.currentTimeMs());
      reminders.push({ atMs, missing: input.missing, paymentDue: input.paymentDue });
      month.remindedAt = new Date(atMs).toISOString();
      return { inbox: 2, emails: 0, remindedAt: month.remindedAt };
    },
  };
  return { activities, month, reminders, matches, closesAt: () => closesAtMs };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `close-month-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

const input = (leadDays = 3): CloseMonthInput => ({ tenantId, entityId: randomUUID(), cityCode: '310100', month: '2026-03', reminderLeadDays: leadDays });
const start = (taskQueue: string, i: CloseMonthInput) => env.client.workflow.start(CLOSE_MONTH_WORKFLOW_TYPE, { taskQueue, workflowId: workflowIds.closeMonth(i), args: [i] });

describe('closeMonth workflow with time skipping', () => {
  it('waits, reminds HR 3 days before the window closes naming the bill and the deductions, matches when both arrive, ends on lock', async () => {
    const m = fakeMonth(10);
    await run(m.activities, async (taskQueue) => {
      const handle = await start(taskQueue, input(3));
      await env.sleep(6 * DAY);
      expect(m.reminders).toEqual([]);
      expect(await handle.query<CloseMonthState>(CLOSE_MONTH_STATE_QUERY)).toMatchObject({ phase: 'waiting', waitingFor: ['bill', 'deductions'], remindedAt: null, paymentDue: '2026-03-25' });
      await env.sleep(1 * DAY + 60_000);
      expect(m.reminders).toHaveLength(1);
      expect(m.reminders[0]!.missing).toEqual(['bill', 'deductions', 'signOff']);
      // Exactly the lead time before the window closes.
      expect(m.closesAt() - m.reminders[0]!.atMs).toBeGreaterThanOrEqual(3 * DAY - 1_000);
      expect(m.closesAt() - m.reminders[0]!.atMs).toBeLessThanOrEqual(3 * DAY + 1_000);

      // The bill alone: no match yet.
      m.month.hasBill = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.inputsChanged);
      await env.sleep(60_000);
      expect(await handle.query<CloseMonthState>(CLOSE_MONTH_STATE_QUERY)).toMatchObject({ phase: 'waiting', waitingFor: ['deductions'] });
      expect(m.matches).toEqual([]);
      // The deductions too: matched.
      m.month.hasDeductions = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.inputsChanged);
      await env.sleep(60_000);
      expect(m.matches).toHaveLength(1);
      const state = await handle.query<CloseMonthState>(CLOSE_MONTH_STATE_QUERY);
      expect(state).toMatchObject({ phase: 'matched', waitingFor: [], remindedAt: m.month.remindedAt });
      expect(state.matchedAt).not.toBeNull();

      m.month.locked = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.locked);
      expect(await handle.result()).toMatchObject({ locked: true, remindedAt: m.month.remindedAt });
      // One reminder only, however long it ran.
      expect(m.reminders).toHaveLength(1);
      await recordHistory('close-month-reminded-matched-locked', handle);
    });
  });

  it('matched before the reminder: the reminder names the differences and the sign-off only', async () => {
    const m = fakeMonth(5);
    await run(m.activities, async (taskQueue) => {
      const handle = await start(taskQueue, input(2));
      m.month.hasBill = true;
      m.month.hasDeductions = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.inputsChanged);
      await env.sleep(2 * DAY);
      expect(m.matches).toHaveLength(1);
      expect(m.reminders).toEqual([]);
      await env.sleep(1 * DAY + 60_000);
      expect(m.reminders.map((r) => r.missing)).toEqual([['differences', 'signOff']]);
      m.month.locked = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.locked);
      await handle.result();
    });
  });

  it('without a known payment window it sends no reminder and still ends on lock; a refused match waits for the next change', async () => {
    const m = fakeMonth(null, { unpriceable: true });
    await run(m.activities, async (taskQueue) => {
      const handle = await start(taskQueue, input(3));
      m.month.hasBill = true;
      m.month.hasDeductions = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.inputsChanged);
      await env.sleep(40 * DAY);
      const state = await handle.query<CloseMonthState>(CLOSE_MONTH_STATE_QUERY);
      expect(state).toMatchObject({ phase: 'waiting', paymentDue: null, remindedAt: null });
      expect(state.matchError).toContain('cannot be computed');
      expect(m.reminders).toEqual([]);
      m.month.locked = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.locked);
      expect(await handle.result()).toMatchObject({ locked: true, remindedAt: null });
    });
  });

  it('a second start with the same id is refused: one workflow per tenant, entity, city and month', async () => {
    const m = fakeMonth(10);
    await run(m.activities, async (taskQueue) => {
      const i = input();
      const handle = await start(taskQueue, i);
      await expect(start(taskQueue, i)).rejects.toThrow(/already started/i);
      m.month.locked = true;
      await handle.signal(CLOSE_MONTH_SIGNALS.locked);
      await handle.result();
    });
  });
});
