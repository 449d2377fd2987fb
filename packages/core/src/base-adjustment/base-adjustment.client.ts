import { ScheduleOverlapPolicy, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import {
  BASE_ADJUSTMENT_CHECK_SCHEDULE,
  BASE_ADJUSTMENT_CHECK_WORKFLOW_TYPE,
  BASE_ADJUSTMENT_SIGNALS,
  BASE_ADJUSTMENT_WORKFLOW_TYPE,
  baseAdjustmentCheckIds,
  baseAdjustmentId,
  CORE_TASK_QUEUE,
  type BaseAdjustmentCheckInput,
  type BaseAdjustmentInput,
  type CancelBaseAdjustment,
  type ConfirmBaseAdjustment,
} from '@lianxu/workflows';
import { upsertSchedule } from '../shared/index';

/** Starts the adjustment of a tenant's city for a policy year, or finds the one already started. */
export async function startBaseAdjustment(client: Client, input: BaseAdjustmentInput, taskQueue = CORE_TASK_QUEUE): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = baseAdjustmentId(input.tenantId, input.cityCode, input.policyYear);
  try {
    await client.workflow.start(BASE_ADJUSTMENT_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/** HR's decision, delivered to the waiting workflow; false when it is not running any more. */
export async function decideBaseAdjustment(
  client: Client,
  workflowId: string,
  decision: ({ kind: 'confirm' } & ConfirmBaseAdjustment) | ({ kind: 'cancel' } & CancelBaseAdjustment),
): Promise<boolean> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    if (decision.kind === 'confirm') await handle.signal<[ConfirmBaseAdjustment]>(BASE_ADJUSTMENT_SIGNALS.confirm, { actorId: decision.actorId });
    else await handle.signal<[CancelBaseAdjustment]>(BASE_ADJUSTMENT_SIGNALS.cancel, { actorId: decision.actorId, reason: decision.reason });
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * Creates the tenant's daily base-adjustment check schedule, or brings an existing one to the
 * current settings. Idempotent: the worker calls it for every tenant at start.
 */
export async function ensureBaseAdjustmentCheckSchedule(client: Client, tenant: { id: string; slug: string }, taskQueue = CORE_TASK_QUEUE): Promise<'created' | 'updated'> {
  const args: [BaseAdjustmentCheckInput] = [{ tenantId: tenant.id }];
  const options: ScheduleOptions = {
    scheduleId: baseAdjustmentCheckIds.schedule(tenant.slug),
    spec: { calendars: [{ hour: BASE_ADJUSTMENT_CHECK_SCHEDULE.hour, minute: BASE_ADJUSTMENT_CHECK_SCHEDULE.minute }], timezone: BASE_ADJUSTMENT_CHECK_SCHEDULE.timezone },
    action: { type: 'startWorkflow', workflowType: BASE_ADJUSTMENT_CHECK_WORKFLOW_TYPE, workflowId: baseAdjustmentCheckIds.scheduled(tenant.slug), taskQueue, args },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: BASE_ADJUSTMENT_CHECK_SCHEDULE.catchupWindow },
  };
  return upsertSchedule(client, options);
}
