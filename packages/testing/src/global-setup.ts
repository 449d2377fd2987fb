import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context';
import { createDb, ensureDatabaseAndRoles, findFreePort, migrateToLatest } from '@lianxu/db';
import { startEmbeddedPostgres } from '@lianxu/db/launcher';
import { startTemporalDevServer } from '@lianxu/workflows/dev-server';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '@lianxu/workflows';


const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);

/**
 * One embedded PostgreSQL and one Temporal dev server for the whole run, on free ports (never the
 * 5432/7233 of a running `npm start`). If either cannot start, the run fails with the reason.
 */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-test-'));
  // The embedded server runs as the 'postgres' user, which must reach its data directory.
  await chmod(workDir, 0o755);
  const started = Date.now();
  const pgPort = await findFreePort();
  const superuserPassword = randomBytes(12).toString('hex');
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(workDir, 'postgres'),
    port: pgPort,
    persistent: false,
    superuserPassword,
    fast: true,
  }).catch((error) => {
    throw new Error(`Tests need PostgreSQL and it could not start: ${error instanceof Error ? error.message : error}`);
  });
  const roles = {
    database: 'lianxu_test',
    owner: { name: 'lianxu_owner', password: randomBytes(12).toString('hex') },
    app: { name: 'lianxu_app', password: randomBytes(12).toString('hex') },
  };
  const urls = await ensureDatabaseAndRoles(postgres.superuserUrl, roles);
  const owner = createDb({ connectionString: urls.ownerUrl, max: 2 });
  await migrateToLatest(owner, roles.app.name);
  await owner.destroy();
  log(`PostgreSQL ready on ${pgPort} (${Date.now() - started} ms)`);

  const temporalPort = await findFreePort();
  const temporal = await startTemporalDevServer({ port: temporalPort, headless: true, log }).catch(async (error) => {
    await postgres.stop();
    throw new Error(`Tests need a Temporal server and it could not start: ${error instanceof Error ? error.message : error}`);
  });
  log(`Temporal ready on ${temporal.address} via ${temporal.source} (${Date.now() - started} ms)`);

  // Bundle the workflow code once per run; each test's worker loads this file.
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: log, error: log } as never });
  const workflowBundlePath = path.join(workDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('superuserUrl', postgres.superuserUrl);
  project.provide('ownerUrl', urls.ownerUrl);
  project.provide('appUrl', urls.appUrl);
  project.provide('appRole', roles.app.name);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('workDir', workDir);

  return async () => {
    await temporal.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  };
}
