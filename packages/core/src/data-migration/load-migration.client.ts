import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CORE_TASK_QUEUE, LOAD_MIGRATION_WORKFLOW_TYPE, loadMigrationId, type LoadMigrationInput } from '@lianxu/workflows';

/** Starts the run's load, or finds the one still running (one per run at a time). */
export async function startMigrationLoad(client: Client, input: LoadMigrationInput, taskQueue = CORE_TASK_QUEUE): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = loadMigrationId(input.tenantId, input.runId);
  try {
    await client.workflow.start(LOAD_MIGRATION_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}
