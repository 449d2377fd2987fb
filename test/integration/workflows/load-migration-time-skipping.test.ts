import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { LOAD_MIGRATION_WORKFLOW_TYPE, loadMigrationId, MIGRATION_LOAD_FILES, type LoadMigrationInput, type MigrationLoadActivities } from '@lianxu/workflows';
import { startMigrationLoad } from '@lianxu/core';
import { recordHistory, useTimeSkippingEnvironment } from '../../support/time-skipping-suite';

// The load workflow on Temporal's time-skipping test server with its activities in memory (a
// sandbox that keeps what a file's transaction committed): a file lost with its worker is loaded
// again after its back-off and the run ends with every row once; a refused package fails the
// workflow at once without trying the next files.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

const tenantId = '00000000-0000-4000-8000-00000000dddd';
const ROWS = { roster: 30, coverage: 120, contributions: 600 } as const;

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));

/** Files commit whole (a file's rows replace its earlier rows); `failing` files die once before committing. */
function fakeLoad(options: { failing?: string[]; refused?: string } = {}) {
  const sandbox = new Map<string, number>(); // file → rows in the sandbox
  const failing = new Set(options.failing ?? []);
  const calls: string[] = [];
  let finished = 0;
  const activities: MigrationLoadActivities = {
    async loadMigrationFile({ file }) {
      calls.push(file);
      if (options.refused === file) throw ApplicationFailure.nonRetryable('File "缴费明细.csv" fails its authentication tag', 'package_tampered');
      if (failing.delete(file)) throw ApplicationFailure.retryable('worker lost mid-file', 'WorkerLost');
      const read = ROWS[file];
      const quarantined = Math.floor(read / 20);
      sandbox.set(file, read - quarantined);
      return { file, read, accepted: read - quarantined, quarantined };
    },
    async finishMigrationLoad(input) {
      finished += 1;
      return { ...input, files: [], coverageGaps: 2 };
    },
  };
  return { activities, calls, sandbox, finished: () => finished };
}

async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `load-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
  return worker.runUntil(body(taskQueue));
}

const input = (): LoadMigrationInput => ({ tenantId, runId: randomUUID(), packageFile: '/srv/lianxu/migrations/t/run.lxpkg' });

describe('loadMigration workflow with time skipping', () => {
  it('loads a file lost with its worker again and ends with every row once', async () => {
    const { activities, calls, sandbox, finished } = fakeLoad({ failing: ['coverage'] });
    const startedAt = Number(await env.currentTimeMs());
    const { result, handle } = await run(activities, async (taskQueue) => {
      const i = input();
      const started = await startMigrationLoad(env.client, i, taskQueue);
      expect(started).toEqual({ workflowId: loadMigrationId(tenantId, i.runId), started: true });
      // Starting again while it runs finds the same load (one per run at a time).
      expect(await startMigrationLoad(env.client, i, taskQueue)).toMatchObject({ started: false });
      const h = env.client.workflow.getHandle(started.workflowId);
      return { result: await h.result(), handle: h };
    });
    expect(calls).toEqual(['roster', 'coverage', 'coverage', 'contributions']);
    expect(finished()).toBe(1);
    expect(result.coverageGaps).toBe(2);
    expect(result.files.map((f) => f.file)).toEqual([...MIGRATION_LOAD_FILES]);
    for (const f of result.files) {
      expect(f.read).toBe(f.accepted + f.quarantined);
      expect(sandbox.get(f.file)).toBe(f.accepted);
    }
    // The retry waited its back-off on the workflow's clock, not in real time.
    expect(Number(await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(2_000);
    await recordHistory('migration-load-file-retried', handle);
  });

  it('fails at once on a refused package, loading no further file', async () => {
    const { activities, calls, finished } = fakeLoad({ refused: 'coverage' });
    await expect(run(activities, (taskQueue) =>
      env.client.workflow.execute(LOAD_MIGRATION_WORKFLOW_TYPE, { taskQueue, workflowId: `migration-load:ts:${randomUUID()}`, args: [input()] }))).rejects.toThrow(/failed/i);
    expect(calls).toEqual(['roster', 'coverage']);
    expect(finished()).toBe(0);
  });
});
