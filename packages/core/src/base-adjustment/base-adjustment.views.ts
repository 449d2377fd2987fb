import { sql, type Kysely } from 'kysely';
import { withTenant, type BaseAdjustmentReason, type BaseAdjustmentState, type Database } from '@lianxu/db';
import { adjustmentNotFound } from './base-adjustment.errors';
import { isHeldBackFilingId } from '../coverage/index';

// What HR reads: the adjustments of the tenant, and one with its preview lines.

export interface BaseAdjustmentSummary {
  id: string;
  cityCode: string;
  policyYear: number;
  policyId: string;
  effectiveMonth: string;
  effectiveTo: string;
  preparedOn: string;
  state: BaseAdjustmentState;
  employees: number;
  changes: number;
  employerChangeFen: number;
  employeeChangeFen: number;
  topUpLines: number;
  decidedBy: string | null;
  decidedAt: string | null;
  cancelReason: string | null;
  workflowId: string;
  /** annual: the July adjustment of bases; provisional: carried-forward figures settled once published. */
  kind: 'annual' | 'provisional';
  /** provisional: the revision whose carried figures priced the months (policyId published them). */
  settlesPolicyId: string | null;
}

/** A settlement's line: one employee, month and insurance, on the carried and on the published figures. */
export interface SettlementLineView {
  employeeId: string;
  entityId: string;
  personName: string;
  month: string;
  insurance: string;
  baseFen: number;
  oldEmployerFen: number;
  oldEmployeeFen: number;
  newEmployerFen: number;
  newEmployeeFen: number;
}

export interface BaseAdjustmentLineView {
  employeeId: string;
  entityId: string;
  personName: string;
  oldBaseFen: number | null;
  newBaseFen: number | null;
  averageWageFen: number | null;
  monthsUsed: number;
  reason: BaseAdjustmentReason;
  employerChangeFen: number | null;
  employeeChangeFen: number | null;
  /**
   * Filed with the bureau's interface after HR confirmed (not_filed: not yet, or to be filed again);
   * null before confirmation, without a new base, or for an entity filing by hand (the city's sheet).
   */
  filing: {
    fromMonth: string | null; status: 'submitted' | 'confirmed' | 'rejected' | 'not_filed'; receiptNo: string | null; rejection: { code: string; message: string } | null;
    /** Held back during a dual run in shadow mode: the old system filed it (no bureau receipt here). */
    heldBack: boolean;
  } | null;
}

export interface BaseAdjustmentView extends BaseAdjustmentSummary {
  /** Months of the policy year already locked in the city (paid on the old bases): confirming makes their 补差 lines. */
  lockedMonths: string[];
  lines: BaseAdjustmentLineView[];
  /** provisional: the difference per employee, month and insurance that confirming makes 补差/退费 lines of (empty for an annual adjustment). */
  settlementLines: SettlementLineView[];
}

const num = (v: string | null) => (v === null ? null : Number(v));

async function summaries(trx: Kysely<Database>, tenantId: string, id?: string): Promise<BaseAdjustmentSummary[]> {
  const rows = await sql<{
    id: string; city_code: string; policy_year: number; policy_id: string; effective_month: string; effective_to: string; prepared_on: string; state: BaseAdjustmentState;
    top_up_lines: number; decided_by: string | null; decided_at: Date | null; cancel_reason: string | null; workflow_id: string; n: number; changes: number; er: string | null; ee: string | null;
    kind: 'annual' | 'provisional'; settles_policy_id: string | null;
  }>`select a.id, a.city_code, a.policy_year, a.policy_id, a.effective_month, a.effective_to, a.prepared_on, a.state, a.top_up_lines, a.decided_by, a.decided_at, a.cancel_reason, a.workflow_id,
      a.kind, a.settles_policy_id,
      count(l.employee_id)::int + coalesce(max(s.n), 0) as n, count(l.new_base_fen)::int + coalesce(max(s.n), 0) as changes,
      coalesce(sum(l.employer_change_fen), max(s.er)) as er, coalesce(sum(l.employee_change_fen), max(s.ee)) as ee
    from base_adjustments a left join base_adjustment_lines l on l.tenant_id = a.tenant_id and l.adjustment_id = a.id
    left join lateral (
      select count(distinct x.employee_id)::int as n, sum(x.new_employer_fen - x.old_employer_fen) as er, sum(x.new_employee_fen - x.old_employee_fen) as ee
      from base_adjustment_settlements x where x.tenant_id = a.tenant_id and x.adjustment_id = a.id
    ) s on a.kind = 'provisional'
    where a.tenant_id = ${tenantId} ${id ? sql`and a.id = ${id}` : sql``}
    group by a.tenant_id, a.id order by a.policy_year desc, a.city_code limit 200`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id, cityCode: r.city_code, policyYear: r.policy_year, policyId: r.policy_id, effectiveMonth: r.effective_month, effectiveTo: r.effective_to, preparedOn: r.prepared_on,
    state: r.state, employees: r.n, changes: r.changes, employerChangeFen: Number(r.er ?? 0), employeeChangeFen: Number(r.ee ?? 0), topUpLines: r.top_up_lines,
    decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null, cancelReason: r.cancel_reason, workflowId: r.workflow_id,
    kind: r.kind, settlesPolicyId: r.settles_policy_id,
  }));
}

export async function listBaseAdjustments(db: Kysely<Database>, tenantId: string): Promise<BaseAdjustmentSummary[]> {
  return withTenant(db, tenantId, (trx) => summaries(trx, tenantId));
}

/** One adjustment with its preview lines (by name); another tenant's id is not found. */
export async function baseAdjustmentView(db: Kysely<Database>, tenantId: string, id: string): Promise<BaseAdjustmentView> {
  return withTenant(db, tenantId, async (trx) => {
    const [summary] = await summaries(trx, tenantId, id);
    if (!summary) throw adjustmentNotFound();
    const locked = await trx.selectFrom('month_closes').select('month').distinct().where('tenant_id', '=', tenantId).where('city_code', '=', summary.cityCode)
      .where('state', '=', 'locked').where('month', '>=', summary.effectiveMonth).where('month', '<=', summary.effectiveTo).orderBy('month').execute();
    const lines = await trx.selectFrom('base_adjustment_lines as l')
      .leftJoin('entity_registrations as r', (j) => j.onRef('r.tenant_id', '=', 'l.tenant_id').onRef('r.entity_id', '=', 'l.entity_id').on('r.city_code', '=', summary.cityCode).on('r.agency', '=', 'social_insurance'))
      .selectAll('l').select('r.gateway')
      .where('l.tenant_id', '=', tenantId).where('l.adjustment_id', '=', id).orderBy('l.person_name').orderBy('l.employee_id').execute();
    const settlement = summary.kind !== 'provisional' ? [] : await trx.selectFrom('base_adjustment_settlements').selectAll().where('tenant_id', '=', tenantId).where('adjustment_id', '=', id)
      .orderBy('person_name').orderBy('employee_id').orderBy('month').orderBy('insurance').execute();
    return {
      ...summary,
      settlementLines: settlement.map((l) => ({
        employeeId: l.employee_id, entityId: l.entity_id, personName: l.person_name, month: l.month, insurance: l.insurance, baseFen: Number(l.base_fen),
        oldEmployerFen: Number(l.old_employer_fen), oldEmployeeFen: Number(l.old_employee_fen), newEmployerFen: Number(l.new_employer_fen), newEmployeeFen: Number(l.new_employee_fen),
      })),
      lockedMonths: locked.map((m) => m.month),
      lines: lines.map((l) => ({
        employeeId: l.employee_id, entityId: l.entity_id, personName: l.person_name, oldBaseFen: num(l.old_base_fen), newBaseFen: num(l.new_base_fen), averageWageFen: num(l.average_wage_fen),
        monthsUsed: l.months_used, reason: l.reason, employerChangeFen: num(l.employer_change_fen), employeeChangeFen: num(l.employee_change_fen),
        // Only once confirmed, and only where the entity files through the bureau's interface in the city.
        filing: summary.state !== 'applied' || l.new_base_fen === null || l.gateway !== 'bureau-sim' ? null
          : { fromMonth: l.from_month, status: l.filing_status ?? 'not_filed', receiptNo: l.receipt_no, rejection: l.rejection, heldBack: isHeldBackFilingId(l.filing_id) },
      })),
    };
  });
}
