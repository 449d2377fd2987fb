import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { businessDateOf } from '@lianxu/db';
import { RISK_REPORT_WORKFLOW_TYPE, type RiskReportActivities, type RiskReportOutcome } from '@lianxu/workflows';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The riskReport workflow on Temporal's time-skipping test server with its activity in memory: the
// report's month comes from the workflow's own clock (a run the schedule starts on the 1st reports
// that month), and a delivery that fails while the mail server or the database is down is retried
// with back-off (an hour passes in an instant) until it lands.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

const tenantId = '00000000-0000-4000-8000-00000000cccc';

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));
const record = recordHistory;

function fakeDelivery(failFirst: number) {
  const calls: { tenantId: string; slug: string; asOf: string }[] = [];
  const activities: RiskReportActivities = {
    async deliverMonthlyRiskReport(input) {
      calls.push(input);
      if (calls.length <= failFirst) throw ApplicationFailure.retryable('smtp unavailable', 'MailDown');
      return { tenantId: input.tenantId, month: input.asOf.slice(0, 7), asOf: input.asOf, findings: 3, atStakeFen: 120_000, inbox: 2, emails: 2 } satisfies RiskReportOutcome;
    },
  };
  return { activities, calls };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `risk-report-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

describe('riskReport workflow with time skipping', () => {
  it('reports the month of the run date in Asia/Shanghai when no date is given', async () => {
    const { activities, calls } = fakeDelivery(0);
    const before = await env.currentTimeMs();
    const result = await run(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start(RISK_REPORT_WORKFLOW_TYPE, { taskQueue, workflowId: `risk-report:ts:${randomUUID()}`, args: [{ tenantId, slug: 'ts' }] });
      return handle.result();
    });
    expect(calls).toEqual([{ tenantId, slug: 'ts', asOf: businessDateOf(new Date(Number(before))) }]);
    expect(result.month).toBe(businessDateOf(new Date(Number(before))).slice(0, 7));
  });

  it('retries the delivery while the mail server is down, with back-off, and lands', async () => {
    const { activities, calls } = fakeDelivery(3);
    const startedAt = Number(await env.currentTimeMs());
    const { result, handle } = await run(activities, async (taskQueue) => {
      const h = await env.client.workflow.start(RISK_REPORT_WORKFLOW_TYPE, { taskQueue, workflowId: `risk-report:ts:${randomUUID()}`, args: [{ tenantId, slug: 'ts', asOf: '2026-04-01' }] });
      return { result: await h.result(), handle: h };
    });
    expect(calls.map((c) => c.asOf)).toEqual(['2026-04-01', '2026-04-01', '2026-04-01', '2026-04-01']);
    expect(result).toMatchObject({ tenantId, month: '2026-04', inbox: 2, emails: 2 });
    // 30 s + 60 s + 120 s of back-off passed on the workflow's clock, not in real time.
    expect(Number(await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(210_000);
    await record('risk-report-retried', handle);
  });
});
