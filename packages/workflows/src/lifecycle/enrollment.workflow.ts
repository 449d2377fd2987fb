import { CancellationScope, condition, defineSignal, isCancellation, setHandler, sleep } from '@temporalio/workflow';
import { db, fileAndSettle } from './lifecycle.steps';
import { LIFECYCLE_SIGNALS, type FilingTaskInput } from './lifecycle.contract';

export const approveSignal = defineSignal<[{ userId: string | null }]>(LIFECYCLE_SIGNALS.approve);
export const resubmitSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.resubmit);
export const receiptEnteredSignal = defineSignal<[{ receiptNo: string }]>(LIFECYCLE_SIGNALS.receiptEntered);
export const cancelSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.cancel);

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
      const outcome = await fileAndSettle(input, plan.gateway, () => receiptNo);
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
