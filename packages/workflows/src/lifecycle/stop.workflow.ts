import { condition, defineSignal, getExternalWorkflowHandle, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { FilingOutcome, LifecycleActivities } from './lifecycle.activities.interface';
import { LIFECYCLE_SIGNALS, type FilingTaskInput } from './lifecycle.contract';

const receiptEnteredSignal = defineSignal<[{ receiptNo: string }]>(LIFECYCLE_SIGNALS.receiptEntered);
const resubmitSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.resubmit);

// Database steps: short and idempotent, run as local activities (no server round trip each).
const db = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
// Filing with the bureau: also local (one short HTTP call and one status check, idempotent by its
// key), so a filing the bureau decides at once takes a single workflow task. Retried with backoff
// through outages and 5xx for as long as it takes; long backoffs become timers on the server.
const bureau = proxyLocalActivities<LifecycleActivities>({
  startToCloseTimeout: '12 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '15 seconds' },
});
const poll = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * Files one stop (减员) with the last contribution month chosen by the city's cut-off rule. An
 * enrollment of the same employee and city still in flight is settled first (cancelled when not
 * yet filed, otherwise awaited), so no coverage is ever opened and left open.
 */
export async function stopWorkflow(input: FilingTaskInput): Promise<string> {
  let receiptNo: string | undefined;
  let resubmit = false;
  setHandler(receiptEnteredSignal, ({ receiptNo: no }) => void (receiptNo = no));
  setHandler(resubmitSignal, () => void (resubmit = true));

  const plan = input.plan ?? (await db.loadTask(input));
  if (!plan.open) return plan.status;

  for (let wait = 500; ; wait = Math.min(wait * 2, 30_000)) {
    const before = await db.checkPredecessor(input);
    if (before.state === 'settled') {
      if (before.coverageOpen) break;
      // The enrollment was cancelled before it was filed: there is no coverage to stop.
      await db.cancelTask({ ...input, reason: 'no open coverage in this city' });
      return 'cancelled';
    }
    if (before.cancellable) await getExternalWorkflowHandle(before.cancellable).signal(LIFECYCLE_SIGNALS.cancel).catch(() => undefined);
    await sleep(wait);
  }

  for (;;) {
    let outcome: FilingOutcome = await bureau.submitFiling(input);
    if (outcome.status === 'pending') {
      if (plan.gateway === 'filing-file') {
        await condition(() => receiptNo !== undefined);
        outcome = await db.recordManualReceipt({ ...input, receiptNo: receiptNo! });
      } else {
        outcome = await poll.awaitFilingDecision(input);
      }
    }
    await db.settleFiling({ ...input, outcome });
    if (outcome.status === 'confirmed') return 'confirmed';
    await condition(() => resubmit);
    resubmit = false;
    receiptNo = undefined;
    await db.prepareResubmit(input);
  }
}
