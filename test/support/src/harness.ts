import './provided-context';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDb, type Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';

/** The runtime-role database (row-level security applies) of the shared test cluster. */
export function appDb(max = 5): Kysely<Database> {
  return createDb({ connectionString: inject('appUrl'), max, applicationName: 'lianxu-test' });
}

/** The owner-role database, for fixtures and schema inspection only. */
export function ownerDb(max = 2): Kysely<any> {
  return createDb({ connectionString: inject('ownerUrl'), max, applicationName: 'lianxu-test-owner' });
}

export async function temporalClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/** A worker on its own task queue, using the run's prebuilt workflow bundle. */
export async function createTestWorker(activities: object, taskQueue = `test-${randomUUID()}`) {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    taskQueue,
    activities,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
  });
  return { worker, taskQueue, close: () => connection.close() };
}

// Worker state changes are noise in test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('ERROR') });
