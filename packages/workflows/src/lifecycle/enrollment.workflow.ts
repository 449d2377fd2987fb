import { CancellationScope, condition, defineSignal, isCancellation, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { LifecycleActivities, FilingOutcome } from './lifecycle.activities.interface';
import { LIFECYCLE_SIGNALS, type FilingTaskInput } from './lifecycle.contract';

export const approveSignal = defineSignal<[{ userId: string | null }]>(LIFECYCLE_SIGNALS.approve);
export const resubmitSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.resubmit);
export const receiptEnteredSignal = defineSignal<[{ receiptNo: string }]>(LIFECYCLE_SIGNALS.receiptEntered);
export const cancelSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.cancel);

// Database steps: short and idempotent, run as local activities (in the worker, recorded as markers,
// without a round trip through the server each), retried quickly and for ever.
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

async function sleepUntil(epochMs: number): Promise<void> {
  const ms = epochMs - Date.now();
  if (ms > 0) await sleep(ms);
}

/**
 * Files one enrollment (增员) and sees it through: approval when the tenant requires it, filing
 * with an idempotency key, retries through outages, the bureau's decision, and after a rejection
 * HR's fix and a new attempt. Beside it, timers from the hire date: the warning on day 25 and the
 * escalation when the legal deadline passes, each only while the enrollment is unconfirmed.
 */
export async function enrollmentWorkflow(input: FilingTaskInput): Promise<string> {
  let approvedBy: { userId: string | null } | undefined;
  let resubmit = false;
  let cancelled = false;
  let receiptNo: string | undefined;
  setHandler(approveSignal, (who) => void (approvedBy = who));
  setHandler(resubmitSignal, () => void (resubmit = true));
  setHandler(cancelSignal, () => void (cancelled = true));
  setHandler(receiptEnteredSignal, ({ receiptNo: no }) => void (receiptNo = no));

  const plan = input.plan ?? (await db.loadTask(input));
  if (!plan.open) return plan.status;

  const watch = new CancellationScope();
  const watching = watch
    .run(async () => {
      if (plan.warnAt !== null) {
        await sleepUntil(plan.warnAt);
        await db.warnDeadline(input);
      }
      if (plan.deadlineAt !== null) {
        await sleepUntil(plan.deadlineAt);
        await db.escalateDeadline(input);
      }
    })
    .catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });

  try {
    if (plan.status === 'pending_approval') {
      await condition(() => approvedBy !== undefined || cancelled);
      if (cancelled) {
        await db.cancelTask({ ...input, reason: 'terminated before approval' });
        return 'cancelled';
      }
      await db.markApproved({ ...input, userId: approvedBy!.userId });
    }
    if (plan.status === 'rejected') {
      await condition(() => resubmit || cancelled);
      if (cancelled) {
        await db.cancelTask({ ...input, reason: 'terminated while rejected' });
        return 'cancelled';
      }
      resubmit = false;
      await db.prepareResubmit(input);
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
      // Rejected: HR is told what to fix; the next attempt starts when they have fixed it.
      await condition(() => resubmit || cancelled);
      if (cancelled) {
        await db.cancelTask({ ...input, reason: 'terminated while rejected' });
        return 'cancelled';
      }
      resubmit = false;
      receiptNo = undefined;
      await db.prepareResubmit(input);
    }
  } finally {
    watch.cancel();
    await watching;
  }
}
