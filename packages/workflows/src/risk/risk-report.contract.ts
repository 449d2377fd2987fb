// The monthly 社保断缴风险报告 per tenant (issue #15, item 2): workflow type, ids, the activity it
// calls and the schedule's settings. Shared by the worker (activities) and the schedule setup.

export const RISK_REPORT_WORKFLOW_TYPE = 'riskReportWorkflow';

export interface RiskReportInput {
  tenantId: string;
  slug: string;
  /** Business date YYYY-MM-DD the report is as of (its month names it); default the run's own date in Asia/Shanghai. */
  asOf?: string;
}

export interface RiskReportOutcome {
  tenantId: string;
  /** YYYY-MM: the month the report is for (one report per tenant and month, however often it runs). */
  month: string;
  asOf: string;
  /** Open and acknowledged findings listed. */
  findings: number;
  atStakeFen: number;
  /** Inbox notices written by this run (0 when the month's report was already delivered). */
  inbox: number;
  /** E-mails sent by this run (0 without an e-mail provider). */
  emails: number;
}

/** Activities of the monthly report; implemented in @lianxu/core, wired by the worker. */
export interface RiskReportActivities {
  deliverMonthlyRiskReport(input: { tenantId: string; slug: string; asOf: string }): Promise<RiskReportOutcome>;
}

export const riskReportIds = {
  /** One schedule per tenant. */
  schedule: (slug: string) => `risk-report:${slug}`,
  /** Workflow id prefix of the scheduled runs (Temporal appends the scheduled time). */
  scheduled: (slug: string) => `risk-report:${slug}:monthly`,
};

/**
 * When the monthly report goes out: the 1st of each month at 08:00 in Asia/Shanghai, after that
 * night's risk scan. A run missed while down is caught up within a week (the report is delivered
 * once per month whatever the number of runs).
 */
export const RISK_REPORT_SCHEDULE = { dayOfMonth: 1, hour: 8, minute: 0, timezone: 'Asia/Shanghai', catchupWindow: '7 days' } as const;
