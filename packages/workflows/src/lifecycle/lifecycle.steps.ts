import { condition, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { FilingOutcome, LifecycleActivities, TaskPlan } from './lifecycle.activities.interface';
import type { FilingTaskInput } from './lifecycle.contract';

// Workflow-side steps both lifecycle workflows share (deterministic: no I/O here).

/** Database steps: short and idempotent, run as local activities (no server round trip each). */
export const db = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * Filing with the bureau: also local (one short HTTP call and one status check, idempotent by its
 * key), so a filing the bureau decides at once takes a single workflow task. Retried with backoff
 * through outages and 5xx for as long as it takes; long backoffs become timers on the server.
 */
const bureau = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '12 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '15 seconds' },
});

/** Waiting for a bureau that decides later: a heartbeating activity that polls. */
const poll = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * One attempt of a filing: file, then wait for the decision (the bureau's, or for a filing made by
 * hand the receipt HR enters, read through `manualReceipt`), then record the outcome.
 */
export async function fileAndSettle(input: FilingTaskInput, gateway: TaskPlan['gateway'], manualReceipt: () => string | undefined): Promise<FilingOutcome> {
  let outcome: FilingOutcome = await bureau.submitFiling(input);
  if (outcome.status === 'pending') {
    if (gateway === 'filing-file') {
      await condition(() => manualReceipt() !== undefined);
      outcome = await db.recordManualReceipt({ ...input, receiptNo: manualReceipt()! });
    } else {
      outcome = await poll.awaitFilingDecision(input);
    }
  }
  if (!outcome.settled) await db.settleFiling({ ...input, outcome });
  return outcome;
}
