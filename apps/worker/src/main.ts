import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import pino from 'pino';
import { createBusinessClock, openRuntimeDatabase, requireEnv, StartupError } from '@lianxu/db';
import { contributionBasePlugins, createPersonalDataVault, createPluginRuntime, pluginActivities, discoverPlugins, parseMasterKey, PluginLoadError, startLifecycleRuntime } from '@lianxu/core';
import { CORE_TASK_QUEUE, WORKFLOWS_PATH } from '@lianxu/workflows';
import { createActivities, smtpProviderFromEnv } from './activities';

const logger = pino({ name: 'lianxu-worker', level: process.env.LOG_LEVEL ?? 'info' });

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
  logger.info({ taskQueue }, 'worker running');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
  await runtime.stop();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    logger.fatal(error.message);
    process.exit(error.exitCode);
  }
  logger.fatal({ err: { message: (error as Error)?.message, stack: (error as Error)?.stack } }, 'worker failed');
  process.exit(1);
});
