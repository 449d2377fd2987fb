import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { businessDateOf } from '@lianxu/db';
import { RISK_SCAN_WORKFLOW_TYPE, type RiskScanActivities, type RiskScanOutcome } from '@lianxu/workflows';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The riskScan workflow on Temporal's time-skipping test server with its activity in memory: the
// scan date comes from the workflow's own clock, and a scan that fails while the database is down
// is retried with back-off (minutes pass in an instant) until it lands.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

const tenantId = '00000000-0000-4000-8000-00000000bbbb';

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));
const record = recordHistory;

function fakeScans(failFirst: number) {
  const calls: { tenantId: string; today: string; at: number }[] = [];
  const activities: RiskScanActivities = {
    async scanTenantRisks(input) {
      calls.push({ ...input, at: Date.now() });
      if (calls.length <= failFirst) throw ApplicationFailure.retryable('database unavailable', 'DatabaseDown');
      return { scanId: randomUUID(), tenantId: input.tenantId, today: input.today, employees: 3, seen: 2, created: 2, resolved: 0, plugins: [] } satisfies RiskScanOutcome;
    },
  };
  return { activities, calls };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `risk-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

describe('riskScan workflow with time skipping', () => {
  it('scans as of the run date in Asia/Shanghai when no date is given', async () => {
    const { activities, calls } = fakeScans(0);
    // Time is locked while the test sets up: the run starts at this instant of the server's clock.
    const before = await env.currentTimeMs();
    const result = await run(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start(RISK_SCAN_WORKFLOW_TYPE, { taskQueue, workflowId: `risk-scan:ts:${randomUUID()}`, args: [{ tenantId, slug: 'ts' }] });
      return handle.result();
    });
    expect(calls).toHaveLength(1);
    expect(result.today).toBe(businessDateOf(new Date(before)));
  });

  it('retries a scan while the database is down, with back-off, and lands', async () => {
    const { activities, calls } = fakeScans(3);
    const startedAt = Number(await env.currentTimeMs());
    const { result, handle } = await run(activities, async (taskQueue) => {
      const h = await env.client.workflow.start(RISK_SCAN_WORKFLOW_TYPE, { taskQueue, workflowId: `risk-scan:ts:${randomUUID()}`, args: [{ tenantId, slug: 'ts', today: '2026-03-10' }] });
      return { result: await h.result(), handle: h };
    });
    expect(calls.map((c) => c.today)).toEqual(['2026-03-10', '2026-03-10', '2026-03-10', '2026-03-10']);
    expect(result).toMatchObject({ tenantId, today: '2026-03-10', created: 2 });
    // 10 s + 20 s + 40 s of back-off passed on the workflow's clock, not in real time.
    expect(Number(await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(70_000);
    await record('risk-scan-retried', handle);
  });
});
