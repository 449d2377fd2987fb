import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { FilingTaskInput, TaskPlan } from '@lianxu/workflows';

// The outbox: rows written in the same transaction as the change that causes them, dispatched to
// Temporal afterwards (outbox.dispatcher.ts). Only the coverage module writes them.

/** Channel the dispatcher LISTENs on; the payload is the tenant id. */
export const OUTBOX_NOTIFY_CHANNEL = 'lianxu_outbox';

type Trx = Kysely<Database>;

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
 */
export function outboxPluginEventRow(trx: Trx, tenantId: string, point: PluginEventPoint, key: string, payload: Record<string, unknown>) {
  return trx.insertInto('outbox').values({ tenant_id: tenantId, kind: 'plugin_event', workflow_id: `${point}:${key}`, signal_name: point, args: JSON.stringify([payload]) });
}

/** The NOTIFY that wakes the dispatcher; delivered only if the transaction commits. */
export function outboxNotice(trx: Trx, tenantId: string) {
  return trx.selectNoFrom((eb) => eb.fn<void>('pg_notify', [eb.val(OUTBOX_NOTIFY_CHANNEL), eb.val(tenantId)]).as('notified'));
}

/** Wakes the dispatcher; delivered only if the transaction commits. */
export async function notifyOutbox(trx: Trx, tenantId: string): Promise<void> {
  await outboxNotice(trx, tenantId).execute();
}
