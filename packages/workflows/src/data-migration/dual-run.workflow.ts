import { ActivityFailure, condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { DUAL_RUN_RETIRE_SIGNAL, DUAL_RUN_STATE_QUERY, type DualRunActivities, type DualRunInput, type DualRunState } from './dual-run.contract';

// One long workflow per migration: each business day it compares the old system with Lianxu (one
// activity), then sleeps until the next business day. A day whose source cannot be reached is
// marked late and tried again until it succeeds: the run never moves past a day it has not compared.
// The history stays small: after a number of days it continues as new with the next day to compare.

const { compareDualRunDay } = proxyActivities<DualRunActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 3 },
});
const { markDualRunDayLate, retireDualRun } = proxyActivities<DualRunActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

export const retireSignal = defineSignal<[{ userId: string }]>(DUAL_RUN_RETIRE_SIGNAL);
export const stateQuery = defineQuery<DualRunState>(DUAL_RUN_STATE_QUERY);

const DAY_MS = 86_400_000;
const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);
const isBusinessDay = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};
const nextBusinessDay = (day: string) => {
  let i = dayIndex(day) + 1;
  while (!isBusinessDay(dayOf(i))) i += 1;
  return dayOf(i);
};

/** Runs the dual run until the old system is retired. */
export async function dualRunWorkflow(input: DualRunInput): Promise<{ retired: boolean; lastDay: string | null }> {
  const firstCompareAt = input.firstCompareAt ?? Date.now();
  const lateRetryMs = input.lateRetryMs ?? 60 * 60 * 1000;
  const perHistory = input.daysPerHistory ?? 30;
  let day = input.nextDay ?? (isBusinessDay(input.startDay) ? input.startDay : nextBusinessDay(input.startDay));
  let lastDay: string | null = null;
  let offered = false;
  let retireBy: string | null = null;
  const lateDays: string[] = [];
  setHandler(retireSignal, ({ userId }) => void (retireBy = userId));
  setHandler(stateQuery, () => ({ nextDay: day, lastDay, retirementOffered: offered, lateDays: [...lateDays] }));

  for (let handled = 0; ; ) {
    const dueAt = firstCompareAt + (dayIndex(day) - dayIndex(input.startDay)) * DAY_MS;
    // Waiting for the day; a retirement asked for meanwhile (only while on offer) ends the run.
    if (await condition(() => offered && retireBy !== null, Math.max(0, dueAt - Date.now()))) {
      const retired = await tryRetire(input, retireBy!);
      if (retired) return { retired: true, lastDay };
      retireBy = null;
    }
    let outcome;
    for (;;) {
      try {
        outcome = await compareDualRunDay({ tenantId: input.tenantId, runId: input.runId, day });
        break;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        if (!lateDays.includes(day)) lateDays.push(day);
        await markDualRunDayLate({ tenantId: input.tenantId, runId: input.runId, day, error: String(error.cause?.message ?? error.message) });
        await sleep(lateRetryMs);
      }
    }
    if (outcome.closed) return { retired: true, lastDay: day };
    lastDay = day;
    offered = outcome.retirementOffered;
    if (!offered) retireBy = null;
    day = nextBusinessDay(day);
    handled += 1;
    if (handled >= perHistory || workflowInfo().continueAsNewSuggested) {
      if (offered && retireBy !== null && (await tryRetire(input, retireBy))) return { retired: true, lastDay };
      await continueAsNew<typeof dualRunWorkflow>({ ...input, nextDay: day, firstCompareAt });
    }
  }
}

async function tryRetire(input: DualRunInput, userId: string): Promise<boolean> {
  try {
    await retireDualRun({ tenantId: input.tenantId, runId: input.runId, userId });
    return true;
  } catch (error) {
    // Refused (the offer was withdrawn by a new difference): the run goes on.
    if (error instanceof ActivityFailure) return false;
    throw error;
  }
}
