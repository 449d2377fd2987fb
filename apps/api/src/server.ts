import path from 'node:path';
import { serve } from '@hono/node-server';
import { Connection } from '@temporalio/client';
import pino from 'pino';
import { assertSafeRuntimeRole, createBusinessClock, createDb } from '@lianxu/db';
import { createTenancyService } from '@lianxu/core';
import { createAuthService } from '@lianxu/auth';
import { buildApp } from './app';

const logger = pino({ name: 'lianxu-api', level: process.env.LOG_LEVEL ?? 'info' });

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    logger.fatal(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const db = createDb({ connectionString: required('DATABASE_URL'), max: Number(process.env.DB_POOL_MAX ?? 10), applicationName: 'lianxu-api' });
  try {
    await assertSafeRuntimeRole(db);
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(3);
  }
  // Lazy: the API starts (and health says so) even while Temporal is still coming up.
  const temporal = Connection.lazy({ address: required('TEMPORAL_ADDRESS') });
  const port = Number(process.env.PORT ?? 3000);
  const demoMode = process.env.NODE_ENV !== 'production';
  const allowedOrigins = process.env.ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const app = buildApp({
    db,
    auth: createAuthService(db, { demoMode }),
    allowedOrigins,
    trustProxy: process.env.TRUST_PROXY === '1',
    logger,
    clock: createBusinessClock(),
    tenancy: createTenancyService(db),
    temporal: {
      ping: async () => {
        await temporal.withDeadline(Date.now() + 2000, () => temporal.workflowService.getSystemInfo({}));
      },
    },
    webDistDir: process.env.WEB_DIST_DIR ?? path.resolve(import.meta.dirname, '../../web/dist'),
  });
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, () => {
    logger.info({ port }, 'API listening');
  });
  const shutdown = () => {
    server.close();
    void db.destroy().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
