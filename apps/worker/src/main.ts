import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import pino from 'pino';
import type { Kysely } from 'kysely';
import { createBusinessClock, openRuntimeDatabase, requireEnv, StartupError, type Database } from '@lianxu/db';
import {
  contributionBasePlugins,
  createBaseAdjustmentActivities,
  createCloseActivities,
  createDataMigrationActivities,
  createDualRunActivities,
  createHttpBureauGateway,
  createLifecycleActivities,
  createPersonalDataVault,
  createPluginRuntime,
  createPolicyLibraryService,
  createRiskActivities,
  createTenancyActivities,
  discoverPlugins,
  openMigrationPool,
  parseMasterKey,
  pluginActivities,
  PluginLoadError,
  smtpProviderFromEnv,
  startLifecycleRuntime,
  startWebhookDispatcher,
  type ExtensionRegistry,
  type LifecycleDeps,
  type PersonalDataVault,
  ensureBaseAdjustmentCheckSchedule,
  ensureRiskScanSchedule,
} from '@lianxu/core';
import { CORE_TASK_QUEUE, WORKFLOWS_PATH } from '@lianxu/workflows';

const logger = pino({ name: 'lianxu-worker', level: process.env.LOG_LEVEL ?? 'info' });

interface WorkerDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** Base URL of the bureau's HTTP interface (bureau-sim). */
  bureauUrl: string;
  /** The plugins' contributionBase extension point (`contributionBasePlugins(runtime)`). */
  contributionBase?: LifecycleDeps['contributionBase'];
  /** E-mail provider (SMTP when SMTP_URL is set). */
  email?: LifecycleDeps['email'];
  /** The plugins' riskRules extension point for the risk scan. */
  riskRules?: Pick<ExtensionRegistry, 'riskRules'>;
  /** The plugins' list columns (the monthly risk report's branch column). */
  listColumns?: Pick<ExtensionRegistry, 'employeeListColumns'>;
  /** The runtime role's connection string (data-migration loading). */
  databaseUrl?: string;
}

/** The composition root of activities: every module's activities, wired to their dependencies. */
function createActivities(deps: WorkerDeps) {
  const policies = createPolicyLibraryService({ db: deps.db });
  const bureau = createHttpBureauGateway({ baseUrl: deps.bureauUrl });
  return {
    ...createTenancyActivities({ db: deps.db }),
    ...createLifecycleActivities({
      db: deps.db,
      vault: deps.vault,
      bureau,
      policy: () => policies.library(),
      ...(deps.email ? { email: deps.email } : {}),
      ...(deps.contributionBase ? { contributionBase: deps.contributionBase } : {}),
    }),
    ...createRiskActivities({ db: deps.db, library: () => policies.library(), extensions: deps.riskRules ?? null, email: deps.email, listColumns: deps.listColumns ?? null }),
    // Loading COPYs into run sandboxes over plain pg connections of the runtime role.
    ...createDataMigrationActivities({ db: deps.db, vault: deps.vault, ...(deps.databaseUrl ? { pool: openMigrationPool(deps.databaseUrl, 'lianxu-worker-migrations') } : {}) }),
    ...createBaseAdjustmentActivities({ db: deps.db, library: () => policies.library(), vault: deps.vault, bureau }),
    ...createCloseActivities({ db: deps.db, library: () => policies.library(), email: deps.email }),
    ...createDualRunActivities({ db: deps.db, vault: deps.vault, ...(process.env.LIANXU_ARCHIVE_DIR ? { archiveDir: process.env.LIANXU_ARCHIVE_DIR } : {}) }),
  };
}

function masterKey(): Buffer {
  try {
    return parseMasterKey(requireEnv('LIANXU_MASTER_KEY'));
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`LIANXU_MASTER_KEY: ${(error as Error).message}`, 2);
  }
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // The database role is checked first (exit 3 for an unsafe role), then the rest of the configuration.
  const db = await openRuntimeDatabase('lianxu-worker');
  const vault = createPersonalDataVault(masterKey());
  const bureauUrl = requireEnv('BUREAU_URL');
  // Plugins take part in filings through core's extension points (contributionBase). An invalid
  // plugin or a missing requirement stops start-up, naming its folder, as in the API.
  const plugins = await discoverPlugins({ dir: process.env.LIANXU_PLUGINS_DIR || undefined }).catch((error: unknown) => {
    throw error instanceof PluginLoadError ? new StartupError(error.message, 2) : error;
  });
  const pluginRuntime = createPluginRuntime({ db, plugins, clock: createBusinessClock(), logger });
  const address = requireEnv('TEMPORAL_ADDRESS');
  const taskQueue = process.env.TASK_QUEUE ?? CORE_TASK_QUEUE;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    // A prebuilt bundle (tests build one per run) skips bundling at start-up.
    ...(process.env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } } : { workflowsPath: WORKFLOWS_PATH }),
    // Core's activities, then each plugin's as `<plugin id>.<name>`.
    activities: {
      ...pluginActivities(pluginRuntime.host, plugins),
      ...createActivities({
        db,
        vault,
        bureauUrl,
        contributionBase: contributionBasePlugins(pluginRuntime),
        email: smtpProviderFromEnv(process.env),
        riskRules: pluginRuntime.extensions,
        listColumns: pluginRuntime.extensions,
        databaseUrl: process.env.DATABASE_URL,
      }),
    },
    maxConcurrentActivityTaskExecutions: 200,
    // Many short filings at once: more pollers and workflow-task slots than the defaults.
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentWorkflowTaskPolls: 20,
    maxConcurrentActivityTaskPolls: 20,
  });
  const runtime = startLifecycleRuntime({
    db,
    // The worker's own connection: a started workflow's first task comes back with the start
    // (eager start) and runs here, without a trip through the task queue.
    client: new Client({ connection }),
    eagerStart: true,
    taskQueue,
    // Plugin events (employeeHired) ride the same outbox: delivered after the hire commits, retried until each enabled plugin has them.
    pluginEvents: pluginRuntime.extensions,
    listenUrl: process.env.DATABASE_URL,
    // Comma-separated tenant ids: dispatch only these (tests; sharding the dispatcher later).
    ...(process.env.LIANXU_DISPATCH_TENANTS ? { tenantIds: process.env.LIANXU_DISPATCH_TENANTS.split(',') } : {}),
    log: (level, message, fields) => logger[level](fields ?? {}, message),
  });
  // Every tenant's daily risk scan schedule, created or brought up to date (idempotent). A failure
  // is logged per tenant and does not keep the worker from serving.
  void ensureRiskScanSchedules(db, new Client({ connection }), taskQueue);
  // Outgoing webhooks from the same outbox: fanned out per endpoint, signed, retried for a day.
  const webhooks = startWebhookDispatcher({
    db,
    vault,
    production: process.env.NODE_ENV === 'production',
    listenUrl: process.env.DATABASE_URL,
    ...(process.env.LIANXU_DISPATCH_TENANTS ? { tenantIds: process.env.LIANXU_DISPATCH_TENANTS.split(',') } : {}),
    log: (level, message, fields) => logger[level](fields ?? {}, message),
  });
  logger.info({ taskQueue }, 'worker running');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
  await runtime.stop();
  await webhooks.stop();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
}

async function ensureRiskScanSchedules(db: Awaited<ReturnType<typeof openRuntimeDatabase>>, client: Client, taskQueue: string) {
  const tenants = await db.selectFrom('tenants').select(['id', 'slug']).execute().catch((error: unknown) => {
    logger.error({ err: { message: (error as Error).message } }, 'risk scan schedules: tenants not readable');
    return [];
  });
  for (const tenant of tenants) {
    await ensureRiskScanSchedule(client, tenant, taskQueue).catch((error: unknown) => {
      logger.error({ tenant: tenant.slug, err: { message: (error as Error).message } }, 'risk scan schedule not set');
    });
    // The daily check that starts each city's annual base adjustment when its new policy year takes effect.
    await ensureBaseAdjustmentCheckSchedule(client, tenant, taskQueue).catch((error: unknown) => {
      logger.error({ tenant: tenant.slug, err: { message: (error as Error).message } }, 'base adjustment check schedule not set');
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    logger.fatal(error.message);
    process.exit(error.exitCode);
  }
  logger.fatal({ err: { message: (error as Error)?.message, stack: (error as Error)?.stack } }, 'worker failed');
  process.exit(1);
});
