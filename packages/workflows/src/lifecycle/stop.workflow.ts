import { condition, defineSignal, getExternalWorkflowHandle, setHandler, sleep } from '@temporalio/workflow';
import { db, fileAndSettle } from './lifecycle.steps';
import { LIFECYCLE_SIGNALS, type FilingTaskInput } from './lifecycle.contract';

const receiptEnteredSignal = defineSignal<[{ receiptNo: string }]>(LIFECYCLE_SIGNALS.receiptEntered);
const resubmitSignal = defineSignal<[]>(LIFECYCLE_SIGNALS.resubmit);

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
    const outcome = await fileAndSettle(input, plan.gateway, () => receiptNo);
    if (outcome.status === 'confirmed') return 'confirmed';
    await condition(() => resubmit);
    resubmit = false;
    receiptNo = undefined;
    await db.prepareResubmit(input);
  }
}
