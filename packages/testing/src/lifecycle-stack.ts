import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Kysely } from 'kysely';
import { createBusinessClock, type BusinessClock, type Database } from '@lianxu/db';
import {
  createHttpBureauGateway,
  createLifecycleActivities,
  createPeopleService,
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

let vault: PersonalDataVault | undefined;

/** One personal-data vault per test process (a random master key), shared by API deps and workers. */
export function testVault(): PersonalDataVault {
  return (vault ??= createPersonalDataVault(randomBytes(32)));
}

export interface LifecycleStackOptions {
  /** The tenants whose outbox this stack dispatches (other test files have their own). */
  tenantIds: string[];
  bureau?: Partial<BureauStateOptions>;
  clock?: BusinessClock;
  lifecycle?: Partial<Pick<LifecycleDeps, 'adjustBase' | 'pollMs'>>;
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
  let worker = await createTestWorker(makeActivities());
  const taskQueue = worker.taskQueue;
  let running = worker.worker.run();
  const temporal = await temporalClient();
  const runtime = startLifecycleRuntime({
    db,
    client: temporal.client,
    taskQueue,
    listenUrl: inject('appUrl'),
    tenantIds: options.tenantIds,
    pollMs: 500,
    reconcileMs: 2000,
    reconcileGraceMs: 1000,
  });
  await runtime.ready;
  const people = createPeopleService({ db, vault: testVault(), clock, policyCities: policyCitiesFrom(policies) });

  return {
    bureau,
    people,
    runtime,
    client: temporal.client,
    taskQueue,
    /** Stops the worker (as a crash would, without finishing its tasks) and starts a fresh one on the same queue. */
    async restartWorker() {
      worker.worker.shutdown();
      await running.catch(() => undefined);
      await worker.close();
      worker = await createTestWorker(makeActivities(), taskQueue);
      running = worker.worker.run();
    },
    async close() {
      await runtime.stop();
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running.catch(() => undefined);
      await worker.close();
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
