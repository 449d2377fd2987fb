import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CORE_TASK_QUEUE } from '../ids';
import {
  BASE_ADJUSTMENT_WORKFLOW_TYPE,
  BASE_ADJUSTMENT_SIGNALS,
  baseAdjustmentId,
  type BaseAdjustmentInput,
  type CancelBaseAdjustment,
  type ConfirmBaseAdjustment,
} from './base-adjustment.contract';

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
