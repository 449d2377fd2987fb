import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { resolveTemporalCli, startTemporalDevServer } from './temporal-dev-server.launcher';

// The dev server can exit while it starts (a port it picked for an internal service taken by another
// process in between): the launcher starts it again. A wrapper binary fails its first start the way
// the dev server does (an exit with code 2) and runs the real one after that.

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-temporal-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('starts the dev server again when it exits while starting, and says so', async () => {
  const real = await resolveTemporalCli();
  if (!real) throw new Error('no temporal binary: the integration setup builds or finds one');
  const wrapper = path.join(dir, 'temporal');
  const marker = path.join(dir, 'failed-once');
  await writeFile(
    wrapper,
    `#!/bin/sh\nif [ ! -e '${marker}' ]; then touch '${marker}'; echo 'panic: listen tcp 127.0.0.1:7236: bind: address already in use' >&2; exit 2; fi\nexec '${real.path}' "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  const lines: string[] = [];
  const before = process.env.TEMPORAL_CLI;
  process.env.TEMPORAL_CLI = wrapper;
  try {
    const server = await startTemporalDevServer({ port: await freePort(), headless: true, log: (l) => lines.push(l) });
    try {
      expect(await readFile(marker, 'utf8')).toBe('');
      expect(lines.some((l) => /exited while starting \(attempt 1 of 3\); starting it again: .*address already in use/.test(l))).toBe(true);
      expect(server.pid).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  } finally {
    if (before === undefined) delete process.env.TEMPORAL_CLI;
    else process.env.TEMPORAL_CLI = before;
  }
});
