import pg from 'pg';
import { coalescingDrain } from '../shared/index';
import { sql, type Kysely } from 'kysely';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { withTenant, type Database } from '@lianxu/db';
import { LIFECYCLE_WORKFLOW_TYPES, type FilingTaskInput, type TaskPlan } from '@lianxu/workflows';
import type { EmployeeHiredPayload } from '@lianxu/plugin-sdk';
import { DEMO_WORKFLOW_PREFIX } from './demo-tasks';

// The demo history's tasks the reconciler below leaves alone, published with it (coverage/index.ts re-exports this file).
export { DEMO_WORKFLOW_PREFIX, writeDemoFilingTasks, type DemoFilingTask } from './demo-tasks';

type Trx = Kysely<Database>;

// The outbox: rows written in the same transaction as the change that causes them, dispatched to
// Temporal afterwards by the dispatcher below. Only the coverage module writes them.

/** Channel the dispatcher LISTENs on; the payload is the tenant id. */
export const OUTBOX_NOTIFY_CHANNEL = 'lianxu_outbox';

/** The outbox row that starts a task's workflow; `plan` (the task as just written) saves the workflow reading it back. */
export function outboxStartRow(trx: Trx, tenantId: string, workflowType: string, workflowId: string, taskId: string, plan?: TaskPlan) {
  const args: FilingTaskInput[] = [plan ? { tenantId, taskId, plan } : { tenantId, taskId }];
  return trx.insertInto('outbox').values({ tenant_id: tenantId, kind: 'start', workflow_type: workflowType, workflow_id: workflowId, args: JSON.stringify(args) });
}

/** An outbox row that signals a running workflow. */
export async function writeOutboxSignal(trx: Trx, tenantId: string, workflowId: string, signalName: string, args: unknown[]): Promise<void> {
  await trx.insertInto('outbox').values({ tenant_id: tenantId, kind: 'signal', workflow_id: workflowId, signal_name: signalName, args: JSON.stringify(args) }).execute();
}

/** The extension points whose events go through the outbox. */
export type PluginEventPoint = 'employeeHired';

/**
 * The outbox row of a plugin event (employeeHired), written in the transaction of the change that
 * causes it. `key` is the event's idempotency key (one row per key, whatever retries); the
 * dispatcher delivers `payload` to each enabled plugin at least once.
 *
 * With `listeners` (the installed plugins that have a handler for `point`), the row is written only
 * where one of them is enabled for the tenant, as read in the same statement, and there is no row at
 * all (null) when none is installed: a tenant without such a plugin pays nothing for its events.
 * Without `listeners`, every change writes the row and the dispatcher finds whom to tell.
 */
export function outboxPluginEventRow(trx: Trx, tenantId: string, point: PluginEventPoint, key: string, payload: Record<string, unknown>, listeners?: readonly string[]) {
  const row = { tenant_id: tenantId, kind: 'plugin_event' as const, workflow_id: `${point}:${key}`, signal_name: point, args: JSON.stringify([payload]) };
  if (!listeners) return trx.insertInto('outbox').values(row);
  if (!listeners.length) return null;
  return trx.insertInto('outbox').columns(['tenant_id', 'kind', 'workflow_id', 'signal_name', 'args']).expression(
    trx.selectFrom('tenant_plugins').select([
      'tenant_id',
      sql<string>`${row.kind}::text`.as('kind'),
      sql<string>`${row.workflow_id}::text`.as('workflow_id'),
      sql<string>`${row.signal_name}::text`.as('signal_name'),
      sql<unknown[]>`${row.args}::jsonb`.as('args'),
    ]).where('tenant_id', '=', tenantId).where('enabled', '=', true).where('plugin_id', 'in', listeners).limit(1),
  );
}

/** The NOTIFY that wakes the dispatcher; delivered only if the transaction commits. */
export function outboxNotice(trx: Trx, tenantId: string) {
  return trx.selectNoFrom((eb) => eb.fn<void>('pg_notify', [eb.val(OUTBOX_NOTIFY_CHANNEL), eb.val(tenantId)]).as('notified'));
}

/** Wakes the dispatcher; delivered only if the transaction commits. */
export async function notifyOutbox(trx: Trx, tenantId: string): Promise<void> {
  await outboxNotice(trx, tenantId).execute();
}

// The dispatcher.

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
  /**
   * Delivers plugin events (outbox rows of kind `plugin_event`, written by a hire) to the enabled
   * plugins: the extension registry's employeeHired. Without it those rows wait for a dispatcher
   * that has it.
   */
  pluginEvents?: PluginEventSink;
}

/** The part of the extension registry (plugins module) the dispatcher calls; a plugin that throws is named in `failed`. */
export interface PluginEventSink {
  employeeHired(tenantId: string, payload: EmployeeHiredPayload, only?: readonly string[]): Promise<{ delivered: string[]; failed: string[] }>;
}

/** Back-off of a plugin event that failed `attempts` times: 2 s, 4 s, … at most an hour. */
export function pluginEventBackoffMs(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.min(attempts, 12));
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
  let listener: pg.Client | null = null;
  const timers: NodeJS.Timeout[] = [];
  const stats = { started: 0, signalled: 0, restarted: 0, failures: 0, pluginEvents: 0 };

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

  /**
   * Delivers one plugin event to the enabled plugins (or, on a retry, to those still owed it). A
   * plugin that failed was isolated by the registry (logged, its admin told); the row keeps the
   * ids still owed and waits its back-off. True when every plugin has it.
   */
  async function deliverPluginEvent(trx: Kysely<Database>, tenantId: string, row: { id: string; signal_name: string | null; args: unknown[]; attempts: number }): Promise<boolean> {
    const [payload, owed] = row.args as [EmployeeHiredPayload, string[] | undefined];
    if (row.signal_name !== 'employeeHired') throw new Error(`unknown plugin event ${row.signal_name}`);
    const { failed } = await options.pluginEvents!.employeeHired(tenantId, payload, owed);
    stats.pluginEvents++;
    if (!failed.length) return true;
    stats.failures++;
    log('warn', 'plugin event not delivered to every plugin; will retry them', { outboxId: row.id, event: payload.eventId, plugins: failed });
    await trx.updateTable('outbox').set((eb) => ({
      attempts: eb('attempts', '+', 1),
      args: JSON.stringify([payload, failed]),
      last_error: `employeeHired failed in ${failed.join(', ')}`,
      not_before: new Date(Date.now() + pluginEventBackoffMs(row.attempts + 1)),
    })).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
    return false;
  }

  async function drainTenant(tenantId: string): Promise<number> {
    return withTenant(db, tenantId, async (trx) => {
      // Webhook events ride the same outbox but are the webhook dispatcher's (integrations module).
      let pending = trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId).where('dispatched_at', 'is', null).where('kind', '!=', 'webhook')
        .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', new Date())]));
      if (!options.pluginEvents) pending = pending.where('kind', '!=', 'plugin_event');
      const rows = await pending.orderBy('id').limit(BATCH).forUpdate().skipLocked().execute();
      if (!rows.length) return 0;
      const done: string[] = [];
      await inBatches(rows, concurrency, async (row) => {
        try {
          if (row.kind === 'plugin_event') {
            if (!(await deliverPluginEvent(trx, tenantId, row))) return;
          } else if (row.kind === 'start') {
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
          await trx.updateTable('outbox').set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: (error as Error).message.slice(0, 500),
            ...(row.kind === 'plugin_event' ? { not_before: new Date(Date.now() + pluginEventBackoffMs(row.attempts + 1)) } : {}),
          })).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
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
  const drainer = coalescingDrain(drainOnce, { stopped: () => stopped, onError: (error) => log('error', 'outbox drain failed', { error: error.message }) });
  const drain = drainer.drain;

  async function reconcile(): Promise<void> {
    const grace = options.reconcileGraceMs ?? 10_000;
    for (const tenantId of await tenants()) {
      const open = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('filing_tasks').select(['id', 'kind', 'workflow_id'])
          .where('tenant_id', '=', tenantId).where('open', '=', true).where('created_at', '<', new Date(Date.now() - grace))
          // The demo history's tasks (demo-tasks.ts) have no workflow on purpose: they file nothing until HR acts on one.
          .where('workflow_id', 'not like', `${DEMO_WORKFLOW_PREFIX}%`).execute());
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
      const running = drainer.current();
      if (running) await within(TEMPORAL_CALL_MS + 2000, 'stop', running).catch(() => undefined);
      await listener?.end().catch(() => undefined);
    },
  };
}

export type LifecycleRuntime = ReturnType<typeof startLifecycleRuntime>;
