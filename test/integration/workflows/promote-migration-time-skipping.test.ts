import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { PROMOTE_MIGRATION_WORKFLOW_TYPE, promoteMigrationId, type DataMigrationActivities, type PromoteMigrationInput } from '@lianxu/workflows';
import { startMigrationPromotion } from '@lianxu/core';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The promotion workflow on Temporal's time-skipping test server with its activities in memory
// (a batch store that keeps what committed, like the run's row does): a batch that fails (the
// worker died mid-batch) is retried with back-off and the run completes with every row once; a
// promotion resumed with batches already in skips them; a run that is not validated fails at once.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

const tenantId = '00000000-0000-4000-8000-00000000cccc';

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));
const record = recordHistory;

/** A sandbox of `total` employees and a live table; `failing` batches throw once before committing. */
function fakePromotion(total: number, options: { done?: number[]; failing?: number[]; validated?: boolean } = {}) {
  const live = new Map<number, number>(); // source row → times written
  const done = new Set(options.done ?? []);
  const failing = new Set(options.failing ?? []);
  const calls: number[] = [];
  let size = 0;
  for (const b of done) for (let r = b * 10; r < Math.min(total, (b + 1) * 10); r++) live.set(r, 1);
  const activities: DataMigrationActivities = {
    async beginPromotion(input) {
      if (options.validated === false) throw ApplicationFailure.nonRetryable('The run has not passed validation', 'migration_not_validated');
      size = input.batchSize;
      return { total, batchSize: size, batches: Math.ceil(total / size), done: [...done] };
    },
    async promoteBatch({ batch, batchSize }) {
      calls.push(batch);
      if (failing.delete(batch)) throw ApplicationFailure.retryable('worker lost mid-batch', 'WorkerLost');
      if (done.has(batch)) return { batch, promoted: 0, coveragePeriods: 0, historyLines: 0, conflicts: 0, alreadyDone: true };
      let n = 0;
      for (let r = batch * batchSize; r < Math.min(total, (batch + 1) * batchSize); r++, n++) live.set(r, (live.get(r) ?? 0) + 1);
      done.add(batch);
      return { batch, promoted: n, coveragePeriods: n, historyLines: n * 6, conflicts: 0, alreadyDone: false };
    },
    async finishPromotion(input) {
      return { ...input, total, promoted: [...live.values()].reduce((a, b) => a + b, 0), conflicts: 0 };
    },
  };
  return { activities, calls, live };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `promote-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

const input = (): PromoteMigrationInput => ({ tenantId, runId: randomUUID(), batchSize: 10 });

describe('promoteMigration workflow with time skipping', () => {
  it('retries a batch lost with its worker and promotes every row exactly once', async () => {
    const { activities, calls, live } = fakePromotion(35, { failing: [1] });
    const startedAt = Number(await env.currentTimeMs());
    const { result, handle } = await run(activities, async (taskQueue) => {
      const i = input();
      const started = await startMigrationPromotion(env.client, i, taskQueue);
      expect(started).toEqual({ workflowId: promoteMigrationId(tenantId, i.runId), started: true });
      // Starting again finds the same promotion (one per run).
      expect(await startMigrationPromotion(env.client, i, taskQueue)).toMatchObject({ started: false });
      const h = env.client.workflow.getHandle(started.workflowId);
      return { result: await h.result(), handle: h };
    });
    expect(calls).toEqual([0, 1, 1, 2, 3]);
    expect(result).toMatchObject({ total: 35, promoted: 35 });
    expect([...live.values()].every((n) => n === 1)).toBe(true);
    // The retry waited its back-off on the workflow's clock, not in real time.
    expect(Number(await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(5_000);
    await record('migration-promote-batch-retried', handle);
  });

  it('resumes after batches already in, writing only the rest', async () => {
    const { activities, calls, live } = fakePromotion(35, { done: [0, 1] });
    const result = await run(activities, (taskQueue) =>
      env.client.workflow.execute(PROMOTE_MIGRATION_WORKFLOW_TYPE, { taskQueue, workflowId: `migration-promote:ts:${randomUUID()}`, args: [input()] }));
    expect(calls).toEqual([2, 3]);
    expect(result).toMatchObject({ total: 35, promoted: 35 });
    expect(live.size).toBe(35);
  });

  it('fails at once for a run that is not validated, promoting nothing', async () => {
    const { activities, calls } = fakePromotion(35, { validated: false });
    await expect(run(activities, (taskQueue) =>
      env.client.workflow.execute(PROMOTE_MIGRATION_WORKFLOW_TYPE, { taskQueue, workflowId: `migration-promote:ts:${randomUUID()}`, args: [input()] }))).rejects.toThrow(/failed/i);
    expect(calls).toEqual([]);
  });
});
