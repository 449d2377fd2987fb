import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  CLOSE_MONTH_SIGNALS,
  CLOSE_MONTH_STATE_QUERY,
  CLOSE_MONTH_WORKFLOW_TYPE,
  CLOSE_REMINDER_LEAD_DAYS,
  closeMonthId,
  CORE_TASK_QUEUE,
  type CloseMonthInput,
  type CloseMonthKey,
  type CloseMonthState,
} from '@lianxu/workflows';

const inputOf = (k: CloseMonthKey, reminderLeadDays = CLOSE_REMINDER_LEAD_DAYS): CloseMonthInput => ({
  tenantId: k.tenantId, entityId: k.entityId, cityCode: k.cityCode, month: k.month, reminderLeadDays,
});

/** Starts the month's close workflow, or finds the one already running (one per tenant, entity, city and month). */
export async function startCloseMonth(client: Client, k: CloseMonthKey, taskQueue = CORE_TASK_QUEUE, reminderLeadDays?: number): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = closeMonthId(k);
  try {
    await client.workflow.start(CLOSE_MONTH_WORKFLOW_TYPE, { taskQueue, workflowId, args: [inputOf(k, reminderLeadDays)] });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}

/**
 * Tells the month's workflow its bill or deductions changed, starting it when it is not running
 * (a month opened by recording its bill, or unlocked after its workflow ended).
 */
export async function signalCloseInputs(client: Client, k: CloseMonthKey, taskQueue = CORE_TASK_QUEUE, reminderLeadDays?: number): Promise<{ workflowId: string }> {
  const workflowId = closeMonthId(k);
  await client.workflow.signalWithStart(CLOSE_MONTH_WORKFLOW_TYPE, {
    taskQueue, workflowId, args: [inputOf(k, reminderLeadDays)], signal: CLOSE_MONTH_SIGNALS.inputsChanged, signalArgs: [],
  });
  return { workflowId };
}

/** Tells the month's workflow the month was locked (it ends); nothing when no workflow runs. */
export async function signalCloseLocked(client: Client, k: CloseMonthKey): Promise<void> {
  try {
    await client.workflow.getHandle(closeMonthId(k)).signal(CLOSE_MONTH_SIGNALS.locked);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    throw error;
  }
}

/** The running workflow's own view of the month, or null when none runs. */
export async function closeMonthState(client: Client, k: CloseMonthKey): Promise<CloseMonthState | null> {
  try {
    return await client.workflow.getHandle(closeMonthId(k)).query<CloseMonthState>(CLOSE_MONTH_STATE_QUERY);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
