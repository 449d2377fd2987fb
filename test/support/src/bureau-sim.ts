import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { buildBureauApp, BureauState, openPostgresStore, type BureauStateOptions } from '@lianxu/bureau-sim';
import { serveOnFreePort } from './serve-app';

export interface BureauSimOptions extends Partial<Omit<BureauStateOptions, 'store'>> {
  /** The PostgreSQL schema it keeps its filings in; default a new one per instance. Pass one again to restart on it. */
  schema?: string;
}

/**
 * A real bureau-sim HTTP server on a free loopback port, keeping its filings in PostgreSQL (a
 * schema of its own on the run's database, as `npm start` runs it), with its state in this process
 * so a test can count filings and inject faults directly. Each lifecycle test file starts its own,
 * so one file's outage never reaches another.
 *
 * @example
 * const bureau = await startBureauSim({ processingDelayMs: [0, 0] });
 * bureau.state.setFaults({ outageUntil: ... }); // or POST {url}/admin/faults
 */
export async function startBureauSim(options: BureauSimOptions = {}) {
  const { schema = `bureau_sim_${randomBytes(4).toString('hex')}`, ...stateOptions } = options;
  const store = await openPostgresStore({ connectionString: inject('ownerUrl'), schema });
  const state = await BureauState.open({ processingDelayMs: [50, 200], ...stateOptions, store });
  const server = await serveOnFreePort(buildBureauApp({ state }).fetch);
  return {
    url: server.url,
    state,
    schema,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
