import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CORE_TASK_QUEUE, PROMOTE_MIGRATION_WORKFLOW_TYPE, promoteMigrationId, type PromoteMigrationInput } from '@lianxu/workflows';

/** Starts the run's promotion, or finds the one already started (one per run). */
export async function startMigrationPromotion(client: Client, input: PromoteMigrationInput, taskQueue = CORE_TASK_QUEUE): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = promoteMigrationId(input.tenantId, input.runId);
  try {
    await client.workflow.start(PROMOTE_MIGRATION_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}
