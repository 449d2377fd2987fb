import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from './time-skipping-server';

// What the time-skipping workflow test files set up the same way: the runtime's logger, the Java
// test server for the file (started before its tests, torn down after) with the workflow bundle the
// run built once, and the recording of histories for workflows/replay.test.ts.

const HISTORIES_DIR = path.resolve(import.meta.dirname, '../fixtures/histories');

/**
 * Starts the time-skipping environment before the file's tests and tears it down after; hands the
 * environment and the workflow bundle to `use` once they are ready.
 *
 * @example
 * let env: TestWorkflowEnvironment;
 * let bundle: string;
 * useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));
 */
export function useTimeSkippingEnvironment(use: (env: TestWorkflowEnvironment, bundle: string) => void): void {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    use(env, readFileSync(inject('workflowBundlePath'), 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });
}

/** With RECORD_HISTORIES=1, writes the workflow's history to test/fixtures/histories/<name>.json. */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}
