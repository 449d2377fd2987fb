import { buildBureauApp, BureauState, type BureauStateOptions } from '@lianxu/bureau-sim';
import { serveOnFreePort } from './serve-app';

/**
 * A real bureau-sim HTTP server on a free loopback port, with its state in this process so a test
 * can count filings and inject faults directly. Each lifecycle test file starts its own, so one
 * file's outage never reaches another.
 *
 * @example
 * const bureau = await startBureauSim({ processingDelayMs: [0, 0] });
 * bureau.state.setFaults({ outageUntil: ... }); // or POST {url}/admin/faults
 */
export async function startBureauSim(options: Partial<BureauStateOptions> = {}) {
  const state = new BureauState({ processingDelayMs: [50, 200], ...options });
  const server = await serveOnFreePort(buildBureauApp({ state }).fetch);
  return { url: server.url, state, close: server.close };
}
