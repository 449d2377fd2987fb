import type { RiskReportActivities, RiskScanActivities } from '@lianxu/workflows';
import type { EmailProvider } from '../notifications/index';
import type { ExtensionRegistry } from '../plugins/index';
import { deliverMonthlyRiskReport } from './risk-report.delivery';
import { createRiskScanner, type RiskScannerDeps } from './risk-scan.service';

export interface RiskActivitiesDeps extends RiskScannerDeps {
  /** The monthly report's e-mail (SMTP when configured; without it the report goes to the inbox only). */
  email?: EmailProvider | undefined;
  /** The plugins' list columns, for the report's branch column. */
  listColumns?: Pick<ExtensionRegistry, 'employeeListColumns'> | null;
}

/** The risk scan's and the monthly report's activities (riskScanWorkflow, riskReportWorkflow), wired by the worker. */
export function createRiskActivities(deps: RiskActivitiesDeps): RiskScanActivities & RiskReportActivities {
  const scanner = createRiskScanner(deps);
  return {
    async scanTenantRisks({ tenantId, today }) {
      return scanner.scan(tenantId, today);
    },
    async deliverMonthlyRiskReport({ tenantId, asOf }) {
      return deliverMonthlyRiskReport({ db: deps.db, email: deps.email, extensions: deps.listColumns ?? null }, { tenantId, asOf });
    },
  };
}
