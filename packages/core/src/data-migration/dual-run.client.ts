import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CORE_TASK_QUEUE, DUAL_RUN_RETIRE_SIGNAL, DUAL_RUN_WORKFLOW_TYPE, dualRunId, type DualRunInput } from '@lianxu/workflows';

/** Starts the migration's dual run, or finds the one already running (one per migration run). */
export async function startDualRun(client: Client, input: DualRunInput, taskQueue = CORE_TASK_QUEUE): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = dualRunId(input.tenantId, input.runId);
  try {
    await client.workflow.start(DUAL_RUN_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/** Tells the dual run that a person asked to retire the old system. */
export async function signalDualRunRetirement(client: Client, tenantId: string, runId: string, userId: string): Promise<void> {
  await client.workflow.getHandle(dualRunId(tenantId, runId)).signal(DUAL_RUN_RETIRE_SIGNAL, { userId });
}
