import pg from 'pg';
import type { Kysely } from 'kysely';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { withTenant, type Database } from '@lianxu/db';
import { LIFECYCLE_WORKFLOW_TYPES, type FilingTaskInput } from '@lianxu/workflows';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox';


export interface LifecycleRuntimeOptions {
  db: Kysely<Database>;
  client: Client;
  taskQueue: string;
  /** A connection string for LISTEN (wakes the dispatcher at once); without it, polling only. */
  listenUrl?: string;
  /** Only these tenants (tests run several runtimes on one database); default every tenant. */
  tenantIds?: string[];
  pollMs?: number;
  reconcileMs?: number;
  /** Open tasks younger than this are left to the dispatcher. */
  reconcileGraceMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  concurrency?: number;
  /**
   * Ask the server to hand each new workflow's first task straight back with the start (eager
   * workflow start): no task-queue dispatch and no poll for it. Needs a client on the worker's own
   * NativeConnection (the worker program runs the dispatcher beside its worker).
   */
  eagerStart?: boolean;
}

const BATCH = 200;
/** A Temporal call that has not answered by then fails (and is retried), never holding the outbox transaction for ever. */
const TEMPORAL_CALL_MS = 10_000;

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Temporal within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/**
 * The outbox dispatcher and the reconciler, run by the worker.
 *
 * - Dispatcher: the people module writes an event and an outbox row in one transaction and
 *   notifies `lianxu_outbox`; the dispatcher wakes (or polls), starts each workflow with
 *   USE_EXISTING / REJECT_DUPLICATE (a repeat joins the running workflow; a finished one is never
 *   started again) or delivers each signal (signal-with-start, so a workflow lost by the server
 *   comes back with it), then marks the row dispatched. A crash between commit and Temporal loses
 *   nothing: the row is still pending.
 * - Reconciler: every open filing task must have its workflow; one that is missing (a restarted dev
 *   server keeps no state) is started again from PostgreSQL, the source of truth.
 */
export function startLifecycleRuntime(options: LifecycleRuntimeOptions) {
  const { db, client, taskQueue } = options;
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 32;
  let stopped = false;
  let draining: Promise<void> | null = null;
  let again = false;
  let listener: pg.Client | null = null;
  const timers: NodeJS.Timeout[] = [];
  const stats = { started: 0, signalled: 0, restarted: 0, failures: 0 };

  async function tenants(): Promise<string[]> {
    if (options.tenantIds) return options.tenantIds;
    return (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id);
  }

  function workflowFor(kind: 'enrollment' | 'stop') {
    return kind === 'enrollment' ? LIFECYCLE_WORKFLOW_TYPES.enrollment : LIFECYCLE_WORKFLOW_TYPES.stop;
  }

  async function start(workflowType: string, workflowId: string, args: unknown[]): Promise<'started' | 'exists'> {
    try {
      await within(TEMPORAL_CALL_MS, `start ${workflowId}`, client.workflow.start(workflowType, {
        taskQueue,
        workflowId,
        args,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...(options.eagerStart ? { requestEagerStart: true } : {}),
      }));
      return 'started';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'exists'; // finished before: never again
      throw error;
    }
  }

  async function drainTenant(tenantId: string): Promise<number> {
    return withTenant(db, tenantId, async (trx) => {
      const rows = await trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId).where('dispatched_at', 'is', null)
        .orderBy('id').limit(BATCH).forUpdate().skipLocked().execute();
      if (!rows.length) return 0;
      const done: string[] = [];
      await inBatches(rows, concurrency, async (row) => {
        try {
          if (row.kind === 'start') {
            await start(row.workflow_type!, row.workflow_id, row.args);
            stats.started++;
          } else {
            const t = await trx.selectFrom('filing_tasks').select(['id', 'kind', 'open']).where('tenant_id', '=', tenantId).where('workflow_id', '=', row.workflow_id).executeTakeFirst();
            if (t?.open) {
              const input: FilingTaskInput = { tenantId, taskId: t.id };
              await within(TEMPORAL_CALL_MS, `signal ${row.workflow_id}`, client.workflow.signalWithStart(workflowFor(t.kind), {
                taskQueue,
                workflowId: row.workflow_id,
                args: [input],
                signal: row.signal_name!,
                signalArgs: row.args,
                workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
                workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
              })).catch((error: unknown) => {
                if (!(error instanceof WorkflowExecutionAlreadyStartedError) && !(error instanceof WorkflowNotFoundError)) throw error;
              });
            }
            stats.signalled++;
          }
          done.push(row.id);
        } catch (error) {
          stats.failures++;
          log('warn', 'outbox row not dispatched; will retry', { outboxId: row.id, workflowId: row.workflow_id, error: (error as Error).message });
          await trx.updateTable('outbox').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: (error as Error).message.slice(0, 500) }))
            .where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
        }
      });
      if (done.length) {
        await trx.updateTable('outbox').set({ dispatched_at: new Date() }).where('tenant_id', '=', tenantId).where('id', 'in', done).execute();
      }
      return rows.length === BATCH && done.length === rows.length ? rows.length : 0;
    });
  }

  async function drainOnce(): Promise<void> {
    for (const tenantId of await tenants()) {
      // A full batch means there may be more.
      while (!stopped && (await drainTenant(tenantId)) > 0);
    }
  }

  /** Runs a drain now, or once more right after the running one. */
  function drain(): Promise<void> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again && !stopped);
      } catch (error) {
        log('error', 'outbox drain failed', { error: (error as Error).message });
      } finally {
        draining = null;
      }
    })();
    return draining;
  }

  async function reconcile(): Promise<void> {
    const grace = options.reconcileGraceMs ?? 10_000;
    for (const tenantId of await tenants()) {
      const open = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('filing_tasks').select(['id', 'kind', 'workflow_id'])
          .where('tenant_id', '=', tenantId).where('open', '=', true).where('created_at', '<', new Date(Date.now() - grace)).execute());
      await inBatches(open, concurrency, async (t) => {
        try {
          await within(TEMPORAL_CALL_MS, `describe ${t.workflow_id}`, client.workflow.getHandle(t.workflow_id).describe());
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          const input: FilingTaskInput = { tenantId, taskId: t.id };
          if ((await start(workflowFor(t.kind), t.workflow_id, [input])) === 'started') {
            stats.restarted++;
            log('warn', 'workflow of an open task was missing; started again', { workflowId: t.workflow_id });
          }
        }
      });
    }
  }

  async function listen(url: string) {
    listener = new pg.Client({ connectionString: url, application_name: 'lianxu-outbox-listener' });
    listener.on('notification', () => void drain());
    listener.on('error', (error) => log('warn', 'outbox listener lost; polling continues', { error: error.message }));
    await listener.connect();
    await listener.query(`listen ${OUTBOX_NOTIFY_CHANNEL}`);
  }

  const ready = (async () => {
    if (options.listenUrl) await listen(options.listenUrl).catch((error: unknown) => log('warn', 'cannot LISTEN; polling only', { error: (error as Error).message }));
    await drain();
    timers.push(setInterval(() => void drain(), options.pollMs ?? 1000));
    const runReconcile = () => reconcile().catch((error: unknown) => log('warn', 'reconcile failed', { error: (error as Error).message }));
    void runReconcile();
    timers.push(setInterval(runReconcile, options.reconcileMs ?? 30_000));
  })();

  return {
    ready,
    stats,
    drain,
    reconcile,
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await ready.catch(() => undefined);
      // A drain finishes within one Temporal call timeout; do not wait longer than that.
      if (draining) await within(TEMPORAL_CALL_MS + 2000, 'stop', draining).catch(() => undefined);
      await listener?.end().catch(() => undefined);
    },
  };
}

export type LifecycleRuntime = ReturnType<typeof startLifecycleRuntime>;
