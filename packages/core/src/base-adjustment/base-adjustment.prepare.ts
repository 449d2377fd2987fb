import { sql, type Kysely } from 'kysely';
import { withTenant, type BaseAdjustmentReason, type Database } from '@lianxu/db';
import { calculateContributions, planAnnualAdjustment, PolicyInputError, type PolicyLibrary, type PolicyRecord } from '@lianxu/policy';
import { recordNotice } from '../notifications/index';
import { adjustmentInvalid } from './base-adjustment.errors';
import { addMonths, wageOn, wagesOfYear, type WageStep } from './base-adjustment.months';

// The preview of a city's annual adjustment: per employee covered in the city during the new
// policy year (up to the month it is prepared in), last calendar year's average monthly wage
// clamped to the new year's floor and cap (planAnnualAdjustment), against the base the employee
// has now, with the monthly cost change on each side. Stored once, so what HR confirms is exactly
// what HR saw.

export interface PrepareInput {
  tenantId: string;
  cityCode: string;
  policyYear: number;
  /** YYYY-MM-DD */
  today: string;
  workflowId: string;
}

export interface PreparedLine {
  employeeId: string;
  entityId: string;
  personName: string;
  oldWageFen: number | null;
  oldBaseFen: number | null;
  averageWageFen: number | null;
  monthsUsed: number;
  newBaseFen: number | null;
  reason: BaseAdjustmentReason;
  employerChangeFen: number | null;
  employeeChangeFen: number | null;
}

/** The new policy year's record for the city, or a 400 naming the field that is wrong. */
export function newPolicyRecord(library: PolicyLibrary, cityCode: string, policyYear: number): PolicyRecord {
  if (!library.recordsOf(cityCode).length) throw adjustmentInvalid('cityCode', '政策库中没有这个城市', 'The policy library does not know this city');
  const record = library.record(cityCode, policyYear);
  if (!record) throw adjustmentInvalid('policyYear', '政策库中没有该城市这一年度的缴费基数数据', 'The policy library has no figures for this city and policy year');
  return record;
}

interface Person {
  id: string;
  entity_id: string;
  name: string;
  hukou: 'local' | 'non-local';
  hire_date: string;
  termination_date: string | null;
}

type Quote = { employerFen: number; employeeFen: number; pensionBaseFen: number | null } | null;

function quote(library: PolicyLibrary, cityCode: string, month: string, wageFen: number | null, hukou: Person['hukou']): Quote {
  if (wageFen === null) return null;
  try {
    const q = calculateContributions({ city: cityCode, month, wageFen, hukou }, library);
    if (!q.lines.length) return null;
    const base = q.lines.find((l) => l.insurance === 'pension') ?? q.lines[0]!;
    return { employerFen: q.lines.reduce((s, l) => s + l.employerFen, 0), employeeFen: q.lines.reduce((s, l) => s + l.employeeFen, 0), pensionBaseFen: base.baseFen };
  } catch (error) {
    if (error instanceof PolicyInputError) return null;
    throw error;
  }
}

/** The preview lines (pure apart from the reads): one per employee in scope. */
export async function previewLines(trx: Kysely<Database>, library: PolicyLibrary, record: PolicyRecord, input: PrepareInput): Promise<PreparedLine[]> {
  const { tenantId, cityCode } = input;
  const effective = record.effectiveFrom;
  const todayMonth = input.today.slice(0, 7);
  const upTo = todayMonth > effective ? todayMonth : effective;
  const lastMonth = upTo < record.effectiveTo ? upTo : record.effectiveTo;
  const people = await sql<Person>`
    select e.id, e.entity_id, e.name, e.hukou, e.hire_date, e.termination_date from employees e
    where e.tenant_id = ${tenantId} and exists (
      select 1 from coverage_periods c where c.tenant_id = ${tenantId} and c.employee_id = e.id and c.city_code = ${cityCode}
        and c.start_month <= ${lastMonth} and (c.end_month is null or c.end_month >= ${effective}))
    order by e.id`.execute(trx);
  if (!people.rows.length) return [];
  const ids = people.rows.map((p) => p.id);
  const wages = await sql<{ employee_id: string; effective_from: string; monthly_wage_fen: string }>`
    select employee_id, effective_from, monthly_wage_fen from wage_history
    where tenant_id = ${tenantId} and employee_id = any(${ids}::uuid[]) order by employee_id, effective_from`.execute(trx);
  const steps = new Map<string, WageStep[]>();
  for (const w of wages.rows) steps.set(w.employee_id, [...(steps.get(w.employee_id) ?? []), { effectiveFrom: w.effective_from, wageFen: Number(w.monthly_wage_fen) }]);
  // The base before the new year: last year's declaration where there is one, else the wage.
  const before = addMonths(effective, -1);
  const declared = await sql<{ employee_id: string; declared_wage_fen: string }>`
    select distinct on (employee_id) employee_id, declared_wage_fen from declared_bases
    where tenant_id = ${tenantId} and city_code = ${cityCode} and employee_id = any(${ids}::uuid[]) and effective_month <= ${before} and effective_to >= ${before}
    order by employee_id, effective_month desc`.execute(trx);
  const declaredOf = new Map(declared.rows.map((d) => [d.employee_id, Number(d.declared_wage_fen)]));

  return people.rows.map((p): PreparedLine => {
    const mine = steps.get(p.id) ?? [];
    const oldWageFen = declaredOf.get(p.id) ?? wageOn(mine, before) ?? wageOn(mine, effective);
    const old = quote(library, cityCode, before, oldWageFen, p.hukou);
    const common = { employeeId: p.id, entityId: p.entity_id, personName: p.name, oldWageFen, oldBaseFen: old?.pensionBaseFen ?? null };
    const history = wagesOfYear(mine, record.year - 1, p.hire_date, p.termination_date);
    if (!Object.keys(history).length) {
      return { ...common, averageWageFen: null, monthsUsed: 0, newBaseFen: null, reason: 'no_wage_history', employerChangeFen: null, employeeChangeFen: null };
    }
    const plan = planAnnualAdjustment({ wageHistory: history, newRecord: record, library, ...(old?.pensionBaseFen ? { currentBasesFen: { pension: old.pensionBaseFen } } : {}) });
    const line = plan.lines.find((l) => l.insurance === 'pension') ?? plan.lines.find((l) => l.insurance !== 'housingFund');
    const now = quote(library, cityCode, effective, plan.averageWageFen, p.hukou);
    if (!line || !now) {
      return { ...common, averageWageFen: plan.averageWageFen, monthsUsed: plan.monthsUsed.length, newBaseFen: null, reason: 'not_priced', employerChangeFen: null, employeeChangeFen: null };
    }
    return {
      ...common, averageWageFen: plan.averageWageFen, monthsUsed: plan.monthsUsed.length, newBaseFen: line.newBaseFen, reason: line.clampedTo ?? 'average',
      employerChangeFen: old ? now.employerFen - old.employerFen : null, employeeChangeFen: old ? now.employeeFen - old.employeeFen : null,
    };
  });
}

/** Computes and stores the preview once; a repeat (a retried activity, a restarted workflow) answers the stored one. */
export async function prepareBaseAdjustment(db: Kysely<Database>, library: PolicyLibrary, input: PrepareInput) {
  const record = newPolicyRecord(library, input.cityCode, input.policyYear);
  return withTenant(db, input.tenantId, async (trx) => {
    const found = await trx.selectFrom('base_adjustments').select(['id', 'state']).where('tenant_id', '=', input.tenantId).where('kind', '=', 'annual')
      .where('city_code', '=', input.cityCode).where('policy_year', '=', input.policyYear).executeTakeFirst();
    if (found) {
      const counts = await sql<{ n: number; changes: number }>`select count(*)::int as n, count(new_base_fen)::int as changes from base_adjustment_lines where tenant_id = ${input.tenantId} and adjustment_id = ${found.id}`.execute(trx);
      return { adjustmentId: found.id, state: found.state, employees: counts.rows[0]!.n, changes: counts.rows[0]!.changes };
    }
    const lines = await previewLines(trx, library, record, input);
    const row = await trx.insertInto('base_adjustments').values({
      tenant_id: input.tenantId, city_code: input.cityCode, policy_year: input.policyYear, policy_id: record.id, effective_month: record.effectiveFrom,
      effective_to: record.effectiveTo, prepared_on: input.today, workflow_id: input.workflowId,
    }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < lines.length; i += 1000) {
      await trx.insertInto('base_adjustment_lines').values(lines.slice(i, i + 1000).map((l) => ({
        tenant_id: input.tenantId, adjustment_id: row.id, employee_id: l.employeeId, entity_id: l.entityId, person_name: l.personName,
        old_wage_fen: l.oldWageFen, old_base_fen: l.oldBaseFen, average_wage_fen: l.averageWageFen, months_used: l.monthsUsed, new_base_fen: l.newBaseFen,
        reason: l.reason, employer_change_fen: l.employerChangeFen, employee_change_fen: l.employeeChangeFen,
      }))).execute();
    }
    const changes = lines.filter((l) => l.newBaseFen !== null).length;
    await noticeToHr(trx, input.tenantId, row.id, record, lines.length, changes, lines.reduce((sum, l) => sum + (l.employerChangeFen ?? 0), 0));
    return { adjustmentId: row.id, state: 'preview' as const, employees: lines.length, changes };
  });
}

export const BASE_ADJUSTMENT_NOTICE = 'base_adjustment_preview';

/** Tells the tenant's admins and HR in their inbox that a preview waits for them (once per adjustment and person). */
async function noticeToHr(trx: Kysely<Database>, tenantId: string, adjustmentId: string, record: PolicyRecord, employees: number, changes: number, employerChangeFen: number) {
  const recipients = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', 'in', ['tenant_admin', 'hr']).orderBy('user_id').execute();
  const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${(Math.abs(fen) / 100).toFixed(2)}`;
  const subject = `${record.city.zh} ${record.year} 年度缴费基数调整待确认`;
  const body = `${record.city.zh}新的政策年度自 ${record.effectiveFrom} 起执行。已按上一年度月平均工资计算 ${employees} 名员工的新缴费基数，其中 ${changes} 人有新基数，单位每月合计变化 ${yuan(employerChangeFen)} 元。请在“年度基数调整”中核对预览并确认。`;
  const en = {
    subject: `${record.city.en} ${record.year} contribution base adjustment waiting for confirmation`,
    body: `${record.city.en}'s new policy year takes effect on ${record.effectiveFrom}. New contribution bases were computed for ${employees} employees from last year's average monthly wage; ${changes} of them change, the employer's monthly total by ${yuan(employerChangeFen)} yuan. Check the preview under Annual base adjustment and confirm it.`,
  };
  for (const r of recipients) {
    await recordNotice(trx, { tenantId, dedupeKey: `${BASE_ADJUSTMENT_NOTICE}:${adjustmentId}:${r.user_id}`, channel: 'in_app', recipientUserId: r.user_id, kind: BASE_ADJUSTMENT_NOTICE, subject, body, en });
  }
}
