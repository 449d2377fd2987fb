import path from 'node:path';
import { serve } from '@hono/node-server';
import { Connection } from '@temporalio/client';
import pino from 'pino';
import { assertSafeRuntimeRole, createBusinessClock, createDb } from '@lianxu/db';
import { createTenancyService } from '@lianxu/core';
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
  const app = buildApp({
    db,
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
  const port = Number(process.env.PORT ?? 3000);
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
