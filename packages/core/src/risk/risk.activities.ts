import type { RiskScanActivities } from '@lianxu/workflows';
import { createRiskScanner, type RiskScannerDeps } from './risk-scan.service';

/** The risk scan's activities (riskScanWorkflow), wired by the worker. */
export function createRiskActivities(deps: RiskScannerDeps): RiskScanActivities {
  const scanner = createRiskScanner(deps);
  return {
    async scanTenantRisks({ tenantId, today }) {
      return scanner.scan(tenantId, today);
    },
  };
}
