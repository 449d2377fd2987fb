import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { planBackPay, type Insurance, type PaidLine, type PolicyLibrary } from '@lianxu/policy';
import { insertAdjustments, refusingLocked, type AdjustmentInput } from '../close/index';
import { adjustmentNotFound } from './base-adjustment.errors';
import { applyProvisionalSettlement } from './base-adjustment.settle';

// HR confirmed: in one transaction the new declared wage of each employee from the policy year's
// first month (the expected lines of every later month are priced from it), and, for the months
// of the year already closed on the old base (published late), a 补差 line per employee, month and
// insurance in the month HR confirms in, carrying its original month. Locked months are never
// touched. A repeat (a retried activity) finds the adjustment applied and writes nothing.

export interface ApplyInput {
  tenantId: string;
  adjustmentId: string;
  actorId: string | null;
  /** YYYY-MM-DD: the 补差 lines are paid in this month. */
  today: string;
}

export interface ApplyOutcome {
  adjustmentId: string;
  state: 'applied' | 'cancelled';
  declared: number;
  topUpLines: number;
  filed: number;
}

interface BilledLine {
  entity_id: string;
  employee_id: string;
  hukou: 'local' | 'non-local';
  month: string;
  insurance: string;
  base_fen: string;
  employer_fen: string;
  employee_fen: string;
}

export async function applyBaseAdjustment(db: Kysely<Database>, library: PolicyLibrary, input: ApplyInput): Promise<ApplyOutcome> {
  const { tenantId, adjustmentId } = input;
  return refusingLocked(() => withTenant(db, tenantId, async (trx) => {
    const adj = await trx.selectFrom('base_adjustments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', adjustmentId).forUpdate().executeTakeFirst();
    if (!adj) throw adjustmentNotFound();
    if (adj.state !== 'preview') {
      const n = await sql<{ n: number }>`select count(*)::int as n from declared_bases where tenant_id = ${tenantId} and adjustment_id = ${adjustmentId}`.execute(trx);
      return { adjustmentId, state: adj.state, declared: n.rows[0]!.n, topUpLines: adj.top_up_lines, filed: n.rows[0]!.n };
    }
    if (adj.kind === 'provisional') {
      // A settlement of provisional figures: no new bases, only its 补差/退费 lines.
      const topUpLines = await applyProvisionalSettlement(trx, tenantId, adj, input.actorId, input.today);
      await trx.updateTable('base_adjustments').set({ state: 'applied', decided_by: input.actorId, decided_at: new Date(), top_up_lines: topUpLines, updated_at: new Date() })
        .where('tenant_id', '=', tenantId).where('id', '=', adjustmentId).execute();
      return { adjustmentId, state: 'applied' as const, declared: 0, topUpLines, filed: 0 };
    }
    const lines = await trx.selectFrom('base_adjustment_lines').select(['employee_id', 'average_wage_fen', 'new_base_fen', 'old_base_fen', 'person_name'])
      .where('tenant_id', '=', tenantId).where('adjustment_id', '=', adjustmentId).where('new_base_fen', 'is not', null).execute();
    const newWage = new Map(lines.map((l) => [l.employee_id, Number(l.average_wage_fen)]));
    for (let i = 0; i < lines.length; i += 1000) {
      await trx.insertInto('declared_bases').values(lines.slice(i, i + 1000).map((l) => ({
        tenant_id: tenantId, employee_id: l.employee_id, city_code: adj.city_code, effective_month: adj.effective_month, effective_to: adj.effective_to,
        declared_wage_fen: l.average_wage_fen!, adjustment_id: adjustmentId,
      }))).onConflict((oc) => oc.columns(['tenant_id', 'employee_id', 'city_code', 'effective_month']).doUpdateSet((eb) => ({
        declared_wage_fen: eb.ref('excluded.declared_wage_fen'), effective_to: eb.ref('excluded.effective_to'), adjustment_id: eb.ref('excluded.adjustment_id'),
      }))).execute();
    }

    // What the bureau billed (and was paid) for the months of the year already locked, one line per
    // employee, month and insurance, plus the 补差/退费 already made for that month (a settlement of
    // provisional figures, a wage change settled): the old amounts the 补差 is measured against, so
    // a difference is never paid twice.
    const payMonth = input.today.slice(0, 7);
    const billed = lines.length === 0 ? [] : (await sql<BilledLine>`
      select distinct on (b.entity_id, b.employee_id, b.month, b.insurance) b.entity_id, b.employee_id, e.hukou, b.month, b.insurance, b.base_fen,
        b.employer_fen + coalesce(s.er, 0) as employer_fen, b.employee_fen + coalesce(s.ee, 0) as employee_fen
      from close_bill_lines b
      left join lateral (
        select sum(a.employer_fen) as er, sum(a.employee_fen) as ee from adjustment_lines a
        where a.tenant_id = b.tenant_id and a.entity_id = b.entity_id and a.city_code = b.city_code and a.original_month = b.month
          and a.employee_id = b.employee_id and a.insurance = b.insurance and a.kind in ('top_up', 'refund')
      ) s on true
      join month_closes m on m.tenant_id = b.tenant_id and m.entity_id = b.entity_id and m.city_code = b.city_code and m.month = b.month and m.state = 'locked'
      join employees e on e.tenant_id = b.tenant_id and e.id = b.employee_id
      where b.tenant_id = ${tenantId} and b.city_code = ${adj.city_code} and b.month >= ${adj.effective_month} and b.month <= ${adj.effective_to} and b.month < ${payMonth}
        and b.employee_id = any(${[...newWage.keys()]}::uuid[])
      order by b.entity_id, b.employee_id, b.month, b.insurance, b.line_no`.execute(trx)).rows;
    const byPerson = new Map<string, BilledLine[]>();
    for (const b of billed) byPerson.set(`${b.entity_id}|${b.employee_id}`, [...(byPerson.get(`${b.entity_id}|${b.employee_id}`) ?? []), b]);

    const topUps: AdjustmentInput[] = [];
    const reason = `${adj.policy_year} 年度缴费基数调整补差（新年度基数公布晚于生效月）`;
    for (const [key, paidLines] of byPerson) {
      const [entityId, employeeId] = key.split('|') as [string, string];
      const paid: PaidLine[] = paidLines.map((b) => ({ month: b.month, insurance: b.insurance as Insurance, baseFen: Number(b.base_fen), employerFen: Number(b.employer_fen), employeeFen: Number(b.employee_fen) }));
      const plan = planBackPay({ city: adj.city_code, hukou: paidLines[0]!.hukou, newWageFen: newWage.get(employeeId)!, paid }, library);
      for (const l of plan.lines) {
        if (l.employerDiffFen + l.employeeDiffFen === 0) continue;
        // Like every adjustment line (and the settlement of provisional figures), a 补差 carries the
        // 第86条 late fee from the original month's due date to the paying month's (close's
        // contributionDueDate, the one convention), computed by insertAdjustments; a 退费 none.
        topUps.push({
          entityId, cityCode: adj.city_code, originalMonth: l.month, targetMonth: payMonth, employeeId, insurance: l.insurance,
          employerFen: l.employerDiffFen, employeeFen: l.employeeDiffFen, kind: l.employerDiffFen + l.employeeDiffFen > 0 ? 'top_up' : 'refund', reason,
        });
      }
    }
    const topUpLines = await insertAdjustments(trx, tenantId, input.actorId, topUps);
    await trx.updateTable('base_adjustments').set({ state: 'applied', decided_by: input.actorId, decided_at: new Date(), top_up_lines: topUpLines, updated_at: new Date() })
      .where('tenant_id', '=', tenantId).where('id', '=', adjustmentId).execute();
    return { adjustmentId, state: 'applied' as const, declared: lines.length, topUpLines, filed: lines.length };
  }, { actorId: input.actorId }));
}

export async function cancelBaseAdjustment(db: Kysely<Database>, input: { tenantId: string; adjustmentId: string; actorId: string | null; reason: string }): Promise<ApplyOutcome> {
  return withTenant(db, input.tenantId, async (trx) => {
    const adj = await trx.selectFrom('base_adjustments').select(['state', 'top_up_lines']).where('tenant_id', '=', input.tenantId).where('id', '=', input.adjustmentId).forUpdate().executeTakeFirst();
    if (!adj) throw adjustmentNotFound();
    if (adj.state === 'preview') {
      await trx.updateTable('base_adjustments').set({ state: 'cancelled', decided_by: input.actorId, decided_at: new Date(), cancel_reason: input.reason.slice(0, 500), updated_at: new Date() })
        .where('tenant_id', '=', input.tenantId).where('id', '=', input.adjustmentId).execute();
      return { adjustmentId: input.adjustmentId, state: 'cancelled', declared: 0, topUpLines: 0, filed: 0 };
    }
    return { adjustmentId: input.adjustmentId, state: adj.state, declared: 0, topUpLines: adj.top_up_lines, filed: 0 };
  }, { actorId: input.actorId });
}
