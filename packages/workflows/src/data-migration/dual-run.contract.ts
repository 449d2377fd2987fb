// The 90-day dual run after a promotion: workflow type, id, input, signal, query and the activities it
// calls. Shared by the worker (activities), the API (start, retire) and tests.

export const DUAL_RUN_WORKFLOW_TYPE = 'dualRunWorkflow';
/** A person asked to retire the old system (the API checked that retirement is on offer). */
export const DUAL_RUN_RETIRE_SIGNAL = 'dualRunRetire';
export const DUAL_RUN_STATE_QUERY = 'dualRunState';

/** One dual run per migration run: starting it again finds the same workflow. */
export const dualRunId = (tenantId: string, runId: string) => `dual-run:${tenantId}:${runId}`;

export interface DualRunInput {
  tenantId: string;
  runId: string;
  /** YYYY-MM-DD, Asia/Shanghai: day 1 of the run. */
  startDay: string;
  /** The calendar day to compare next (continue-as-new carries it; defaults to startDay). */
  nextDay?: string;
  /** Epoch ms at which day 1 is compared; day n is compared n - 1 days later (set on the first start). */
  firstCompareAt?: number;
  /** Wait between attempts at a day whose source could not be reached. */
  lateRetryMs?: number;
  /** Days handled before the history is handed to a new run (continue-as-new). */
  daysPerHistory?: number;
}

export interface DualRunDayOutcome {
  day: string;
  dayNumber: number;
  clean: boolean;
  totalsMatch: boolean;
  withinTolerance: boolean;
  newDifferences: number;
  /** The clean-day rule holds (day ≥ the run's length and enough clean days in a row). */
  retirementOffered: boolean;
  /** The run was retired or closed meanwhile: the workflow ends. */
  closed: boolean;
}

export interface DualRunState {
  nextDay: string;
  lastDay: string | null;
  retirementOffered: boolean;
  lateDays: string[];
}

export interface DualRunRetirement {
  tenantId: string;
  runId: string;
  retentionUntil: string;
  archiveFile: string;
}

/** Activities of the dual run; implemented in @lianxu/core (data-migration), wired by the worker. */
export interface DualRunActivities {
  /** Pulls the old system's state for the day, compares it with Lianxu's, stores the report and differences. */
  compareDualRunDay(input: { tenantId: string; runId: string; day: string }): Promise<DualRunDayOutcome>;
  /** The day's source could not be reached: the day is shown late (and compared when it can be). */
  markDualRunDayLate(input: { tenantId: string; runId: string; day: string; error: string }): Promise<void>;
  /** Archives the old system's final snapshot encrypted, disconnects the source, closes the run. */
  retireDualRun(input: { tenantId: string; runId: string; userId: string }): Promise<DualRunRetirement>;
}
