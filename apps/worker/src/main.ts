import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import pino from 'pino';
import { assertSafeRuntimeRole, createDb } from '@lianxu/db';
import { CORE_TASK_QUEUE, WORKFLOWS_PATH } from '@lianxu/workflows';
import { createActivities } from './activities';

const logger = pino({ name: 'lianxu-worker', level: process.env.LOG_LEVEL ?? 'info' });

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    logger.fatal(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = createDb({ connectionString: required('DATABASE_URL'), max: Number(process.env.DB_POOL_MAX ?? 10), applicationName: 'lianxu-worker' });
  try {
    await assertSafeRuntimeRole(db);
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(3);
  }
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
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

main().catch((error) => {
  logger.fatal({ err: { message: error?.message, stack: error?.stack } }, 'worker failed');
  process.exit(1);
});
