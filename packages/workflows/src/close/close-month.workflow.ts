import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  CLOSE_MONTH_SIGNALS,
  CLOSE_MONTH_STATE_QUERY,
  type CloseMissing,
  type CloseMonthActivities,
  type CloseMonthInput,
  type CloseMonthOutcome,
  type CloseMonthState,
  type CloseMonthStatus,
} from './close-month.contract';

// The close of one entity, city and month: it waits for the bureau's bill and payroll's
// deductions (each recorded write signals it; it then reads the month from the database, so a
// lost signal costs only a delay and a restart loses nothing), runs the match once both are in,
// reminds HR a given number of days before the city's payment window closes of what is still
// missing, and ends when the month is locked. The deadline comes from the plan activity (the
// city's payment day), never from a constant here, so a test reaches it in seconds.

const { planCloseMonth, closeMonthStatus, remindCloseMonth } = proxyActivities<CloseMonthActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});
const { matchCloseMonth } = proxyActivities<CloseMonthActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 10 },
});

export const closeInputsChanged = defineSignal(CLOSE_MONTH_SIGNALS.inputsChanged);
export const closeLocked = defineSignal(CLOSE_MONTH_SIGNALS.locked);
export const closeMonthState = defineQuery<CloseMonthState>(CLOSE_MONTH_STATE_QUERY);

const DAY_MS = 86_400_000;

function missingOf(s: CloseMonthStatus): CloseMissing[] {
  const missing: CloseMissing[] = [];
  if (!s.hasBill) missing.push('bill');
  if (!s.hasDeductions) missing.push('deductions');
  if (s.openDifferences > 0) missing.push('differences');
  missing.push('signOff');
  return missing;
}

/** Runs the month's close until it is locked; survives restarts (its state is the database's). */
export async function closeMonthWorkflow(input: CloseMonthInput): Promise<CloseMonthOutcome> {
  const key = { tenantId: input.tenantId, entityId: input.entityId, cityCode: input.cityCode, month: input.month };
  let changed = false;
  let matchedAt: string | null = null;
  let matchError: string | null = null;
  setHandler(closeInputsChanged, () => void (changed = true));
  setHandler(closeLocked, () => void (changed = true));
  const plan = await planCloseMonth({ ...key, workflowId: workflowInfo().workflowId });
  let status = plan.status;
  let remindedAt = status.remindedAt;
  setHandler(closeMonthState, () => ({
    phase: status.locked ? 'locked' : status.matched ? 'matched' : 'waiting',
    waitingFor: [...(status.hasBill ? [] : ['bill' as const]), ...(status.hasDeductions ? [] : ['deductions' as const])],
    matchedAt, remindedAt, paymentDue: plan.paymentDue, matchError,
  }));
  const closesAt = plan.paymentWindowClosesAtMs;
  const remindAt = closesAt === null ? null : closesAt - input.reminderLeadDays * DAY_MS;
  for (;;) {
    if (status.locked) break;
    if (status.hasBill && status.hasDeductions && !status.matched && matchError === null) {
      try {
        await matchCloseMonth(key);
        matchedAt = new Date().toISOString();
        status = await closeMonthStatus(key);
        continue;
      } catch (error) {
        // A match the close refuses (an employee who cannot be priced) waits for the next change.
        matchError = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      }
    }
    // Only before the window closes: a month opened after its window has nothing to be reminded of.
    const now = Date.now();
    if (remindAt !== null && closesAt !== null && remindedAt === null && now >= remindAt && now < closesAt) {
      remindedAt = (await remindCloseMonth({ ...key, missing: missingOf(status), paymentDue: plan.paymentDue! })).remindedAt;
    }
    const waitMs = remindAt !== null && remindedAt === null && now < remindAt ? remindAt - now : undefined;
    await condition(() => changed, waitMs);
    if (changed) {
      changed = false;
      matchError = null;
      status = await closeMonthStatus(key);
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof closeMonthWorkflow>(input);
  }
  return { ...key, locked: true, remindedAt };
}
