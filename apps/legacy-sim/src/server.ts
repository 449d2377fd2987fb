import { serve } from '@hono/node-server';
import { buildLegacyApp } from './legacy.app';
import { DEFAULT_LEGACY_DATABASE, LegacyStore } from './legacy.store';

// The simulated old HR system: LEGACY_ADMIN_DATABASE_URL (a role that may create its database and
// its read-only role; `npm start` passes the embedded server's superuser), LEGACY_DATABASE (default
// legacy_sim), PORT (4200), and LEGACY_SEED="seed,size,months" to fill it on first start.
const DEFAULT_LEGACY_PORT = 4200;

function fail(message: string): never {
  console.error(`legacy-sim: ${message}`);
  process.exit(2);
}

const adminUrl = process.env.LEGACY_ADMIN_DATABASE_URL;
if (!adminUrl) fail('LEGACY_ADMIN_DATABASE_URL is not set: a PostgreSQL URL whose role may create a database and a role');
const store = await LegacyStore.open({ adminUrl, database: process.env.LEGACY_DATABASE || DEFAULT_LEGACY_DATABASE }).catch((error: Error) => fail(error.message));
if (process.env.LEGACY_SEED) {
  const [seed, size, months] = process.env.LEGACY_SEED.split(',').map(Number);
  if (![seed, size, months].every((n) => Number.isInteger(n) && n! > 0)) fail(`LEGACY_SEED must be "seed,size,months", got ${JSON.stringify(process.env.LEGACY_SEED)}`);
  const { seeded } = await store.seed({ seed: seed!, size: size!, months: months! });
  if (seeded) console.log(`legacy-sim: seeded ${size} employees, ${months} months of history`);
}
const port = Number(process.env.PORT ?? DEFAULT_LEGACY_PORT);
const hostname = process.env.HOST ?? '127.0.0.1';
const server = serve({ fetch: buildLegacyApp(store).fetch, port, hostname }, (info) => {
  console.log(`legacy-sim listening on http://${hostname}:${info.port} (database ${store.database})`);
});
const shutdown = () => {
  server.close(() => void store.close().finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
