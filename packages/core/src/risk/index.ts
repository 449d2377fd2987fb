// Risk: the tenant's risk scan. Today it gathers the enabled plugins' risk rules (riskRules); the
// risk issue (#15) adds core's own rules and the daily schedule.
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
