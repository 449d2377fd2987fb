// Risk: the tenant's risk scan. Core's rules (rules/, pure, unit-tested) and the enabled plugins'
// riskRules, stored as findings by the scanner (risk-scan.service.ts) and run daily per tenant by a
// Temporal Schedule (packages/workflows riskScan). `createRiskService` is the unstored, plugins-only
// answer kept for the older POST /risk-scan route.
import type { RiskFinding } from '@lianxu/plugin-sdk';
import type { ExtensionRegistry } from '../plugins/index';

export type RiskScanFinding = RiskFinding & { source: string };

export interface RiskScanResult {
  tenantId: string;
  /** Business date `YYYY-MM-DD` the scan ran for. */
  today: string;
  /** Critical first, then warnings, then notes; within one severity by rule and employee. */
  findings: RiskScanFinding[];
}

const ORDER: Record<RiskFinding['severity'], number> = { critical: 0, warning: 1, info: 2 };

/**
 * The risk scan of one tenant as of `today`: every enabled plugin's riskRules (a plugin that throws
 * is skipped and its failure shown to the tenant admin; the scan still answers).
 *
 * @example
 * const risk = createRiskService({ extensions: runtime.extensions });
 * const { findings } = await risk.runRiskScan(tenantId, clock.today());
 */
export function createRiskService(deps: { extensions: Pick<ExtensionRegistry, 'riskRules'> }) {
  return {
    async runRiskScan(tenantId: string, today: string): Promise<RiskScanResult> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new TypeError('runRiskScan: today must be YYYY-MM-DD');
      const fromPlugins = await deps.extensions.riskRules(tenantId, { today });
      const findings = fromPlugins.map(({ pluginId, ...f }) => ({ ...f, source: `plugin:${pluginId}` }));
      findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId) || (a.employeeId ?? '').localeCompare(b.employeeId ?? ''));
      return { tenantId, today, findings };
    },
  };
}
export type RiskService = ReturnType<typeof createRiskService>;

export {
  CORE_RISK_RULES,
  DEFAULT_RISK_SETTINGS,
  evaluateCoreRules,
  atStakeFen,
  type EmployeeRiskFacts,
  type RiskFindingDraft,
  type RiskMoney,
  type RiskPolicy,
  type RiskRule,
  type RiskRuleContext,
  type RiskSettings,
  type SuggestedAction,
} from './rules/index';
export { createRiskPolicy } from './risk.policy';
export { createRiskScanner, CORE_SOURCE, type RiskScanner, type RiskScannerDeps, type ScanTimings, type StoredScanResult } from './risk-scan.service';
export { getRiskSettings, putRiskSettings } from './risk-settings.service';
export { acknowledgeFinding, listFindings, ruleTitle, type FindingFilter, type RiskFindingView } from './risk-findings.service';
export { createFindingBackPayment, type FindingBackPayment, type RiskBackPaymentDeps } from './risk-back-payment';
export { listRiskReportRows, type RiskReportFilter, type RiskReportRow } from './risk-report.rows';
export { createRiskActivities, type RiskActivitiesDeps } from './risk.activities';
export { deliverMonthlyRiskReport, riskReportText, RISK_REPORT_NOTICE, type RiskReportDeliveryDeps } from './risk-report.delivery';
export { riskReportAttachments, riskReportDocument, riskReportFileNames } from './risk-report.attachments';
// Schedule and start the risk scan and monthly report workflows (Temporal client side; contracts in @lianxu/workflows).
export { ensureRiskScanSchedule, riskScanRun, startRiskScan, type RiskScanRunStatus, type RiskScanTenant } from './risk-scan.client';
export { ensureRiskReportSchedule } from './risk-report.client';
