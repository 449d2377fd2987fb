import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  continueAsNew,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { LIFECYCLE_PATCHES, LIFECYCLE_SIGNALS, type FiledByHand, type FilingOutcome, type FilingTaskInput, type LifecycleActivities, type TaskPlan } from './lifecycle.contract';

// The two lifecycle workflows (enrollment 增员 and stop 减员) and the steps they share.
// Deterministic: no I/O here, everything with I/O is an activity.

/** Database steps: short and idempotent, run as local activities (no server round trip each). */
const db = proxyLocalActivities<LifecycleActivities>({
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

/**
 * Waiting for a bureau that decides later: a heartbeating activity that polls. Cancelled (HR filed
 * the task by hand), the workflow waits until the poll has stopped before it closes the task.
 */
const poll = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '5 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * One attempt of a filing: file, then wait for the decision (the bureau's, or for a filing made by
 * hand the receipt HR enters, read through `manualReceipt`), then record the outcome. An online
 * filing (bureau gateway) gives way to HR's word that it was filed by hand at the counter
 * (`byHand`): the filing or the wait for the bureau is cancelled and the task closed with the
 * counter's receipt.
 */
async function fileAndSettle(input: FilingTaskInput, gateway: TaskPlan['gateway'], manualReceipt: () => string | undefined, byHand: () => FiledByHand | undefined): Promise<FilingOutcome> {
  const file = async (): Promise<FilingOutcome> => {
    const outcome = await bureau.submitFiling(input);
    if (outcome.status !== 'pending') return outcome;
    if (gateway === 'filing-file') {
      await condition(() => manualReceipt() !== undefined);
      return db.recordManualReceipt({ ...input, receiptNo: manualReceipt()! });
    }
    return poll.awaitFilingDecision(input);
  };
  const outcome = (gateway === 'filing-file' ? await file() : await unlessFiledByHand(file, byHand)) ?? (await db.recordFiledByHand({ ...input, ...byHand()! }));
  if (!outcome.settled) await db.settleFiling({ ...input, outcome });
  return outcome;
}

/**
 * Runs `work` (an online filing and its wait) unless HR says the task was filed by hand: null then,
 * with the work cancelled. An answer that came first wins. Without the signal the commands are
 * those of `work` alone (a cancellation scope and a condition add none), so histories replay.
 */
async function unlessFiledByHand(work: () => Promise<FilingOutcome>, byHand: () => FiledByHand | undefined): Promise<FilingOutcome | null> {
  if (byHand() !== undefined) return null;
  const scope = new CancellationScope();
  const running = scope.run(work);
  const handTaken = await Promise.race([running.then(() => false), condition(() => byHand() !== undefined).then(() => true)]);
  if (!handTaken) return running;
  scope.cancel();
  try {
    return await running;
  } catch (error) {
    if (isCancellation(error)) return null;
    throw error;
  }
}

/** Closes a task HR filed by hand while the workflow waited for something else (approval, a fix after a rejection). */
async function settleByHand(input: FilingTaskInput, hand: FiledByHand): Promise<string> {
  const outcome = await db.recordFiledByHand({ ...input, ...hand });
  if (!outcome.settled) await db.settleFiling({ ...input, outcome });
  return outcome.status;
}

export const filedByHandSignal = defineSignal<[FiledByHand]>(LIFECYCLE_SIGNALS.filedByHand);

/** Takes HR's word that the task was filed by hand (the first one), behind its patch. */
function takeFiledByHand(set: (hand: FiledByHand) => void, current: () => FiledByHand | undefined): void {
  setHandler(filedByHandSignal, (hand) => {
    if (current() === undefined && patched(LIFECYCLE_PATCHES.filedByHand)) set(hand);
  });
}

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
  let byHand: FiledByHand | undefined;
  setHandler(approveSignal, (who) => void (approvedBy = who));
  setHandler(resubmitSignal, () => void (resubmit = true));
  setHandler(cancelSignal, () => void (cancelled = true));
  setHandler(receiptEnteredSignal, ({ receiptNo: no }) => void (receiptNo = no));
  takeFiledByHand((hand) => void (byHand = hand), () => byHand);

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
      await condition(() => approvedBy !== undefined || cancelled || byHand !== undefined);
      if (byHand !== undefined) return await settleByHand(input, byHand);
      if (cancelled) {
        await db.cancelTask({ ...input, reason: 'terminated before approval' });
        return 'cancelled';
      }
      await db.markApproved({ ...input, userId: approvedBy!.userId });
    }
    if (plan.status === 'rejected') {
      await condition(() => resubmit || cancelled || byHand !== undefined);
      if (byHand !== undefined) return await settleByHand(input, byHand);
      if (cancelled) {
        await db.cancelTask({ ...input, reason: 'terminated while rejected' });
        return 'cancelled';
      }
      resubmit = false;
      await db.prepareResubmit(input);
    }
    // Held until the first day of employment; a leaving before it cancels the filing.
    if (plan.fileFrom != null && plan.fileFrom > Date.now()) {
      if (await condition(() => cancelled, plan.fileFrom - Date.now())) {
        await db.cancelTask({ ...input, reason: 'terminated before the start date' });
        return 'cancelled';
      }
    }
    for (;;) {
      const outcome = await fileAndSettle(input, plan.gateway, () => receiptNo, () => byHand);
      if (outcome.status === 'confirmed') return 'confirmed';
      // Rejected: HR is told what to fix; the next attempt starts when they have fixed it (or files by hand).
      await condition(() => resubmit || cancelled || byHand !== undefined);
      if (byHand !== undefined) return await settleByHand(input, byHand);
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

/**
 * Patch ids of the stop workflow (histories recorded before a patch replay its old path).
 * `boundedPredecessorWait`: after an hour of waiting for an earlier enrollment the backoff grows
 * from 30 s to 30 minutes, and the workflow continues as new every {@link PREDECESSOR_POLLS_PER_RUN}
 * polls, so a wait of days (a manual receipt) keeps each run's history small instead of growing
 * ~17,000 events a day toward Temporal's 51,200-event limit.
 */
export const STOP_WORKFLOW_PATCHES = { boundedPredecessorWait: 'stop-bounded-predecessor-wait' } as const;

/** Polls of the predecessor per run: about 11 history events each, so one run stays near 1,100. */
export const PREDECESSOR_POLLS_PER_RUN = 100;
const FIRST_WAIT_MS = 500;
// A predecessor settled within the hour (the bureau deciding, an outage) is followed within 30 s.
const SHORT_WAIT_CAP_MS = 30_000;
const SHORT_PHASE_MS = 60 * 60_000;
// One settled after days (a receipt entered by hand) delays its stop by at most half an hour: far
// below the month the cut-off rule works in, and 48 polls a day instead of 2,880.
const LONG_WAIT_CAP_MS = 30 * 60_000;

/** A stop's input; the `predecessor…` fields carry the backoff across continue-as-new. */
export type StopWorkflowInput = FilingTaskInput & { predecessorWaitMs?: number; predecessorWaitedMs?: number; filedByHand?: FiledByHand };

/**
 * Files one stop (减员) with the last contribution month chosen by the city's cut-off rule. An
 * enrollment of the same employee and city still in flight is settled first (cancelled when not
 * yet filed, otherwise awaited), so no coverage is ever opened and left open.
 */
export async function stopWorkflow(input: StopWorkflowInput): Promise<string> {
  let receiptNo: string | undefined;
  let resubmit = false;
  // Carried across continue-as-new while the stop waits for its predecessor.
  let byHand: FiledByHand | undefined = input.filedByHand;
  setHandler(receiptEnteredSignal, ({ receiptNo: no }) => void (receiptNo = no));
  setHandler(resubmitSignal, () => void (resubmit = true));
  takeFiledByHand((hand) => void (byHand = hand), () => byHand);

  const plan = input.plan ?? (await db.loadTask(input));
  if (!plan.open) return plan.status;

  const bounded = patched(STOP_WORKFLOW_PATCHES.boundedPredecessorWait);
  const { predecessorWaitMs, predecessorWaitedMs, filedByHand: _carried, ...task } = input;
  let wait = predecessorWaitMs ?? FIRST_WAIT_MS;
  let waited = predecessorWaitedMs ?? 0;
  for (let polls = 1; ; polls++) {
    const before = await db.checkPredecessor(task);
    if (before.state === 'settled') {
      if (before.coverageOpen) break;
      // The enrollment was cancelled before it was filed: there is no coverage to stop.
      await db.cancelTask({ ...task, reason: 'no open coverage in this city' });
      return 'cancelled';
    }
    if (before.cancellable) await getExternalWorkflowHandle(before.cancellable).signal(LIFECYCLE_SIGNALS.cancel).catch(() => undefined);
    await sleep(wait);
    waited += wait;
    wait = Math.min(wait * 2, bounded && waited >= SHORT_PHASE_MS ? LONG_WAIT_CAP_MS : SHORT_WAIT_CAP_MS);
    // Nothing to carry but the plan and the backoff: signals for this stop only make sense once it is filed.
    if (bounded && polls >= PREDECESSOR_POLLS_PER_RUN) {
      await continueAsNew<typeof stopWorkflow>({ ...task, plan, predecessorWaitMs: wait, predecessorWaitedMs: waited, ...(byHand ? { filedByHand: byHand } : {}) });
    }
  }

  for (;;) {
    const outcome = await fileAndSettle(task, plan.gateway, () => receiptNo, () => byHand);
    if (outcome.status === 'confirmed') return 'confirmed';
    await condition(() => resubmit || byHand !== undefined);
    if (byHand !== undefined) return settleByHand(task, byHand);
    resubmit = false;
    receiptNo = undefined;
    await db.prepareResubmit(task);
  }
}
