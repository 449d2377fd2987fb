import { condition, continueAsNew, defineSignal, getExternalWorkflowHandle, patched, setHandler, sleep } from '@temporalio/workflow';
import { db, fileAndSettle } from './lifecycle.steps';
import { LIFECYCLE_SIGNALS, type FilingTaskInput } from './lifecycle.contract';

const receiptEnteredSignal = defineSignal<[{ receiptNo: string }]>(LIFECYCLE_SIGNALS.receiptEntered);
const resubmitSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.resubmit);

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
export type StopWorkflowInput = FilingTaskInput & { predecessorWaitMs?: number; predecessorWaitedMs?: number };

/**
 * Files one stop (减员) with the last contribution month chosen by the city's cut-off rule. An
 * enrollment of the same employee and city still in flight is settled first (cancelled when not
 * yet filed, otherwise awaited), so no coverage is ever opened and left open.
 */
export async function stopWorkflow(input: StopWorkflowInput): Promise<string> {
  let receiptNo: string | undefined;
  let resubmit = false;
  setHandler(receiptEnteredSignal, ({ receiptNo: no }) => void (receiptNo = no));
  setHandler(resubmitSignal, () => void (resubmit = true));

  const plan = input.plan ?? (await db.loadTask(input));
  if (!plan.open) return plan.status;

  const bounded = patched(STOP_WORKFLOW_PATCHES.boundedPredecessorWait);
  const { predecessorWaitMs, predecessorWaitedMs, ...task } = input;
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
      await continueAsNew<typeof stopWorkflow>({ ...task, plan, predecessorWaitMs: wait, predecessorWaitedMs: waited });
    }
  }

  for (;;) {
    const outcome = await fileAndSettle(task, plan.gateway, () => receiptNo);
    if (outcome.status === 'confirmed') return 'confirmed';
    await condition(() => resubmit);
    resubmit = false;
    receiptNo = undefined;
    await db.prepareResubmit(task);
  }
}
