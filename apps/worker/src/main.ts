import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import pino from 'pino';
import { openRuntimeDatabase, requireEnv, StartupError } from '@lianxu/db';
import { CORE_TASK_QUEUE, WORKFLOWS_PATH } from '@lianxu/workflows';
import { createActivities } from './activities';

const logger = pino({ name: 'lianxu-worker', level: process.env.LOG_LEVEL ?? 'info' });

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = await openRuntimeDatabase('lianxu-worker');
  const connection = await NativeConnection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.TASK_QUEUE ?? CORE_TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ db }),
  });
  logger.info({ taskQueue: worker.options.taskQueue }, 'worker running');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
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
