import { serve } from '@hono/node-server';
import { buildBureauApp } from './bureau.app';
import { BureauState, DEFAULT_PROCESSING_DELAY_MS } from './bureau.state';
import { memoryStore, type BureauStore } from './bureau.store';
import { DEFAULT_BUREAU_SCHEMA, openPostgresStore } from './postgres.store';

const DEFAULT_BUREAU_PORT = 4100;

function fail(message: string): never {
  console.error(`bureau-sim: ${message}`);
  process.exit(2);
}

/** BUREAU_PROCESSING_DELAY_MS="min,max" (e.g. "0,0" for benchmarks); default 1-3 s. */
function processingDelay(value: string | undefined): [number, number] {
  if (!value) return DEFAULT_PROCESSING_DELAY_MS;
  const parts = value.split(',').map((part) => Number(part.trim()));
  const min = parts[0] ?? Number.NaN;
  const max = parts[1] ?? min;
  if (parts.length > 2 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    fail(`BUREAU_PROCESSING_DELAY_MS must be "min,max" milliseconds, got ${JSON.stringify(value)}`);
  }
  return [min, max];
}

/**
 * Where the bureau keeps its filings, chosen explicitly: BUREAU_DATABASE_URL (PostgreSQL, schema
 * BUREAU_DATABASE_SCHEMA, default bureau_sim), or BUREAU_STORAGE=memory to keep nothing across a
 * restart. Neither is a start-up error, never a silent fallback to memory.
 */
async function openStore(): Promise<BureauStore> {
  const storage = process.env.BUREAU_STORAGE ?? (process.env.BUREAU_DATABASE_URL ? 'postgres' : undefined);
  if (storage === 'memory') {
    console.warn('bureau-sim: BUREAU_STORAGE=memory: filings are kept in memory only and lost on restart');
    return memoryStore();
  }
  if (storage !== 'postgres') {
    fail(
      storage === undefined
        ? 'BUREAU_DATABASE_URL is not set: set it to a PostgreSQL URL whose role may create the bureau_sim schema ' +
            '(`npm start` passes the embedded server\'s), or set BUREAU_STORAGE=memory to keep filings in memory only'
        : `BUREAU_STORAGE must be "postgres" or "memory", got ${JSON.stringify(storage)}`,
    );
  }
  const connectionString = process.env.BUREAU_DATABASE_URL;
  if (!connectionString) fail('BUREAU_STORAGE=postgres needs BUREAU_DATABASE_URL');
  try {
    return await openPostgresStore({
      connectionString,
      schema: process.env.BUREAU_DATABASE_SCHEMA || DEFAULT_BUREAU_SCHEMA,
      // A change that could not be written: exit, so a supervisor restarts from what is durable.
      onError: (error) => {
        console.error(error.message);
        process.exit(1);
      },
    });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const delay = processingDelay(process.env.BUREAU_PROCESSING_DELAY_MS);
const store = await openStore();
const state = await BureauState.open({ store, processingDelayMs: delay });
const app = buildBureauApp({ state });
const port = Number(process.env.PORT ?? DEFAULT_BUREAU_PORT);
const hostname = process.env.HOST ?? '127.0.0.1';

// Request bodies carry ID numbers and names: nothing here logs them, only the listening address.
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const kept = store.kind === 'postgres' ? `filings in PostgreSQL schema ${process.env.BUREAU_DATABASE_SCHEMA || DEFAULT_BUREAU_SCHEMA}` : 'filings in memory only';
  console.log(`bureau-sim listening on http://${hostname}:${info.port} (${kept}, ${state.listFilings().length} on record)`);
});

const shutdown = () => {
  server.close(() => void store.close().finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
