import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Kysely } from 'kysely';
import { createBusinessClock, type BusinessClock, type Database } from '@lianxu/db';
import {
  createHttpBureauGateway,
  createLifecycleActivities,
  createPeopleService,
  discoverPlugins,
  pluginsWithHandler,
  createPersonalDataVault,
  createPolicyLibraryService,
  createTenancyActivities,
  policyCitiesFrom,
  startLifecycleRuntime,
  type LifecycleDeps,
  type PersonalDataVault,
} from '@lianxu/core';
import type { BureauStateOptions } from '@lianxu/bureau-sim';
import { createTestWorker, temporalClient } from './harness';
import { startBureauSim } from './bureau-sim';
import { provisionLifecycleTenant } from './tenant-fixtures';
import { TEST_MASTER_KEY } from './api-deps';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

let vault: PersonalDataVault | undefined;

/** One personal-data vault per test process (TEST_MASTER_KEY), the key API deps and workers use too. */
export function testVault(): PersonalDataVault {
  return (vault ??= createPersonalDataVault(TEST_MASTER_KEY));
}

/**
 * The real worker program (apps/worker/src/main.ts) in its own process, on the given task queue,
 * dispatching only the given tenants' outbox: what a crash test kills with SIGKILL.
 */
export function spawnWorkerProcess(options: { taskQueue: string; bureauUrl: string; tenantIds: string[]; logLevel?: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/worker/src/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: inject('appUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      BUREAU_URL: options.bureauUrl,
      LIANXU_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
      TASK_QUEUE: options.taskQueue,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      LIANXU_DISPATCH_TENANTS: options.tenantIds.join(','),
      LOG_LEVEL: options.logLevel ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  // Everything it logs, kept whole for tests that check what a worker writes (the ID-number test).
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => void output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    output.push(chunk);
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    child,
    stderr: () => stderr,
    /** All of its stdout and stderr so far. */
    output: () => Buffer.concat(output).toString('utf8'),
    /** Kills the process at once, as a crash would: no graceful shutdown, in-flight activities lost. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface LifecycleStackOptions {
  /** The tenants whose outbox this stack dispatches (other test files have their own). */
  tenantIds: string[];
  bureau?: Partial<BureauStateOptions>;
  clock?: BusinessClock;
  lifecycle?: Partial<Pick<LifecycleDeps, 'contributionBase' | 'pollMs' | 'email' | 'sms'>>;
  /** 'none': no worker in this process (a test runs the worker program itself). Default 'in-process'. */
  worker?: 'in-process' | 'none';
  /** false: no dispatcher here (a test runs its own, or the worker process does). Default true. */
  dispatcher?: boolean;
}

/**
 * The whole lifecycle on real parts: a bureau-sim server, a Temporal worker on its own task queue
 * running the lifecycle activities, and the outbox dispatcher and reconciler for the given tenants.
 * `people` is the same service the API uses.
 */
export async function startLifecycleStack(db: Kysely<Database>, options: LifecycleStackOptions) {
  const bureau = await startBureauSim(options.bureau);
  const policies = createPolicyLibraryService({ db });
  const clock = options.clock ?? createBusinessClock();
  const makeActivities = () => ({
    ...createTenancyActivities({ db }),
    ...createLifecycleActivities({
      db,
      vault: testVault(),
      bureau: createHttpBureauGateway({ baseUrl: bureau.url, timeoutMs: 3000 }),
      policy: () => policies.library(),
      pollMs: { first: 50, max: 500 },
      ...options.lifecycle,
    }),
  });
  const taskQueue = `test-lifecycle-${randomBytes(4).toString('hex')}`;
  let worker = options.worker === 'none' ? null : await createTestWorker(makeActivities(), taskQueue);
  let running = worker ? worker.worker.run() : Promise.resolve();
  const temporal = await temporalClient();
  const runtime = options.dispatcher === false
    ? null
    : startLifecycleRuntime({
        db,
        client: temporal.client,
        taskQueue,
        listenUrl: inject('appUrl'),
        tenantIds: options.tenantIds,
        pollMs: 500,
        reconcileMs: 2000,
        reconcileGraceMs: 1000,
      });
  await runtime?.ready;
  // As the API builds it: a hire writes its plugin event where a plugin hearing hires is enabled.
  const people = createPeopleService({ db, vault: testVault(), clock, policyCities: policyCitiesFrom(policies), hireListeners: pluginsWithHandler(await discoverPlugins(), 'employeeHired') });

  return {
    bureau,
    people,
    runtime,
    client: temporal.client,
    taskQueue,
    async close() {
      await runtime?.stop();
      if (worker && worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running.catch(() => undefined);
      await worker?.close();
      await temporal.close();
      await bureau.close();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * For one test file: before its tests, a fresh lifecycle tenant (slug from `prefix`) with its HR user
 * as the actor and a lifecycle stack over `db` for that tenant; after them the stack is closed and
 * `db` destroyed. The fields are set once the file's beforeAll has run.
 */
export function useLifecycleTenantStack(db: Kysely<Database>, prefix: string, options: { seed: number }) {
  const ctx = {} as Awaited<ReturnType<typeof provisionLifecycleTenant>> & { stack: Awaited<ReturnType<typeof startLifecycleStack>> };
  beforeAll(async () => {
    Object.assign(ctx, await provisionLifecycleTenant(db, prefix, options));
    ctx.stack = await startLifecycleStack(db, { tenantIds: [ctx.tenant.id] });
  }, 60_000);
  afterAll(async () => {
    await ctx.stack?.close();
    await db.destroy();
  });
  return ctx;
}
