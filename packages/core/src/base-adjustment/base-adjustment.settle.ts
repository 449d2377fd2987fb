import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { createPolicyLibrary, insurancePeriod, INSURANCES, resolveCity, type Insurance, type PolicyLibrary, type PolicyRecord } from '@lianxu/policy';
import type { BaseAdjustmentPrepared, DueProvisionalSettlement, ProvisionalSettlement } from '@lianxu/workflows';
import { insertAdjustments, type AdjustmentInput } from '../close/index';
import { loadCoveredEmployees, priceExpectedLines } from '../contributions/index';
import { recordNotice } from '../notifications/index';
import { adjustmentInvalid } from './base-adjustment.errors';

// Provisional figures settled. A city-year record that lacks a figure carries the last known one
// forward (marked provisional); when a consultant's revision publishes it, the months already priced
// on the carried figure are settled as the bureau bills a late-published figure: per employee, month
// and insurance, the month priced again on the same base (the one the close prices it on: declared,
// filed at enrollment, or the wage) with the published figures, minus the same month priced with the
// carried ones; a 补差 (top_up) line where more is owed, a 退费 (refund) line where less, paid in
// the month HR confirms in, carrying the original month and, like every adjustment line, the
// statutory late fee (社会保险法 第86条) from the original month's due date on money owed.
//
// Which months: those already priced with the bureau, i.e. the entity × city months whose bill was
// received or that are locked, before the month the settlement is prepared in. A month not billed
// yet is not settled: its expected lines are priced with the published figures from now on, and a
// bill still issued on the carried ones shows as a rate difference in its close.
//
// Which revisions: the one now effective for the city-year (it published the figures) against the
// revision the last settlement of that city-year published, or, without one, the revision before it.
// Only lines priced by that older revision with a carried figure are settled (a figure corrected
// that was never provisional is not the carry-forward's business).

const PREVIEW_NOTICE = 'provisional_settlement_preview';

/** Fields carried forward from earlier years in `record` when the city's records are `records`. */
function carriedFields(records: readonly PolicyRecord[], record: PolicyRecord): Set<string> {
  const resolved = resolveCity(records).get(record);
  const out = new Set<string>();
  if (!resolved) return out;
  for (const insurance of INSURANCES) for (const c of resolved[insurance].carried) out.add(c.field);
  return out;
}

const withRecord = (records: readonly PolicyRecord[], record: PolicyRecord) => records.map((r) => (r.city.code === record.city.code && r.year === record.year ? record : r));

/** The revision before `record` (same city and year), if the library resolves it. */
function previousRevision(library: PolicyLibrary, record: PolicyRecord): PolicyRecord | null {
  if (record.revision <= 1) return null;
  return library.recordById(record.id.replace(/-r\d+$/, `-r${record.revision - 1}`));
}

/** The months `record`'s insurances apply to (YYYY-MM, inclusive). */
function spanOf(record: PolicyRecord): { from: string; to: string } {
  const periods = INSURANCES.map((i) => insurancePeriod(record, i));
  return { from: periods.map((p) => p.from).sort()[0]!, to: periods.map((p) => p.to).sort().at(-1)! };
}

async function pricedMonths(trx: Kysely<Database>, tenantId: string, cityCode: string, span: { from: string; to: string }, before: string) {
  const rows = await sql<{ entity_id: string; month: string }>`
    select entity_id, month from month_closes where tenant_id = ${tenantId} and city_code = ${cityCode} and state = 'locked' and month >= ${span.from} and month <= ${span.to} and month < ${before}
    union
    select entity_id, month from close_bills where tenant_id = ${tenantId} and city_code = ${cityCode} and month >= ${span.from} and month <= ${span.to} and month < ${before}
    order by 2, 1`.execute(trx);
  return rows.rows;
}

/** The settlements due for a tenant on `today`: city-years whose carried figures a revision published, with months priced on them. */
export async function dueProvisionalSettlements(db: Kysely<Database>, library: PolicyLibrary, input: { tenantId: string; today: string }): Promise<DueProvisionalSettlement[]> {
  const month = input.today.slice(0, 7);
  return withTenant(db, input.tenantId, async (trx) => {
    const cities = await trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', input.tenantId).orderBy('city_code').execute();
    const done = await trx.selectFrom('base_adjustments').select(['city_code', 'policy_year', 'policy_id', 'state', 'created_at'])
      .where('tenant_id', '=', input.tenantId).where('kind', '=', 'provisional').orderBy('created_at').execute();
    const due: DueProvisionalSettlement[] = [];
    for (const { city_code } of cities) {
      const records = library.recordsOf(city_code);
      for (const record of records) {
        if (record.effectiveFrom >= month) continue;
        if (done.some((d) => d.city_code === city_code && d.policy_id === record.id)) continue;
        const last = done.filter((d) => d.city_code === city_code && d.policy_year === record.year && d.state !== 'cancelled').at(-1);
        const from = last ? library.recordById(last.policy_id) : previousRevision(library, record);
        if (!from || from.id === record.id) continue;
        const was = carriedFields(withRecord(records, from), from);
        const now = carriedFields(records, record);
        if (![...was].some((f) => !now.has(f))) continue;
        if (!(await pricedMonths(trx, input.tenantId, city_code, spanOf(from), month)).length) continue;
        due.push({ cityCode: city_code, policyYear: record.year, policyId: record.id, settlesPolicyId: from.id });
      }
    }
    return due;
  });
}

interface SettlementLine {
  employeeId: string;
  entityId: string;
  month: string;
  insurance: Insurance;
  baseFen: number;
  old: { employerFen: number; employeeFen: number };
  now: { employerFen: number; employeeFen: number };
}

/** Per employee, month and insurance priced on a carried figure of `from`: the amounts then and with `to`'s figures. */
async function settlementLines(trx: Kysely<Database>, library: PolicyLibrary, tenantId: string, cityCode: string, from: PolicyRecord, to: PolicyRecord, before: string): Promise<SettlementLine[]> {
  const effective = library.record(cityCode, to.year);
  const records = library.records;
  const oldLibrary = createPolicyLibrary(withRecord(records, from), [...library.sources.values()]);
  const newLibrary = effective?.id === to.id ? library : createPolicyLibrary(withRecord(records, to), [...library.sources.values()]);
  const out: SettlementLine[] = [];
  for (const { entity_id: entityId, month } of await pricedMonths(trx, tenantId, cityCode, spanOf(from), before)) {
    const covered = await loadCoveredEmployees(trx, { tenantId, entityId, cityCode, month });
    const q = { entityId, cityCode, month };
    const old = priceExpectedLines(covered, q, oldLibrary).lines;
    const now = new Map(priceExpectedLines(covered, q, newLibrary).lines.map((l) => [`${l.employeeId}|${l.insurance}`, l]));
    for (const o of old) {
      if (!o.provisional || o.policyId !== from.id) continue;
      const n = now.get(`${o.employeeId}|${o.insurance}`);
      if (!n || (n.employerFen === o.employerFen && n.employeeFen === o.employeeFen)) continue;
      out.push({ employeeId: o.employeeId, entityId, month, insurance: o.insurance, baseFen: o.baseFen, old: { employerFen: o.employerFen, employeeFen: o.employeeFen }, now: { employerFen: n.employerFen, employeeFen: n.employeeFen } });
    }
  }
  return out;
}

/** Computes and stores a settlement's preview once; a repeat answers the stored one. */
export async function prepareProvisionalSettlement(
  db: Kysely<Database>,
  library: PolicyLibrary,
  input: { tenantId: string; cityCode: string; policyYear: number; today: string; workflowId: string; settle: ProvisionalSettlement },
): Promise<BaseAdjustmentPrepared> {
  const to = library.recordById(input.settle.policyId);
  const from = library.recordById(input.settle.settlesPolicyId);
  if (!to || to.city.code !== input.cityCode || to.year !== input.policyYear) throw adjustmentInvalid('policyId', '政策库中没有这一修订', 'The policy library has no such revision of this city and year');
  if (!from || from.city.code !== input.cityCode || from.year !== input.policyYear) throw adjustmentInvalid('settlesPolicyId', '政策库中没有这一修订', 'The policy library has no such revision of this city and year');
  return withTenant(db, input.tenantId, async (trx) => {
    const found = await trx.selectFrom('base_adjustments').select(['id', 'state']).where('tenant_id', '=', input.tenantId)
      .where('kind', '=', 'provisional').where('city_code', '=', input.cityCode).where('policy_id', '=', to.id).executeTakeFirst();
    if (found) {
      const counts = await sql<{ n: number }>`select count(distinct employee_id)::int as n from base_adjustment_settlements where tenant_id = ${input.tenantId} and adjustment_id = ${found.id}`.execute(trx);
      return { adjustmentId: found.id, state: found.state, employees: counts.rows[0]!.n, changes: counts.rows[0]!.n };
    }
    const lines = await settlementLines(trx, library, input.tenantId, input.cityCode, from, to, input.today.slice(0, 7));
    const span = spanOf(from);
    const row = await trx.insertInto('base_adjustments').values({
      tenant_id: input.tenantId, city_code: input.cityCode, policy_year: input.policyYear, policy_id: to.id, settles_policy_id: from.id, kind: 'provisional',
      effective_month: span.from, effective_to: span.to, prepared_on: input.today, workflow_id: input.workflowId,
    }).returning('id').executeTakeFirstOrThrow();
    const ids = [...new Set(lines.map((l) => l.employeeId))];
    const names = new Map(ids.length ? (await trx.selectFrom('employees').select(['id', 'name']).where('tenant_id', '=', input.tenantId).where('id', 'in', ids).execute()).map((e) => [e.id, e.name]) : []);
    for (let i = 0; i < lines.length; i += 1000) {
      await trx.insertInto('base_adjustment_settlements').values(lines.slice(i, i + 1000).map((l) => ({
        tenant_id: input.tenantId, adjustment_id: row.id, employee_id: l.employeeId, entity_id: l.entityId, person_name: names.get(l.employeeId) ?? '', month: l.month, insurance: l.insurance,
        base_fen: String(l.baseFen), old_employer_fen: String(l.old.employerFen), old_employee_fen: String(l.old.employeeFen), new_employer_fen: String(l.now.employerFen), new_employee_fen: String(l.now.employeeFen),
      }))).execute();
    }
    const total = lines.reduce((s, l) => s + l.now.employerFen + l.now.employeeFen - l.old.employerFen - l.old.employeeFen, 0);
    await noticeToHr(trx, input.tenantId, row.id, to, ids.length, new Set(lines.map((l) => l.month)).size, total);
    return { adjustmentId: row.id, state: 'preview', employees: ids.length, changes: ids.length };
  });
}

/** The confirmed settlement's lines as adjustment lines in the month HR confirms in (inside the apply's transaction). */
export async function applyProvisionalSettlement(
  trx: Kysely<Database>,
  tenantId: string,
  adj: { id: string; city_code: string; policy_year: number; policy_id: string },
  actorId: string | null,
  today: string,
): Promise<number> {
  const rows = await trx.selectFrom('base_adjustment_settlements').selectAll().where('tenant_id', '=', tenantId).where('adjustment_id', '=', adj.id)
    .orderBy('month').orderBy('employee_id').orderBy('insurance').execute();
  const payMonth = today.slice(0, 7);
  const reason = `${adj.policy_year} 年度暂定（沿用上年）政策数据公布后补差（${adj.policy_id}）`;
  const lines: AdjustmentInput[] = [];
  for (const r of rows) {
    const employerFen = Number(r.new_employer_fen) - Number(r.old_employer_fen);
    const employeeFen = Number(r.new_employee_fen) - Number(r.old_employee_fen);
    if ((employerFen === 0 && employeeFen === 0) || r.month >= payMonth) continue;
    lines.push({
      entityId: r.entity_id, cityCode: adj.city_code, originalMonth: r.month, targetMonth: payMonth, employeeId: r.employee_id, insurance: r.insurance as Insurance,
      employerFen, employeeFen, kind: employerFen + employeeFen > 0 ? 'top_up' : 'refund', reason,
    });
  }
  return insertAdjustments(trx, tenantId, actorId, lines);
}

/** Tells the tenant's admins and HR that a settlement's preview waits for them (once per settlement and person). */
async function noticeToHr(trx: Kysely<Database>, tenantId: string, adjustmentId: string, record: PolicyRecord, employees: number, months: number, totalFen: number) {
  const recipients = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', 'in', ['tenant_admin', 'hr']).orderBy('user_id').execute();
  const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${(Math.abs(fen) / 100).toFixed(2)}`;
  const subject = `${record.city.zh} ${record.year} 年度暂定政策数据已公布，补差待确认`;
  const body = `${record.city.zh} ${record.year} 年度此前暂按上年沿用的政策数据已公布（${record.id}）。已缴费的 ${months} 个月涉及 ${employees} 名员工，按公布数据重新计算合计差额 ${yuan(totalFen)} 元。请在“年度基数调整”中核对预览并确认，确认后生成补差/退费明细。`;
  const en = {
    subject: `${record.city.en} ${record.year} provisional figures published: settlement waiting for confirmation`,
    body: `${record.city.en}'s ${record.year} figures that were carried forward provisionally are published (${record.id}). Recomputed with them, the ${months} month(s) already paid differ by ${yuan(totalFen)} yuan in total for ${employees} employee(s). Check the preview under Annual base adjustment and confirm it to create the top-up and refund lines.`,
  };
  for (const r of recipients) {
    await recordNotice(trx, { tenantId, dedupeKey: `${PREVIEW_NOTICE}:${adjustmentId}:${r.user_id}`, channel: 'in_app', recipientUserId: r.user_id, kind: PREVIEW_NOTICE, subject, body, en });
  }
}
