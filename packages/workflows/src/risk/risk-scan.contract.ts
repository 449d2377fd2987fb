// The daily risk scan per tenant: workflow type, ids, the activity it calls and the schedule's
// settings. Shared by the worker (activities), the API (on-demand start) and the schedule setup.

export const RISK_SCAN_WORKFLOW_TYPE = 'riskScanWorkflow';

export interface RiskScanInput {
  tenantId: string;
  slug: string;
  /** Business date YYYY-MM-DD to scan as of; default the run's own date in Asia/Shanghai. */
  today?: string;
}

export interface RiskScanOutcome {
  scanId: string;
  tenantId: string;
  today: string;
  employees: number;
  /** Findings seen by this scan (new and still open). */
  seen: number;
  created: number;
  resolved: number;
  /** Plugins whose rules answered; a failing plugin is left out and keeps its findings. */
  plugins: string[];
}

/** Activities of the risk scan; implemented in @lianxu/core, wired by the worker. */
export interface RiskScanActivities {
  scanTenantRisks(input: { tenantId: string; today: string }): Promise<RiskScanOutcome>;
}

export const riskScanIds = {
  /** One schedule per tenant. */
  schedule: (slug: string) => `risk-scan:${slug}`,
  /** Workflow id prefix of the scheduled runs (Temporal appends the scheduled time). */
  scheduled: (slug: string) => `risk-scan:${slug}:daily`,
  /** An on-demand run. */
  onDemand: (slug: string, nonce: string) => `risk-scan:${slug}:now:${nonce}`,
};

/** When the daily scan runs: 02:00 in Asia/Shanghai, after the night's bureau receipts. */
export const RISK_SCAN_SCHEDULE = { hour: 2, minute: 0, timezone: 'Asia/Shanghai', catchupWindow: '1 day' } as const;

