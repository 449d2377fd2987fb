import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  BASE_ADJUSTMENT_CHECK_WORKFLOW_TYPE, baseAdjustmentId,
  type BaseAdjustmentActivities, type BaseAdjustmentCheckActivities, type BaseAdjustmentInput,
} from '@lianxu/workflows';
import { decideBaseAdjustment, startBaseAdjustment } from '@lianxu/core';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The annual base adjustment workflow on Temporal's time-skipping test server with its activities
// in memory: the preview is prepared, then nothing is filed or changed however long HR takes (two
// months pass in seconds); HR's confirmation applies it once and files the base changes with the
// bureau until each is decided, a cancel applies nothing; a second
// start finds the same workflow; the daily check starts each due city once.
//
// RECORD_HISTORIES=1 writes the histories to test/fixtures/histories/ for workflows/replay.test.ts.

const tenantId = '00000000-0000-4000-8000-00000000dddd';
const actorId = '00000000-0000-4000-8000-00000000eeee';

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));

function fakeAdjustment() {
  const calls: string[] = [];
  // The bureau decides one change at the first look and the other a minute later.
  let looks = 0;
  const activities: BaseAdjustmentActivities = {
    async prepareBaseAdjustment(input) {
      calls.push(`prepare ${input.cityCode} ${input.policyYear} ${input.today}${input.settle ? ` settle ${input.settle.settlesPolicyId}->${input.settle.policyId}` : ''}`);
      return { adjustmentId: 'adj-1', state: 'preview', employees: 3, changes: 2 };
    },
    async applyBaseAdjustment(input) {
      calls.push(`apply ${input.actorId} ${input.today}`);
      return { adjustmentId: input.adjustmentId, state: 'applied', declared: 2, topUpLines: 16, filed: 2 };
    },
    async fileBaseChanges(input) {
      calls.push(`file ${input.adjustmentId}`);
      looks += 1;
      return looks === 1 ? { viaBureau: 2, confirmed: 1, rejected: 0, pending: 1, byHand: 0 } : { viaBureau: 2, confirmed: 1, rejected: 1, pending: 0, byHand: 0 };
    },
    async cancelBaseAdjustment(input) {
      calls.push(`cancel ${input.actorId} ${input.reason}`);
      return { adjustmentId: input.adjustmentId, state: 'cancelled', declared: 0, topUpLines: 0, filed: 0 };
    },
  };
  return { activities, calls };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `base-adjust-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

const input = (policyYear: number): BaseAdjustmentInput => ({ tenantId, cityCode: '110100', policyYear, today: '2025-09-10' });

describe('annual base adjustment workflow with time skipping', () => {
  it('waits for HR however long it takes, then applies the preview once on confirmation', async () => {
    const { activities, calls } = fakeAdjustment();
    const { result, handle } = await run(activities, async (taskQueue) => {
      const i = input(2025);
      const started = await startBaseAdjustment(env.client, i, taskQueue);
      expect(started).toEqual({ workflowId: baseAdjustmentId(tenantId, '110100', 2025), started: true });
      expect(await startBaseAdjustment(env.client, i, taskQueue)).toMatchObject({ started: false });
      const h = env.client.workflow.getHandle(started.workflowId);
      await env.sleep('60 days');
      expect((await h.describe()).status.name).toBe('RUNNING');
      expect(calls).toEqual(['prepare 110100 2025 2025-09-10']);
      expect(await decideBaseAdjustment(env.client, started.workflowId, { kind: 'confirm', actorId })).toBe(true);
      // A second click changes nothing: the first decision counts.
      await decideBaseAdjustment(env.client, started.workflowId, { kind: 'cancel', actorId, reason: 'late click' });
      return { result: await h.result(), handle: h };
    });
    // Then the base changes go to the bureau, looked at again a minute later while one is pending.
    expect(result).toEqual({ adjustmentId: 'adj-1', state: 'applied', declared: 2, topUpLines: 16, filed: 2, bureau: { viaBureau: 2, confirmed: 1, rejected: 1, pending: 0, byHand: 0 } });
    expect(calls).toEqual(['prepare 110100 2025 2025-09-10', `apply ${actorId} 2025-09-10`, 'file adj-1', 'file adj-1']);
    // base-adjustment-confirmed.json is the history from before the filing step (it must still replay).
    await recordHistory('base-adjustment-confirmed-filed', handle);
  });

  it('cancelled by HR, applies nothing', async () => {
    const { activities, calls } = fakeAdjustment();
    const { result, handle } = await run(activities, async (taskQueue) => {
      const started = await startBaseAdjustment(env.client, input(2026), taskQueue);
      const h = env.client.workflow.getHandle(started.workflowId);
      await env.sleep('3 days');
      await decideBaseAdjustment(env.client, started.workflowId, { kind: 'cancel', actorId, reason: '等待正式通知' });
      return { result: await h.result(), handle: h };
    });
    expect(result).toMatchObject({ state: 'cancelled', topUpLines: 0 });
    expect(calls).toEqual(['prepare 110100 2026 2025-09-10', `cancel ${actorId} 等待正式通知`]);
    await recordHistory('base-adjustment-cancelled', handle);
  });

  it('the daily check starts each due city once, leaving one already started alone', async () => {
    const { activities, calls } = fakeAdjustment();
    const check: BaseAdjustmentCheckActivities = {
      async dueBaseAdjustments({ today }) {
        calls.push(`due ${today}`);
        return [{ cityCode: '110100', policyYear: 2024 }, { cityCode: '310100', policyYear: 2024 }];
      },
      // A consultant's revision published Shanghai's carried 2023 figures: their settlement starts too (its own workflow id).
      async dueProvisionalSettlements({ today }) {
        calls.push(`settlements ${today}`);
        return [{ cityCode: '310100', policyYear: 2023, policyId: '310100-2023-r2', settlesPolicyId: '310100-2023-r1' }];
      },
    };
    const { result, handle } = await run({ ...activities, ...check }, async (taskQueue) => {
      // HR started Beijing's already.
      await startBaseAdjustment(env.client, { tenantId, cityCode: '110100', policyYear: 2024 }, taskQueue);
      const h = await env.client.workflow.start(BASE_ADJUSTMENT_CHECK_WORKFLOW_TYPE, { taskQueue, workflowId: `base-adjust-check:ts:${randomUUID()}`, args: [{ tenantId, today: '2024-07-02' }] });
      const r = await h.result();
      // The started adjustment waits for HR after the check has finished.
      const child = env.client.workflow.getHandle(baseAdjustmentId(tenantId, '310100', 2024));
      await env.sleep('1 day');
      expect((await child.describe()).status.name).toBe('RUNNING');
      return { result: r, handle: h };
    });
    expect(result).toEqual({
      today: '2024-07-02', started: [{ cityCode: '310100', policyYear: 2024 }],
      settlements: [{ cityCode: '310100', policyYear: 2023, policyId: '310100-2023-r2', settlesPolicyId: '310100-2023-r1' }],
    });
    expect(calls.filter((c) => c.startsWith('due') || c.startsWith('settlements'))).toEqual(['due 2024-07-02', 'settlements 2024-07-02']);
    expect(calls.filter((c) => c.startsWith('prepare')).map((c) => c.split(' ').slice(0, 3).join(' ')).sort()).toEqual(['prepare 110100 2024', 'prepare 310100 2023', 'prepare 310100 2024']);
    expect(calls).toContainEqual(expect.stringMatching(/^prepare 310100 2023 .* settle 310100-2023-r1->310100-2023-r2$/));
    await recordHistory('base-adjustment-check', handle);
  });

  it('a decision for a workflow that is not running is not delivered', async () => {
    expect(await decideBaseAdjustment(env.client, `base-adjust:${tenantId}:110100:1999`, { kind: 'confirm', actorId })).toBe(false);
  });
});
