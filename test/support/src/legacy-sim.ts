import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { buildLegacyApp, LegacyStore, type LegacySeed } from '@lianxu/legacy-sim';
import { serveOnFreePort } from './serve-app';

/**
 * A real legacy-sim HTTP server on a free loopback port with a database of its own on the run's
 * PostgreSQL (as `npm start` runs it), seeded when `seed` is given. Pass `database` again to restart
 * on the same state.
 *
 * @example
 * const legacy = await startLegacySim({ seed: { seed: 7, size: 2000, months: 24 } });
 * await fetch(`${legacy.url}/export/contributions.csv`);
 */
export async function startLegacySim(options: { seed?: LegacySeed; database?: string } = {}) {
  const database = options.database ?? `legacy_sim_${randomBytes(4).toString('hex')}`;
  const store = await LegacyStore.open({ adminUrl: inject('superuserUrl'), database });
  if (options.seed) await store.seed(options.seed);
  const server = await serveOnFreePort(buildLegacyApp(store).fetch);
  return {
    url: server.url,
    store,
    database,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
