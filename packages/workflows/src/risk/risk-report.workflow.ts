import { proxyActivities } from '@temporalio/workflow';
import { businessDateOf } from '@lianxu/db/business-clock';
import type { RiskReportActivities, RiskReportInput, RiskReportOutcome } from './risk-report.contract';

// One activity (idempotent per tenant and month: a retry or a second run sends nothing twice),
// retried with back-off while the database or the mail server is down.
const { deliverMonthlyRiskReport } = proxyActivities<RiskReportActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', backoffCoefficient: 2, maximumAttempts: 20 },
});

/** The tenant's monthly risk report as of `input.asOf`, or of the day the run starts (workflow time, so a replay gives the same date). */
export async function riskReportWorkflow(input: RiskReportInput): Promise<RiskReportOutcome> {
  const asOf = input.asOf ?? businessDateOf(new Date());
  return deliverMonthlyRiskReport({ tenantId: input.tenantId, slug: input.slug, asOf });
}
