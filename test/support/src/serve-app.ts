import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** Serves a Hono app on a free loopback port, for browser tests and benchmarks. */
export async function serveOnFreePort(fetch: (request: Request) => Response | Promise<Response>, port = 0) {
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
