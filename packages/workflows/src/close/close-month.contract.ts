// The monthly close as a workflow per tenant x entity x city x month (issue #15, item 3): type,
// id, signals, query, input and the activities it calls. Shared by the worker (activities), the
// API (start and signal) and tests.

export const CLOSE_MONTH_WORKFLOW_TYPE = 'closeMonthWorkflow';

/** One workflow per tenant, entity, city and month: opening the month again finds the same one. */
export const closeMonthId = (k: CloseMonthKey) => `close-month:${k.tenantId}:${k.entityId}:${k.cityCode}:${k.month}`;

/** Signals: the bill or the deductions were recorded (the workflow reads the month again); the month was locked. */
export const CLOSE_MONTH_SIGNALS = { inputsChanged: 'closeInputsChanged', locked: 'closeLocked' } as const;
/** Query: the workflow's own view of the month (closeMonthState). */
export const CLOSE_MONTH_STATE_QUERY = 'closeMonthState';

/**
 * Days before the city's payment window closes that HR is reminded of what is still missing,
 * when the API starts the workflow without another figure.
 */
export const CLOSE_REMINDER_LEAD_DAYS = 3;

export interface CloseMonthKey {
  tenantId: string;
  entityId: string;
  cityCode: string;
  /** YYYY-MM */
  month: string;
}

export interface CloseMonthInput extends CloseMonthKey {
  /** Days before the payment window closes that HR is reminded (CLOSE_REMINDER_LEAD_DAYS unless given). */
  reminderLeadDays: number;
}

/** The month as the database has it (the workflow's signals only say "look again"). */
export interface CloseMonthStatus {
  hasBill: boolean;
  hasDeductions: boolean;
  /** Matched after the last change of the bill or the deductions. */
  matched: boolean;
  openDifferences: number;
  locked: boolean;
  /** ISO time HR was reminded for this month (null: not yet). */
  remindedAt: string | null;
}

/** Where the payment window's last day comes from: the policy library's city figure, or the tenant's cut-off day for the city. */
export type PaymentWindowSource = 'policy' | 'tenant_setting';

export interface CloseMonthPlan {
  status: CloseMonthStatus;
  /** Last day of the city's payment window for the month (YYYY-MM-DD), or null when neither the policy library nor the tenant gives one. */
  paymentDue: string | null;
  /** Epoch ms the window closes (the end of paymentDue in Asia/Shanghai), or null. */
  paymentWindowClosesAtMs: number | null;
  paymentDueSource: PaymentWindowSource | null;
}

/** What is still missing when HR is reminded. */
export type CloseMissing = 'bill' | 'deductions' | 'differences' | 'signOff';

export interface CloseMonthState {
  phase: 'waiting' | 'matched' | 'locked';
  waitingFor: ('bill' | 'deductions')[];
  matchedAt: string | null;
  remindedAt: string | null;
  paymentDue: string | null;
  /** Why the last automatic match could not run (e.g. an employee's contributions cannot be priced), or null. */
  matchError: string | null;
}

export interface CloseMonthOutcome extends CloseMonthKey {
  locked: true;
  remindedAt: string | null;
}

/** Activities of the close; implemented in @lianxu/core (close), wired by the worker. */
export interface CloseMonthActivities {
  /** Reads the month and its payment window; records the workflow id on the month. */
  planCloseMonth(input: CloseMonthKey & { workflowId: string }): Promise<CloseMonthPlan>;
  /** Reads the month again. */
  closeMonthStatus(input: CloseMonthKey): Promise<CloseMonthStatus>;
  /** Runs the three-way match (a 4xx from the close, such as an unpriced employee, is not retried). */
  matchCloseMonth(input: CloseMonthKey): Promise<{ differences: number }>;
  /** Inbox notice (and e-mail when configured) to the tenant's admins and HR naming what is missing; once per month. */
  remindCloseMonth(input: CloseMonthKey & { missing: CloseMissing[]; paymentDue: string }): Promise<{ inbox: number; emails: number; remindedAt: string }>;
}
