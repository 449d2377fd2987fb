import { sql, type Kysely } from 'kysely';
import { withTenant, type Database, type DifferenceClass } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { stageExpectedLines } from '../contributions/index';
import type { PersonalDataVault } from '../shared/index';
import { createAdjustment, insertAdjustment, listAdjustments } from './close.adjustments';
import { CloseError, closeConflict, closeInvalid, closeNotFound, monthLocked, refusingLocked } from './close.errors';
import { checkKey, ensureMonth, recordBill, recordDeductions } from './close.inputs';
import { matchStaged, type CloseKey } from './close.match';
import { loadMapping, putMapping, type ColumnMapping, type MappingKind } from './close.import-mapping';
import type { ImportFormat } from './close.import-table';
import { importBill, importDeductions } from './close.imports';
import { windowOf } from './close.payment-window';
import type { AdjustmentInput, BillLineInput, CloseActor, CloseTenant, DeductionInput, Resolution } from './close.types';

// The monthly close per entity x city x month: expected lines, the bill, the deductions, the match,
// HR's resolutions, the lock and the audited unlock. The month's figures are guarded in the
// database (a locked month refuses every write to its lines); the service says why in words.

export interface CloseServiceDeps {
  db: Kysely<Database>;
  vault?: PersonalDataVault;
  library?: PolicyLibrary;
  /** When given, match() adds the milliseconds of its phases to it (the bench prints them). */
  timings?: CloseTimings;
}

/** Where a match's time went, in milliseconds. */
export interface CloseTimings {
  /** The expected lines: covered employees staged, their distinct wages priced, the lines staged. */
  expectedMs: number;
  /** The set-based match writing the differences, and the summary by class. */
  matchMs: number;
}

export interface MonthCloseView {
  entityId: string;
  cityCode: string;
  month: string;
  state: 'open' | 'locked';
  hasBill: boolean;
  billLines: number;
  deductions: number;
  matchedAt: string | null;
  openDifferences: number;
  differences: number;
  signedOffBy: string | null;
  signedOffAt: string | null;
  unlockReason: string | null;
  /** The close workflow's state, read from the month (the workflow keeps it there). */
  workflow: CloseWorkflowView;
}

export interface CloseWorkflowView {
  /** The workflow's id once it has started for the month. */
  id: string | null;
  /** What the close still waits for before its match. */
  waitingFor: ('bill' | 'deductions')[];
  /** HR was reminded of what is missing before the payment window closes (ISO time), or null. */
  remindedAt: string | null;
  /** The last day of the city's payment window for the month, or null when neither the policy library nor the tenant's city settings give one. */
  paymentDue: string | null;
  paymentDueSource: 'policy' | 'tenant_setting' | null;
}

export interface DifferenceView {
  id: string;
  employeeId: string | null;
  personName: string;
  insurance: string;
  class: DifferenceClass;
  amountFen: number;
  expectedBaseFen: number | null;
  expectedEmployerFen: number | null;
  expectedEmployeeFen: number | null;
  billedBaseFen: number | null;
  billedEmployerFen: number | null;
  billedEmployeeFen: number | null;
  deductedFen: number | null;
  state: 'open' | 'accepted' | 'fixed' | 'adjusted';
  reason: string | null;
  adjustmentId: string | null;
}

const num = (v: string | null) => (v === null ? null : Number(v));
const keyWhere = (k: CloseKey) => sql`tenant_id = ${k.tenantId} and entity_id = ${k.entityId} and city_code = ${k.cityCode} and month = ${k.month}`;

export function createCloseService(deps: CloseServiceDeps) {
  const { db } = deps;
  const library = deps.library ?? getDefaultPolicyLibrary();

  async function months(tenant: CloseTenant, filter: { cityCode?: string; entityId?: string; month?: string } = {}): Promise<MonthCloseView[]> {
    const rows = await withTenant(db, tenant.id, (trx) => sql<{
      entity_id: string; city_code: string; month: string; state: 'open' | 'locked'; matched_at: Date | null; signed_off_by: string | null; signed_off_at: Date | null;
      unlock_reason: string | null; bill_lines: number | null; deductions: string; open_diff: string; all_diff: string;
      workflow_id: string | null; reminded_at: Date | null; cutoff_day: number | null;
    }>`select c.entity_id, c.city_code, c.month, c.state, c.matched_at, c.signed_off_by, c.signed_off_at, c.unlock_reason, b.line_count as bill_lines,
        c.workflow_id, c.reminded_at, tc.cutoff_day,
        (select count(*) from close_deductions d where d.tenant_id = c.tenant_id and d.entity_id = c.entity_id and d.city_code = c.city_code and d.month = c.month) as deductions,
        (select count(*) from close_differences x where x.tenant_id = c.tenant_id and x.entity_id = c.entity_id and x.city_code = c.city_code and x.month = c.month and x.state = 'open') as open_diff,
        (select count(*) from close_differences x where x.tenant_id = c.tenant_id and x.entity_id = c.entity_id and x.city_code = c.city_code and x.month = c.month) as all_diff
      from month_closes c
      left join close_bills b on b.tenant_id = c.tenant_id and b.entity_id = c.entity_id and b.city_code = c.city_code and b.month = c.month
      left join tenant_cities tc on tc.tenant_id = c.tenant_id and tc.city_code = c.city_code
      where c.tenant_id = ${tenant.id}
        and (${filter.cityCode ?? null}::text is null or c.city_code = ${filter.cityCode ?? null})
        and (${filter.entityId ?? null}::uuid is null or c.entity_id = ${filter.entityId ?? null})
        and (${filter.month ?? null}::text is null or c.month = ${filter.month ?? null})
      order by c.city_code, c.month desc limit 500`.execute(trx));
    return rows.rows.map((r) => ({
      entityId: r.entity_id, cityCode: r.city_code, month: r.month, state: r.state, hasBill: r.bill_lines !== null, billLines: r.bill_lines ?? 0, deductions: Number(r.deductions),
      matchedAt: r.matched_at?.toISOString() ?? null, openDifferences: Number(r.open_diff), differences: Number(r.all_diff),
      signedOffBy: r.signed_off_by, signedOffAt: r.signed_off_at?.toISOString() ?? null, unlockReason: r.unlock_reason,
      workflow: workflowView(r),
    }));
  }

  function workflowView(r: { city_code: string; month: string; bill_lines: number | null; deductions: string; workflow_id: string | null; reminded_at: Date | null; cutoff_day: number | null }): CloseWorkflowView {
    // The same window the workflow reminds by (close.payment-window.ts), the month's due date.
    const due = windowOf(library, r.city_code, r.month, r.cutoff_day);
    return {
      id: r.workflow_id,
      waitingFor: [...(r.bill_lines === null ? ['bill' as const] : []), ...(Number(r.deductions) === 0 ? ['deductions' as const] : [])],
      remindedAt: r.reminded_at?.toISOString() ?? null,
      paymentDue: due?.due ?? null,
      paymentDueSource: due?.source ?? null,
    };
  }

  async function month(tenant: CloseTenant, k: CloseKey): Promise<MonthCloseView> {
    checkKey(k);
    const [found] = await months(tenant, k);
    if (!found) throw closeNotFound('month');
    return found;
  }

  async function open(tenant: CloseTenant, actor: CloseActor | null, k: CloseKey): Promise<MonthCloseView> {
    checkKey(k);
    await withTenant(db, tenant.id, (trx) => ensureMonth(trx, k), { actorId: actor?.id ?? null });
    return month(tenant, k);
  }

  /** Runs the three-way match of the month (expected lines computed now) and stores its differences. */
  async function match(tenant: CloseTenant, actor: CloseActor | null, k: CloseKey): Promise<{ expectedLines: number; differences: number; byClass: Record<string, { count: number; amountFen: number }> }> {
    checkKey(k);
    return refusingLocked(() => withTenant(db, tenant.id, async (trx) => {
      const state = await trx.selectFrom('month_closes').select('state').where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId)
        .where('city_code', '=', k.cityCode).where('month', '=', k.month).forUpdate().executeTakeFirst();
      if (!state) throw closeNotFound('month');
      if (state.state === 'locked') throw monthLocked(k.month, k.cityCode);
      let t = performance.now();
      const expected = await stageExpectedLines(trx, k, library, 'close_expected');
      if (deps.timings) deps.timings.expectedMs += performance.now() - t;
      t = performance.now();
      if (expected.unpriced.length > 0) {
        const first = expected.unpriced[0]!;
        throw new CloseError(422, 'expected_unavailable', {
          'zh-CN': `有 ${expected.unpriced.length} 名员工的应缴金额无法计算，不能对账：${first.reason['zh-CN']}`,
          en: `the expected contributions of ${expected.unpriced.length} employee(s) cannot be computed, so the month cannot be matched: ${first.reason.en}`,
        });
      }
      const differences = await matchStaged(trx, k, expected.relation);
      await trx.updateTable('month_closes').set({ matched_at: new Date(), updated_at: new Date() })
        .where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).execute();
      const byClass = await sql<{ class: string; n: string; amount: string }>`select class, count(*) as n, sum(amount_fen) as amount from close_differences where ${keyWhere(k)} and state = 'open' group by class`.execute(trx);
      if (deps.timings) deps.timings.matchMs += performance.now() - t;
      return {
        expectedLines: expected.lines,
        differences,
        byClass: Object.fromEntries(byClass.rows.map((r) => [r.class, { count: Number(r.n), amountFen: Number(r.amount) }])),
      };
    }, { actorId: actor?.id ?? null }));
  }

  async function differences(tenant: CloseTenant, k: CloseKey): Promise<DifferenceView[]> {
    checkKey(k);
    const rows = await withTenant(db, tenant.id, (trx) => trx.selectFrom('close_differences').selectAll().where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId)
      .where('city_code', '=', k.cityCode).where('month', '=', k.month).orderBy('class').orderBy('person_name').orderBy('insurance').limit(5000).execute());
    if (rows.length === 0) await month(tenant, k);
    return rows.map((r) => ({
      id: r.id, employeeId: r.employee_id, personName: r.person_name, insurance: r.insurance, class: r.class, amountFen: Number(r.amount_fen),
      expectedBaseFen: num(r.expected_base_fen), expectedEmployerFen: num(r.expected_employer_fen), expectedEmployeeFen: num(r.expected_employee_fen),
      billedBaseFen: num(r.billed_base_fen), billedEmployerFen: num(r.billed_employer_fen), billedEmployeeFen: num(r.billed_employee_fen), deductedFen: num(r.deducted_fen),
      state: r.state, reason: r.resolution_reason, adjustmentId: r.adjustment_id,
    }));
  }

  /** HR resolves one difference: accept with a reason, mark it fixed (the month is matched again), or adjust in a later open month. */
  async function resolve(tenant: CloseTenant, actor: CloseActor, k: CloseKey, differenceId: string, resolution: Resolution) {
    checkKey(k);
    if (!/^[0-9a-f-]{36}$/i.test(differenceId)) throw closeNotFound('difference');
    const reason = 'reason' in resolution ? resolution.reason?.trim() ?? '' : '';
    if (resolution.action !== 'fixed' && (reason.length < 1 || reason.length > 500)) throw closeInvalid('reason', '请填写原因（不超过 500 字）', 'Give the reason (at most 500 characters)');
    const result = await refusingLocked(() => withTenant(db, tenant.id, async (trx) => {
      const d = await trx.selectFrom('close_differences').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', differenceId)
        .where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).forUpdate().executeTakeFirst();
      if (!d) throw closeNotFound('difference');
      if (d.state !== 'open') throw closeConflict('difference_resolved', '这条差异已处理', 'This difference has already been resolved');
      const set = { resolved_by: actor.id, resolved_at: new Date() };
      if (resolution.action === 'accept') {
        await trx.updateTable('close_differences').set({ ...set, state: 'accepted', resolution_reason: reason }).where('tenant_id', '=', tenant.id).where('id', '=', d.id).execute();
        return { state: 'accepted' as const, adjustment: null };
      }
      if (resolution.action === 'fixed') {
        await trx.updateTable('close_differences').set({ ...set, state: 'fixed' }).where('tenant_id', '=', tenant.id).where('id', '=', d.id).execute();
        return { state: 'fixed' as const, adjustment: null };
      }
      if (!d.employee_id) throw closeInvalid('action', '账单上的这个人不是本企业员工，不能生成调整，请核实后接受或更正', 'The person on the bill is not an employee here, so no adjustment can be made; check, then accept or fix');
      // What is still owed for the month: expected minus what the bill charged (a missing deduction: the employee side not deducted).
      const owedEr = d.class === 'missing_deduction' ? 0 : Number(d.expected_employer_fen ?? 0) - Number(d.billed_employer_fen ?? 0);
      const owedEe = d.class === 'missing_deduction' ? Number(d.amount_fen) : Number(d.expected_employee_fen ?? 0) - Number(d.billed_employee_fen ?? 0);
      const adjustment = await insertAdjustment(trx, tenant.id, actor.id, {
        entityId: k.entityId, cityCode: k.cityCode, originalMonth: k.month, targetMonth: resolution.targetMonth, employeeId: d.employee_id,
        insurance: d.insurance as AdjustmentInput['insurance'], employerFen: owedEr, employeeFen: owedEe,
        ...(d.class === 'base' && owedEr + owedEe > 0 ? { kind: 'top_up' as const } : {}),
        reason, ...(resolution.payOn ? { payOn: resolution.payOn } : {}),
      }, d.id);
      await trx.updateTable('close_differences').set({ ...set, state: 'adjusted', resolution_reason: reason, adjustment_id: adjustment.id }).where('tenant_id', '=', tenant.id).where('id', '=', d.id).execute();
      return { state: 'adjusted' as const, adjustment };
    }, { actorId: actor.id }));
    const rematch = result.state === 'fixed' ? await match(tenant, actor, k) : null;
    return { ...result, rematch };
  }

  /** HR signs off: the month locks once matched after its last change, with nothing open. */
  async function lock(tenant: CloseTenant, actor: CloseActor, k: CloseKey): Promise<MonthCloseView> {
    checkKey(k);
    await withTenant(db, tenant.id, async (trx) => {
      const c = await trx.selectFrom('month_closes').selectAll().where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId)
        .where('city_code', '=', k.cityCode).where('month', '=', k.month).forUpdate().executeTakeFirst();
      if (!c) throw closeNotFound('month');
      if (c.state === 'locked') throw monthLocked(k.month, k.cityCode);
      const counts = await sql<{ bill: number; deductions: string; open: string }>`select
          (select count(*)::int from close_bills where ${keyWhere(k)}) as bill,
          (select count(*) from close_deductions where ${keyWhere(k)}) as deductions,
          (select count(*) from close_differences where ${keyWhere(k)} and state in ('open', 'fixed')) as open`.execute(trx);
      const n = counts.rows[0]!;
      if (n.bill === 0) throw closeConflict('bill_missing', '还没有收到该月的社保账单，不能锁账', 'The bureau’s bill for the month has not been received yet, so the month cannot be locked');
      if (Number(n.deductions) === 0) throw closeConflict('deductions_missing', '还没有导入该月的工资扣款，不能锁账', 'Payroll’s deductions for the month have not been imported yet, so the month cannot be locked');
      if (!c.matched_at) throw closeConflict('not_matched', '账单或扣款有变动，请先重新对账再锁账', 'The bill or the deductions changed: match the month again before locking it');
      if (Number(n.open) > 0) throw closeConflict('differences_open', `还有 ${n.open} 条差异未处理，不能锁账`, `${n.open} difference(s) are still to resolve, so the month cannot be locked`);
      const now = new Date();
      await trx.updateTable('month_closes').set({ state: 'locked', signed_off_by: actor.id, signed_off_at: now, updated_at: now })
        .where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).execute();
      await trx.insertInto('audit_log').values({ tenant_id: k.tenantId, actor_id: actor.id, table_name: 'month_closes', operation: 'lock',
        row_key: JSON.stringify({ entity_id: k.entityId, city_code: k.cityCode, month: k.month }), changed_columns: [], action: 'month_close.locked' }).execute();
    }, { actorId: actor.id });
    return month(tenant, k);
  }

  /** A tenant admin unlocks a locked month, with a reason (audited). The caller checks the role. */
  async function unlock(tenant: CloseTenant, actor: CloseActor, k: CloseKey, reason: string): Promise<MonthCloseView> {
    checkKey(k);
    const why = reason?.trim() ?? '';
    if (why.length < 1 || why.length > 500) throw closeInvalid('reason', '请填写解锁原因（不超过 500 字）', 'Give the reason for unlocking (at most 500 characters)');
    await withTenant(db, tenant.id, async (trx) => {
      const c = await trx.selectFrom('month_closes').select('state').where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId)
        .where('city_code', '=', k.cityCode).where('month', '=', k.month).forUpdate().executeTakeFirst();
      if (!c) throw closeNotFound('month');
      if (c.state !== 'locked') throw closeConflict('month_not_locked', '这个月没有锁账', 'This month is not locked');
      const now = new Date();
      await trx.updateTable('month_closes').set({ state: 'open', unlocked_by: actor.id, unlocked_at: now, unlock_reason: why, matched_at: null, updated_at: now })
        .where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).execute();
      await trx.insertInto('audit_log').values({ tenant_id: k.tenantId, actor_id: actor.id, table_name: 'month_closes', operation: 'unlock',
        row_key: JSON.stringify({ entity_id: k.entityId, city_code: k.cityCode, month: k.month, reason: why }), changed_columns: [], action: 'month_close.unlocked' }).execute();
    }, { actorId: actor.id });
    return month(tenant, k);
  }

  return {
    months,
    month,
    open,
    match,
    differences,
    resolve,
    lock,
    unlock,
    recordBill: (tenant: CloseTenant, actor: CloseActor | null, k: CloseKey, source: 'gateway' | 'excel', lines: readonly BillLineInput[]) => recordBill(deps, tenant, actor, k, source, lines),
    recordDeductions: (tenant: CloseTenant, actor: CloseActor | null, k: CloseKey, source: 'csv' | 'xlsx' | 'api', rows: readonly DeductionInput[], options?: { replace?: boolean }) =>
      recordDeductions(db, tenant, actor, k, source, rows, options),
    createAdjustment: (tenant: CloseTenant, actor: CloseActor | null, input: AdjustmentInput) => createAdjustment(db, tenant, actor, input),
    listAdjustments: (tenant: CloseTenant, filter: { entityId?: string; cityCode?: string; month?: string }) => listAdjustments(db, tenant, filter),
    importDeductions: (tenant: CloseTenant, actor: CloseActor | null, k: CloseKey, file: Uint8Array, format: ImportFormat, mapping?: ColumnMapping) => importDeductions(deps, tenant, actor, k, file, format, mapping),
    importBill: (tenant: CloseTenant, actor: CloseActor | null, k: CloseKey, file: Uint8Array, format: ImportFormat, mapping?: ColumnMapping) => importBill(deps, tenant, actor, k, file, format, mapping),
    mapping: (tenant: CloseTenant, kind: MappingKind) => loadMapping(db, tenant.id, kind),
    putMapping: (tenant: CloseTenant, actor: CloseActor, kind: MappingKind, mapping: ColumnMapping) => putMapping(db, tenant.id, actor.id, kind, mapping),
    refusingLocked,
  };
}

export type CloseService = ReturnType<typeof createCloseService>;
