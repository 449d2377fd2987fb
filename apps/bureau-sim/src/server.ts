import { serve } from '@hono/node-server';
import { buildBureauApp } from './bureau.app';
import { BureauState, DEFAULT_PROCESSING_DELAY_MS } from './bureau.state';

const DEFAULT_BUREAU_PORT = 4100;

/** BUREAU_PROCESSING_DELAY_MS="min,max" (e.g. "0,0" for benchmarks); default 1-3 s. */
function processingDelay(value: string | undefined): [number, number] {
  if (!value) return DEFAULT_PROCESSING_DELAY_MS;
  const parts = value.split(',').map((part) => Number(part.trim()));
  const min = parts[0] ?? Number.NaN;
  const max = parts[1] ?? min;
  if (parts.length > 2 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    console.error(`bureau-sim: BUREAU_PROCESSING_DELAY_MS must be "min,max" milliseconds, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return [min, max];
}

const state = new BureauState({ processingDelayMs: processingDelay(process.env.BUREAU_PROCESSING_DELAY_MS) });
const app = buildBureauApp({ state });
const port = Number(process.env.PORT ?? DEFAULT_BUREAU_PORT);
const hostname = process.env.HOST ?? '127.0.0.1';

// Request bodies carry ID numbers and names: nothing here logs them, only the listening address.
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`bureau-sim listening on http://${hostname}:${info.port}`);
});

const shutdown = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
