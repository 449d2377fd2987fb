// The daily check that starts each city's annual base adjustment once its new policy year has
// taken effect (its figures are in the policy library): workflow type, schedule and activity.

export const BASE_ADJUSTMENT_CHECK_WORKFLOW_TYPE = 'baseAdjustmentCheckWorkflow';

export interface BaseAdjustmentCheckInput {
  tenantId: string;
  /** Business date YYYY-MM-DD to check as of; default the run's own date in Asia/Shanghai. */
  today?: string;
}

export interface DueBaseAdjustment {
  cityCode: string;
  policyYear: number;
}

export interface BaseAdjustmentCheckOutcome {
  today: string;
  /** Adjustments started by this run (each waits for HR's confirmation). */
  started: DueBaseAdjustment[];
  /** Settlements of provisional figures started by this run (absent before that step existed). */
  settlements?: DueProvisionalSettlement[];
}

/** A city-year whose carried-forward figures a later revision published, with months priced on them. */
export interface DueProvisionalSettlement {
  cityCode: string;
  policyYear: number;
  /** The revision that published the figures. */
  policyId: string;
  /** The revision whose carried figures priced the months. */
  settlesPolicyId: string;
}

/** The check's patch id of starting settlements of provisional figures (histories recorded before it replay without). */
export const PROVISIONAL_SETTLEMENT_PATCH = 'provisional-settlement';

/** Activities of the check; implemented in @lianxu/core (base-adjustment), wired by the worker. */
export interface BaseAdjustmentCheckActivities {
  /** The tenant's cities whose policy year in effect on `today` has no adjustment yet. */
  dueBaseAdjustments(input: { tenantId: string; today: string }): Promise<DueBaseAdjustment[]>;
  /** The tenant's city-years whose provisional figures were published by a revision not settled yet. */
  dueProvisionalSettlements(input: { tenantId: string; today: string }): Promise<DueProvisionalSettlement[]>;
}

export const baseAdjustmentCheckIds = {
  /** One schedule per tenant. */
  schedule: (slug: string) => `base-adjust-check:${slug}`,
  /** Workflow id prefix of the scheduled runs (Temporal appends the scheduled time). */
  scheduled: (slug: string) => `base-adjust-check:${slug}:daily`,
};

/** When the check runs: 03:00 in Asia/Shanghai, after the risk scan; a day missed while down is caught up. */
export const BASE_ADJUSTMENT_CHECK_SCHEDULE = { hour: 3, minute: 0, timezone: 'Asia/Shanghai', catchupWindow: '1 day' } as const;
