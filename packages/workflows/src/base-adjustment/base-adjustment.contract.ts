// The annual (July) base adjustment per tenant, city and policy year: workflow type, id, signals,
// input and the activities it calls. Shared by the worker (activities), the API (start, confirm,
// cancel) and tests.

export const BASE_ADJUSTMENT_WORKFLOW_TYPE = 'annualBaseAdjustmentWorkflow';

/** One adjustment per tenant, city and policy year: starting it again finds the same workflow. */
export const baseAdjustmentId = (tenantId: string, cityCode: string, policyYear: number) => `base-adjust:${tenantId}:${cityCode}:${policyYear}`;

/** One settlement of provisional figures per tenant, city and the revision that published them. */
export const provisionalSettlementId = (tenantId: string, cityCode: string, policyId: string) => `base-adjust:${tenantId}:${cityCode}:settle:${policyId}`;

/**
 * A settlement of provisional figures: the revision `policyId` published figures that `settlesPolicyId`
 * had carried forward; months already priced on them (billed or locked) get 补差/退费 lines.
 */
export interface ProvisionalSettlement {
  policyId: string;
  settlesPolicyId: string;
}

export interface BaseAdjustmentInput {
  tenantId: string;
  /** GB/T 2260 city code, e.g. 110100. */
  cityCode: string;
  /** The calendar year the new policy year starts in (its record in the policy library). */
  policyYear: number;
  /** Business date YYYY-MM-DD to prepare and apply as of; default the workflow's own date in Asia/Shanghai. */
  today?: string;
  /** Set for a settlement of provisional figures (same preview, decision and apply, no new bases). */
  settle?: ProvisionalSettlement;
}

export interface ConfirmBaseAdjustment {
  actorId: string | null;
}

export interface CancelBaseAdjustment {
  actorId: string | null;
  reason: string;
}

export const BASE_ADJUSTMENT_SIGNALS = {
  /** HR confirmed the preview: file the changes, declare the new bases, make the 补差 lines. */
  confirm: 'confirmBaseAdjustment',
  /** HR cancelled the adjustment: nothing is filed or changed. */
  cancel: 'cancelBaseAdjustment',
} as const;

export interface BaseAdjustmentPrepared {
  adjustmentId: string;
  state: 'preview' | 'applied' | 'cancelled';
  employees: number;
  /** Employees with a new base (the others lack last year's wages or the city's figures). */
  changes: number;
}

export interface BaseAdjustmentOutcome {
  adjustmentId: string;
  state: 'applied' | 'cancelled';
  /** Employees whose declared base was set for the policy year. */
  declared: number;
  /** 补差/退费 lines made for months already closed on the old base. */
  topUpLines: number;
  /** The base changes to file with the bureau (the filing sheet lists them). */
  filed: number;
  /** What the bureau answered to the changes filed through its interface (absent before that step existed, and on cancel). */
  bureau?: BaseChangeFilingOutcome;
}

/** The base changes filed through the bureau's HTTP interface, and those left to the city's sheet. */
export interface BaseChangeFilingOutcome {
  /** Lines whose entity files with the bureau's interface in the city. */
  viaBureau: number;
  confirmed: number;
  rejected: number;
  /** Not yet decided by the bureau (or not yet filed): looked at again later. */
  pending: number;
  /** Lines of entities that file by hand: the city's sheet carries them. */
  byHand: number;
}

/** The workflow's patch id of the bureau filing step (histories recorded before it return after applying). */
export const BASE_CHANGE_FILING_PATCH = 'base-change-filing';

/** Activities of the adjustment; implemented in @lianxu/core (base-adjustment), wired by the worker. */
export interface BaseAdjustmentActivities {
  /** Computes and stores the preview (once: a repeat answers the stored one). */
  prepareBaseAdjustment(input: { tenantId: string; cityCode: string; policyYear: number; today: string; workflowId: string; settle?: ProvisionalSettlement }): Promise<BaseAdjustmentPrepared>;
  /** In one transaction: the declared bases from the effective month, the 补差 lines, the state. A repeat changes nothing. */
  applyBaseAdjustment(input: { tenantId: string; adjustmentId: string; actorId: string | null; today: string }): Promise<BaseAdjustmentOutcome>;
  cancelBaseAdjustment(input: { tenantId: string; adjustmentId: string; actorId: string | null; reason: string }): Promise<BaseAdjustmentOutcome>;
  /**
   * Files the applied adjustment's base changes with the bureau (entities registered with its HTTP
   * interface), waits a little for the decisions and answers the counts; a repeat files nothing twice.
   */
  fileBaseChanges(input: { tenantId: string; adjustmentId: string }): Promise<BaseChangeFilingOutcome>;
}
