import path from 'node:path';
import { createDb, findFreePort } from '@lianxu/db';
import { buildApp, type MigrationRouteDeps } from '@lianxu/api';
import type { AuthConfig } from '@lianxu/auth';
import { apiDeps } from './api-deps';
import { appDb } from './harness';
import { serveOnFreePort } from './serve-app';

const WEB_DIST = path.resolve(import.meta.dirname, '../../../apps/web/dist');

/**
 * The API serving the built web app over real HTTP on a free loopback port, with that origin
 * allowed, for browser journeys.
 */
export async function startWebApp(authConfig: Partial<AuthConfig> = {}, options: { connectionString?: string; deps?: Record<string, unknown>; migrations?: MigrationRouteDeps } = {}) {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  // A test that changes platform data passes its own (scratch) database.
  const db = options.connectionString ? createDb({ connectionString: options.connectionString, max: 3 }) : appDb(3);
  const { deps, close } = apiDeps(db, { webDistDir: WEB_DIST, allowedOrigins: [url], ...options.deps, ...(options.migrations ? { migrations: options.migrations } : {}) }, authConfig);
  const server = await serveOnFreePort(buildApp(deps).fetch, port);
  return {
    url,
    db,
    close: async () => {
      await server.close();
      await close();
      await db.destroy();
    },
  };
}
