import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '@lianxu/workflows';
import { startBenchStack } from './bench-stack';

const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);

/**
 * One embedded PostgreSQL and one Temporal dev server for the whole run, on free ports (never the
 * 5432/7233 of a running `npm start`). If either cannot start, the run fails with the reason.
 */
export default async function setup(project: TestProject) {
  const stack = await startBenchStack({ log, database: 'lianxu_test' }).catch((error: unknown) => {
    throw new Error(`Tests need PostgreSQL and a Temporal server, and they could not start: ${error instanceof Error ? error.message : error}`);
  });

  // Bundle the workflow code once per run; each test's worker loads this file.
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: log, error: log } as never });
  const workflowBundlePath = path.join(stack.workDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  // LIANXU_DEBUG_URLS=1: the superuser URL, to look at pg_stat_activity while a run seems stuck.
  if (process.env.LIANXU_DEBUG_URLS) process.stderr.write(`[test-setup] superuser ${stack.superuserUrl}\n`);
  project.provide('superuserUrl', stack.superuserUrl);
  project.provide('ownerUrl', stack.ownerUrl);
  project.provide('appUrl', stack.appUrl);
  project.provide('appRole', stack.appRole);
  project.provide('temporalAddress', stack.temporalAddress);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('workDir', stack.workDir);

  return () => stack.stop();
}
