import type { PluginHost, RiskFinding } from '@lianxu/plugin-sdk';
import type { BranchesTrx } from './branches.tables';

/**
 * Risk rule: an active employee assigned to a branch in another city than the work city on record,
 * i.e. moved without a transfer (contributions still paid at the old city's rates and bureau).
 */
export const RISK_BRANCH_CITY = 'branch_city_without_transfer';

export async function branchCityWithoutTransfer(host: PluginHost, tenantId: string): Promise<RiskFinding[]> {
  const rows = await host.withTenant(tenantId, (trx: BranchesTrx) =>
    trx
      .selectFrom('branch_assignments as a')
      .innerJoin('branches as b', (j) => j.onRef('b.tenant_id', '=', 'a.tenant_id').onRef('b.id', '=', 'a.branch_id'))
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.employee_id'))
      .select(['a.employee_id', 'a.since', 'e.name', 'e.work_city', 'b.id as branch_id', 'b.name as branch', 'b.city_code'])
      .where('a.tenant_id', '=', tenantId)
      .where('e.status', '=', 'active')
      .whereRef('b.city_code', '<>', 'e.work_city')
      .orderBy('a.employee_id')
      .execute(),
  );
  return rows.map((r) => ({
    ruleId: RISK_BRANCH_CITY,
    employeeId: r.employee_id,
    severity: 'critical' as const,
    message: {
      'zh-CN': `${r.name} 自 ${r.since} 在${r.branch}（城市 ${r.city_code}）工作，但参保城市仍为 ${r.work_city}，未办理异地调动`,
      en: `${r.name} works at ${r.branch} (city ${r.city_code}) since ${r.since}, but is still covered in ${r.work_city}: no transfer was made`,
    },
    details: { subject: r.branch_id, since: r.since, branch: r.branch, branchCity: r.city_code, workCity: r.work_city },
  }));
}
