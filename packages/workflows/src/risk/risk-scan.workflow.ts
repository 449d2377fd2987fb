import { proxyActivities } from '@temporalio/workflow';
import { businessDateOf } from '@lianxu/db/business-clock';
import type { RiskScanActivities, RiskScanInput, RiskScanOutcome } from './risk-scan.contract';

// A scan is one activity (one transaction); retried with back-off when the database or a plugin's
// infrastructure is down, so a run the schedule catches up after downtime still lands.
const { scanTenantRisks } = proxyActivities<RiskScanActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 12 },
});

/**
 * The risk scan of one tenant as of `input.today`, or of the day the run starts (workflow time,
 * so a replay gives the same date).
 */
export async function riskScanWorkflow(input: RiskScanInput): Promise<RiskScanOutcome> {
  const today = input.today ?? businessDateOf(new Date());
  return scanTenantRisks({ tenantId: input.tenantId, today });
}
