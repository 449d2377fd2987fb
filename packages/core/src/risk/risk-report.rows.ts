import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { ExtensionRegistry } from '../plugins/index';
import type { LocalizedText } from '../shared/index';
import { ruleTitle } from './risk-findings.service';

// The rows of the 社保断缴风险报告 (rendered as PDF and Excel by the report module): open and
// acknowledged findings with the employee, where they work, the rule, since when, how long open
// and the money at stake. Set-based: one query, plus one call of the plugins' list columns for the
// branch (a plugin's table is the plugin's; core asks it through employeeListColumns).

export interface RiskReportFilter {
  entityId?: string;
  city?: string;
  /** Branch name as the retail-branches plugin shows it. */
  branch?: string;
  /** Business date YYYY-MM-DD for "days open"; default today in Asia/Shanghai. */
  asOf?: string;
  /** Include acknowledged findings (default true). */
  includeAcknowledged?: boolean;
}

export interface RiskReportRow {
  findingId: string;
  employeeId: string;
  employeeName: string;
  /** ID number masked as stored (never the clear number). */
  idNumberMasked: string;
  city: string;
  entityId: string;
  entityName: string;
  branch: string | null;
  ruleId: string;
  ruleTitle: LocalizedText;
  severity: 'info' | 'warning' | 'critical';
  state: 'open' | 'acknowledged';
  since: string;
  daysOpen: number;
  atStakeFen: number;
  owedFen: number;
  lateFeeFen: number;
  overpaidFen: number;
  fineMaxFen: number;
  /** What to do about it, when the rule names an action. */
  suggestedAction: LocalizedText | null;
}

/**
 * @example
 * const rows = await listRiskReportRows(db, tenantId, { city: '310100' }, { extensions });
 */
export async function listRiskReportRows(
  db: Kysely<Database>,
  tenantId: string,
  filter: RiskReportFilter = {},
  options: { extensions?: Pick<ExtensionRegistry, 'employeeListColumns'> | null } = {},
): Promise<RiskReportRow[]> {
  const asOf = filter.asOf ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const states: ('open' | 'acknowledged')[] = filter.includeAcknowledged === false ? ['open'] : ['open', 'acknowledged'];
  const rows = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('risk_findings as r')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.employee_id'))
      .innerJoin('entities as n', (j) => j.onRef('n.tenant_id', '=', 'e.tenant_id').onRef('n.id', '=', 'e.entity_id'))
      .select(['r.id', 'r.employee_id', 'e.name', 'e.id_number_masked', 'e.work_city', 'e.entity_id', 'n.name as entity_name', 'r.rule_id', 'r.message', 'r.severity', 'r.state', 'r.since',
        'r.at_stake_fen', 'r.owed_fen', 'r.late_fee_fen', 'r.overpaid_fen', 'r.fine_max_fen', 'r.suggested_action', sql<number>`(${asOf}::date - r.since)`.as('days_open')])
      .where('r.tenant_id', '=', tenantId)
      .where('r.state', 'in', states)
      .$if(!!filter.entityId, (q) => q.where('e.entity_id', '=', filter.entityId!))
      .$if(!!filter.city, (q) => q.where('e.work_city', '=', filter.city!))
      .orderBy('e.work_city')
      .orderBy('r.at_stake_fen', 'desc')
      .orderBy('r.id')
      .execute(),
  );
  let branches: Record<string, string> = {};
  if (options.extensions && rows.length) {
    const columns = await options.extensions.employeeListColumns(tenantId, { employeeIds: [...new Set(rows.map((r) => r.employee_id))] });
    branches = columns.find((c) => c.key === 'branch')?.values as Record<string, string> ?? {};
  }
  const out = rows.map((r) => ({
    findingId: r.id,
    employeeId: r.employee_id,
    employeeName: r.name,
    idNumberMasked: r.id_number_masked,
    city: r.work_city,
    entityId: r.entity_id,
    entityName: r.entity_name,
    branch: branches[r.employee_id] ?? null,
    ruleId: r.rule_id,
    ruleTitle: ruleTitle(r.rule_id, r.message),
    severity: r.severity,
    state: r.state as 'open' | 'acknowledged',
    since: r.since,
    daysOpen: Math.max(0, Number(r.days_open)),
    atStakeFen: Number(r.at_stake_fen),
    owedFen: Number(r.owed_fen),
    lateFeeFen: Number(r.late_fee_fen),
    overpaidFen: Number(r.overpaid_fen),
    fineMaxFen: Number(r.fine_max_fen),
    suggestedAction: r.suggested_action?.label ?? null,
  }));
  return filter.branch ? out.filter((r) => r.branch === filter.branch) : out;
}
