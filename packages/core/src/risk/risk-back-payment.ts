import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { calculateContributions, PolicyInputError, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { insertAdjustment, refusingLocked, type AdjustmentLine, type CloseService } from '../close/index';
import { invalidField, isUuid, RiskError } from '../shared/index';
import { addMonths, monthsBetween } from './rules/months';

// A finding's suggested 补缴 (back payment), done from the finding: the close's adjustment lines in
// the next open month, each carrying its original month and the statutory late fee.
// - coverage_gap: one line per month of the gap × social insurance, priced by the policy engine on
//   the wage of that month (the housing fund is the fund centre's, filed apart). The next scan counts
//   back-paid months as covered and resolves the finding.
// - contribution_differs: the month's open shortfalls of the close (billed less than expected) are
//   resolved by the close itself with an adjustment line each; the next scan, seeing no open
//   difference, resolves the finding.
// Only the close writes its tables: lines through its insertAdjustment, differences through its resolve.

export interface RiskBackPaymentDeps {
  db: Kysely<Database>;
  library: PolicyLibrary;
  close: Pick<CloseService, 'resolve'>;
  /** Business date YYYY-MM-DD. */
  today: () => string;
}

export interface FindingBackPayment {
  findingId: string;
  targetMonth: string;
  lines: AdjustmentLine[];
  /** Employer + employee of all lines, fen. */
  owedFen: number;
  lateFeeFen: number;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const SOCIAL: readonly Insurance[] = ['pension', 'medical', 'unemployment', 'workInjury', 'maternity'];

const notFound = () => new RiskError(404, 'risk_finding_not_found', { 'zh-CN': '没有这条风险记录', en: 'No such risk finding' });

/** The first month from `from` on that is not locked for the entity and city (a locked month takes no new lines). */
async function nextOpenMonth(trx: Kysely<Database>, tenantId: string, entityId: string, cityCode: string, from: string): Promise<string> {
  const locked = new Set(
    (await trx.selectFrom('month_closes').select('month').where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).where('city_code', '=', cityCode)
      .where('month', '>=', from).where('state', '=', 'locked').execute()).map((r) => r.month),
  );
  let month = from;
  while (locked.has(month)) month = addMonths(month, 1);
  return month;
}

function targetOf(given: string | undefined, earliest: string): string | undefined {
  if (given === undefined) return undefined;
  if (!MONTH_RE.test(given)) throw invalidField('targetMonth', '入账月份须为 YYYY-MM', 'the month to pay in must be YYYY-MM');
  if (given < earliest) throw invalidField('targetMonth', `补缴须记入 ${earliest} 或之后的月份`, `the back payment must be paid in ${earliest} or later`);
  return given;
}

const sum = (lines: AdjustmentLine[]) => ({
  owedFen: lines.reduce((s, l) => s + l.employerFen + l.employeeFen, 0),
  lateFeeFen: lines.reduce((s, l) => s + l.lateFeeFen, 0),
});

/**
 * Creates the back-payment lines a finding suggests (tenant admin or HR; the caller checks the
 * role). 404 for a finding not of this tenant, 409 when it is resolved, suggests no back payment,
 * was already back-paid or cannot be priced; 400 naming `targetMonth` for a bad month.
 */
export async function createFindingBackPayment(deps: RiskBackPaymentDeps, tenantId: string, actorId: string, findingId: string, input: { targetMonth?: string } = {}): Promise<FindingBackPayment> {
  if (!isUuid(findingId)) throw notFound();
  const finding = await withTenant(deps.db, tenantId, (trx) =>
    trx.selectFrom('risk_findings as r')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.employee_id'))
      .select(['r.id', 'r.rule_id', 'r.state', 'r.suggested_action', 'r.details', 'r.subject', 'r.employee_id', 'e.entity_id', 'e.work_city', 'e.hukou', 'e.monthly_wage_fen'])
      .where('r.tenant_id', '=', tenantId).where('r.id', '=', findingId).executeTakeFirst());
  if (!finding) throw notFound();
  if (finding.state === 'resolved') throw new RiskError(409, 'risk_finding_not_open', { 'zh-CN': '这条风险已解决', en: 'This finding is already resolved' });
  if (finding.suggested_action?.kind !== 'back_payment' || (finding.rule_id !== 'coverage_gap' && finding.rule_id !== 'contribution_differs')) {
    throw new RiskError(409, 'risk_action_unavailable', { 'zh-CN': '这条风险没有可直接生成的补缴', en: 'This finding has no back payment to create' });
  }
  const answer = finding.rule_id === 'coverage_gap' ? await backPayGap(deps, tenantId, actorId, finding, input) : await backPayDifferences(deps, tenantId, actorId, finding, input);
  await withTenant(deps.db, tenantId, (trx) => trx.insertInto('audit_log').values({
    tenant_id: tenantId, actor_id: actorId, table_name: 'risk_findings', operation: 'back_payment', row_key: JSON.stringify({ id: findingId }), changed_columns: [],
    action: 'risk_finding.back_payment',
  }).execute(), { actorId });
  return answer;
}

type Finding = { id: string; employee_id: string; entity_id: string; work_city: string; hukou: 'local' | 'non-local'; monthly_wage_fen: string; details: Record<string, unknown>; subject: string };

async function backPayGap(deps: RiskBackPaymentDeps, tenantId: string, actorId: string, f: Finding, input: { targetMonth?: string }): Promise<FindingBackPayment> {
  const from = String(f.details.from ?? '');
  const to = String(f.details.to ?? '');
  if (!MONTH_RE.test(from) || !MONTH_RE.test(to)) throw new RiskError(409, 'risk_action_unavailable', { 'zh-CN': '这条风险缺少断缴月份，请重新扫描', en: 'This finding does not name its gap months; scan again' });
  const earliest = addMonths(to, 1);
  const given = targetOf(input.targetMonth, earliest);
  const current = deps.today().slice(0, 7);
  return refusingLocked(() => withTenant(deps.db, tenantId, async (trx) => {
    // One back payment per gap: the finding row is locked so a second click waits, then finds the lines.
    await trx.selectFrom('risk_findings').select('id').where('tenant_id', '=', tenantId).where('id', '=', f.id).forUpdate().executeTakeFirst();
    const months = monthsBetween(from, to);
    const already = await trx.selectFrom('adjustment_lines').select('original_month').where('tenant_id', '=', tenantId).where('employee_id', '=', f.employee_id)
      .where('city_code', '=', f.work_city).where('kind', '=', 'back_payment').where('original_month', 'in', months).executeTakeFirst();
    if (already) throw new RiskError(409, 'back_payment_exists', { 'zh-CN': `${already.original_month} 已有补缴调整，请勿重复生成`, en: `A back payment for ${already.original_month} already exists` });
    const target = given ?? (await nextOpenMonth(trx, tenantId, f.entity_id, f.work_city, current > earliest ? current : earliest));
    const wages = await trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', f.employee_id).orderBy('effective_from').execute();
    const wageIn = (month: string) => {
      let fen = wages.length ? Number(wages[0]!.monthly_wage_fen) : Number(f.monthly_wage_fen);
      for (const w of wages) if (w.effective_from.slice(0, 7) <= month) fen = Number(w.monthly_wage_fen);
      return fen;
    };
    const lines: AdjustmentLine[] = [];
    for (const month of months) {
      let quote;
      try {
        quote = calculateContributions({ city: f.work_city, month, wageFen: wageIn(month), hukou: f.hukou }, deps.library);
      } catch (error) {
        if (!(error instanceof PolicyInputError)) throw error;
      }
      const social = quote?.lines.filter((l) => SOCIAL.includes(l.insurance) && l.employerFen + l.employeeFen > 0) ?? [];
      if (!quote || social.length === 0 || quote.missing.some((m) => SOCIAL.includes(m.insurance))) {
        throw new RiskError(409, 'back_payment_unpriced', { 'zh-CN': `${month} 的政策数据不完整，无法计算补缴金额`, en: `The policy figures of ${month} are incomplete, so the back payment cannot be priced` });
      }
      for (const l of social) {
        lines.push(await insertAdjustment(trx, tenantId, actorId, {
          entityId: f.entity_id, cityCode: f.work_city, originalMonth: month, targetMonth: target, employeeId: f.employee_id, insurance: l.insurance,
          employerFen: l.employerFen, employeeFen: l.employeeFen, kind: 'back_payment', reason: `断缴补缴 ${month} / back payment of a coverage gap`,
        }));
      }
    }
    return { findingId: f.id, targetMonth: target, lines, ...sum(lines) };
  }, { actorId }));
}

async function backPayDifferences(deps: RiskBackPaymentDeps, tenantId: string, actorId: string, f: Finding, input: { targetMonth?: string }): Promise<FindingBackPayment> {
  const month = String(f.details.month ?? '');
  const cityCode = f.subject.split(':')[0] ?? '';
  if (!MONTH_RE.test(month)) throw new RiskError(409, 'risk_action_unavailable', { 'zh-CN': '这条风险缺少月份，请重新扫描', en: 'This finding does not name its month; scan again' });
  const earliest = addMonths(month, 1);
  const given = targetOf(input.targetMonth, earliest);
  const current = deps.today().slice(0, 7);
  const { shortfalls, target } = await withTenant(deps.db, tenantId, async (trx) => {
    // Billed less than expected (the rule's shortfall): what is still owed for the month.
    const shortfalls = await trx.selectFrom('close_differences').select(['id', 'entity_id']).where('tenant_id', '=', tenantId).where('employee_id', '=', f.employee_id)
      .where('city_code', '=', cityCode).where('month', '=', month).where('state', '=', 'open').where('class', 'not in', ['rounding', 'missing_deduction']).where('amount_fen', '<', '0')
      .orderBy('insurance').execute();
    const entityId = shortfalls[0]?.entity_id ?? f.entity_id;
    return { shortfalls, target: given ?? (await nextOpenMonth(trx, tenantId, entityId, cityCode, current > earliest ? current : earliest)) };
  });
  if (shortfalls.length === 0) throw new RiskError(409, 'back_payment_exists', { 'zh-CN': '该月的差异已处理，等待下次扫描更新', en: 'The month’s differences are already resolved; the next scan updates the finding' });
  const lines: AdjustmentLine[] = [];
  for (const d of shortfalls) {
    const done = await deps.close.resolve({ id: tenantId }, { id: actorId }, { tenantId, entityId: d.entity_id, cityCode, month }, d.id, {
      action: 'adjust', targetMonth: target, reason: `风险处理：补缴 ${month} 少缴部分 / back payment of the ${month} shortfall`,
    });
    if (done.adjustment) lines.push(done.adjustment);
  }
  return { findingId: f.id, targetMonth: target, lines, ...sum(lines) };
}
