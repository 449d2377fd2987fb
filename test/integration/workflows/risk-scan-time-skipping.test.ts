import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { RISK_SCAN_WORKFLOW_TYPE, shanghaiDateOf, type RiskScanActivities, type RiskScanOutcome } from '@lianxu/workflows';
import { createTimeSkippingEnvironment } from '../../support/time-skipping-server';

// The riskScan workflow on Temporal's time-skipping test server with its activity in memory: the
// scan date comes from the workflow's own clock, and a scan that fails while the database is down
// is retried with back-off (minutes pass in an instant) until it lands.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

Runtime.install({ logger: new DefaultLogger('WARN') });
const HISTORIES_DIR = path.resolve(import.meta.dirname, '../../fixtures/histories');
const tenantId = '00000000-0000-4000-8000-00000000bbbb';

let env: TestWorkflowEnvironment;
let bundle: string;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  bundle = readFileSync(inject('workflowBundlePath'), 'utf8');
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

async function record(name: string, handle: WorkflowHandle) {
  if (!process.env.RECORD_HISTORIES) return;
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}

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
    expect(result.today).toBe(shanghaiDateOf(before));
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
