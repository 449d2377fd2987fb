import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createBusinessClock, openRuntimeDatabase, requireEnv, StartupError } from '@lianxu/db';
import { createCloseService, createHttpBureauGateway, importBureauBill, createIntakeService, createPeopleService, createPersonalDataVault, createPluginRuntime, createPolicyLibraryService, createTenancyService, createWebhookService, discoverPlugins, parseMasterKey, PluginLoadError, pluginsWithHandler, policyCitiesFrom, decideBaseAdjustment, riskScanRun, signalCloseInputs, signalCloseLocked, signalDualRunRetirement, startBaseAdjustment, startCloseMonth, startDualRun, startMigrationLoad, startMigrationPromotion, startRiskScan } from '@lianxu/core';
import { createAuthService, listenForAuthChanges, SessionCache } from '@lianxu/auth';
import { buildApp } from './app';
import { trustedProxyHopsFromEnv } from './middleware/client-address';

const logger = pino({ name: 'lianxu-api', level: process.env.LOG_LEVEL ?? 'info' });

/** The master key that wraps every tenant's data key; without it no ID number can be stored or read. */
function masterKeyFromEnv(): Buffer {
  const value = process.env.LIANXU_MASTER_KEY;
  if (!value) throw new StartupError('LIANXU_MASTER_KEY is not set (32 random bytes, base64: `openssl rand -base64 32`; `npm start` keeps one in .data/master.key)', 2);
  try {
    return parseMasterKey(value);
  } catch (error) {
    throw new StartupError((error as Error).message, 2);
  }
}

async function main() {
  // The role check comes first: a process that could bypass row-level security never runs at all.
  const db = await openRuntimeDatabase('lianxu-api');
  const masterKey = masterKeyFromEnv();
  const clock = createBusinessClock();
  // An invalid plugin or a missing requirement stops start-up, naming the plugin's folder.
  const plugins = await discoverPlugins({ dir: process.env.LIANXU_PLUGINS_DIR || undefined }).catch((error: unknown) => {
    throw error instanceof PluginLoadError ? new StartupError(error.message, 2) : error;
  });
  // A hire writes its plugin event only where a plugin with an employeeHired handler is enabled.
  const peopleDeps = { db, clock, vault: createPersonalDataVault(masterKey), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })), hireListeners: pluginsWithHandler(plugins, 'employeeHired') };
  const people = createPeopleService(peopleDeps);
  // Lazy: the API starts (and health says so) even while Temporal is still coming up.
  const temporal = Connection.lazy({ address: requireEnv('TEMPORAL_ADDRESS') });
  const port = Number(process.env.PORT ?? 3000);
  const demoMode = process.env.NODE_ENV !== 'production';
  const allowedOrigins = process.env.ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  // Validated sessions are reused for a few seconds while the database's change announcements
  // are heard (any sign-out, revocation or role change drops them); without the listener, none are.
  const sessionCache = new SessionCache();
  const authListener = await listenForAuthChanges(requireEnv('DATABASE_URL'), sessionCache, {
    log: (message, error) => logger.warn({ error: error?.message }, message),
  });
  const app = buildApp({
    db,
    auth: createAuthService(db, { demoMode }, undefined, { sessionCache }),
    allowedOrigins,
    trustedProxyHops: trustedProxyHopsFromEnv(process.env),
    // A request holding the event loop this long is logged with its route (LIANXU_STALL_MS, default 200).
    eventLoopStallMs: process.env.LIANXU_STALL_MS ? Number(process.env.LIANXU_STALL_MS) : undefined,
    logger,
    clock,
    tenancy: createTenancyService(db),
    people,
    plugins: createPluginRuntime({ db, plugins, clock, people, logger }),
    intake: createIntakeService({ ...peopleDeps, hire: people.hire }),
    // Production refuses http and internal webhook addresses; the demo allows a local receiver.
    webhooks: createWebhookService({ db, vault: createPersonalDataVault(masterKey), production: !demoMode }),
    temporal: {
      ping: async () => {
        await temporal.withDeadline(Date.now() + 2000, () => temporal.workflowService.getSystemInfo({}));
      },
    },
    migrations: {
      vault: peopleDeps.vault,
      uploadDir: process.env.MIGRATION_UPLOAD_DIR ?? path.resolve(import.meta.dirname, '../../../.data/migrations'),
      startPromotion: (input) => startMigrationPromotion(new Client({ connection: temporal }), input, process.env.TASK_QUEUE || undefined),
      startLoad: (input) => startMigrationLoad(new Client({ connection: temporal }), input, process.env.TASK_QUEUE || undefined),
    },
    baseAdjustments: (() => {
      const policies = createPolicyLibraryService({ db });
      return {
        library: () => policies.library(),
        vault: peopleDeps.vault,
        start: (input) => startBaseAdjustment(new Client({ connection: temporal }), input, process.env.TASK_QUEUE || undefined),
        decide: (workflowId, decision) => decideBaseAdjustment(new Client({ connection: temporal }), workflowId, decision),
      };
    })(),
    dualRun: {
      vault: createPersonalDataVault(masterKey),
      start: (input) => startDualRun(new Client({ connection: temporal }), input, process.env.TASK_QUEUE || undefined),
      signalRetirement: (tenantId, runId, userId) => signalDualRunRetirement(new Client({ connection: temporal }), tenantId, runId, userId),
    },
    riskScans: {
      start: (tenant) => startRiskScan(new Client({ connection: temporal }), tenant, process.env.TASK_QUEUE || undefined),
      run: (tenant, workflowId) => riskScanRun(new Client({ connection: temporal }), tenant, workflowId),
    },
    // The close records bills by ID number (the vault's blind index) and runs as a workflow per entity, city and month.
    close: createCloseService({ db, vault: peopleDeps.vault }),
    closeWorkflow: {
      opened: (k) => startCloseMonth(new Client({ connection: temporal }), k, process.env.TASK_QUEUE || undefined),
      inputsChanged: (k) => signalCloseInputs(new Client({ connection: temporal }), k, process.env.TASK_QUEUE || undefined),
      locked: (k) => signalCloseLocked(new Client({ connection: temporal }), k),
    },
    // The close fetches the bureau's bill through the gateway when a bureau is connected (npm start sets BUREAU_URL).
    ...(process.env.BUREAU_URL
      ? { closeBureauBill: (() => {
        const bureau = createHttpBureauGateway({ baseUrl: process.env.BUREAU_URL });
        return (tenant: { id: string }, actor: { id: string } | null, k: Parameters<typeof importBureauBill>[3]) => importBureauBill({ db, vault: peopleDeps.vault, bureau }, tenant, actor, k);
      })() }
      : {}),
    webDistDir: process.env.WEB_DIST_DIR ?? path.resolve(import.meta.dirname, '../../web/dist'),
  });
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, () => {
    logger.info({ port }, 'API listening');
  });
  const shutdown = () => {
    server.close();
    void authListener.close().then(() => db.destroy()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof StartupError ? error.exitCode : 1);
});
