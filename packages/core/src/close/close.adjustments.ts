import type { Kysely } from 'kysely';
import { isRealDate, withTenant, type Database } from '@lianxu/db';
import { INSURANCES } from '@lianxu/policy';
import { closeInvalid, refusingLocked } from './close.errors';
import { DATE_RE, dueDate, MONTH_RE } from './close.dates';
import { lateFeeSince } from './contribution-due-date';
import { ensureMonth } from './close.inputs';
import type { AdjustmentInput } from './close.types';
import { isUuid } from '../shared/index';

// Adjustment lines (补缴/退费/补差): a correction of an earlier (often locked) month, paid in a
// later open month. The line keeps its original period; money owed late carries the statutory late
// fee (社会保险法 第86条, 0.05% a day) from the original month's due date to the day it is paid
// (by default the target month's due date; both from contribution-due-date.ts).

export interface AdjustmentLine {
  id: string;
  month: string;
  originalMonth: string;
  employeeId: string | null;
  personName: string;
  insurance: string;
  kind: 'back_payment' | 'refund' | 'top_up';
  employerFen: number;
  employeeFen: number;
  dueDate: string;
  lateFeeDays: number;
  lateFeeFen: number;
  reason: string;
}

function check(input: AdjustmentInput): void {
  if (!MONTH_RE.test(input.originalMonth)) throw closeInvalid('originalMonth', '原所属月份须为 YYYY-MM', 'The original month must be YYYY-MM');
  if (!MONTH_RE.test(input.targetMonth)) throw closeInvalid('targetMonth', '调整入账月份须为 YYYY-MM', 'The month to pay in must be YYYY-MM');
  if (input.targetMonth <= input.originalMonth) throw closeInvalid('targetMonth', '调整须记入原所属月份之后的月份', 'The adjustment must be paid in a month after the original month');
  if (!isUuid(input.employeeId)) throw closeInvalid('employeeId', '员工编号无效', 'The employee reference is not valid');
  if (!(INSURANCES as readonly string[]).includes(input.insurance)) throw closeInvalid('insurance', '险种无法识别', 'The insurance is not recognised');
  for (const side of ['employerFen', 'employeeFen'] as const) {
    if (!Number.isSafeInteger(input[side]) || Math.abs(input[side]) > 100_000_000_00) throw closeInvalid(side, '金额须为以分为单位的整数', 'The amount must be a whole number of fen');
  }
  if (input.employerFen === 0 && input.employeeFen === 0) throw closeInvalid('employerFen', '调整金额不能为 0', 'The adjustment amount cannot be 0');
  if (input.payOn !== undefined && (!DATE_RE.test(input.payOn) || !isRealDate(input.payOn)))
    throw closeInvalid('payOn', '请填写真实的缴费日期，例如 2026-07-15', 'Enter a real payment date such as 2026-07-15');
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 1 || reason.length > 500) throw closeInvalid('reason', '请填写调整原因（不超过 500 字）', 'Give the reason for the adjustment (at most 500 characters)');
}

/** Writes one adjustment line inside the caller's transaction (the target month must be open). */
export async function insertAdjustment(trx: Kysely<Database>, tenantId: string, actorId: string | null, input: AdjustmentInput, differenceId: string | null = null): Promise<AdjustmentLine> {
  check(input);
  const target = { tenantId, entityId: input.entityId, cityCode: input.cityCode, month: input.targetMonth };
  await ensureMonth(trx, target);
  const person = await trx.selectFrom('employees').select('name').where('tenant_id', '=', tenantId).where('id', '=', input.employeeId).executeTakeFirst();
  if (!person) throw closeInvalid('employeeId', '没有这名员工', 'No such employee');
  const due = await dueDate(trx, tenantId, input.cityCode, input.originalMonth);
  const payOn = input.payOn ?? (await dueDate(trx, tenantId, input.cityCode, input.targetMonth));
  if (payOn < due) throw closeInvalid('payOn', '缴费日期不能早于原所属月份的缴费期限', 'The payment date cannot be before the original month’s due date');
  const owed = input.employerFen + input.employeeFen;
  const kind = input.kind ?? (owed < 0 ? 'refund' : 'back_payment');
  if (kind === 'refund' ? owed >= 0 : owed <= 0) throw closeInvalid('kind', '退费金额须为负数，补缴或补差金额须为正数', 'A refund must be negative; a back payment or top-up positive');
  // A refund is the bureau's money going back: no late fee runs on it.
  const fee = lateFeeSince(owed, due, payOn);
  const row = await trx.insertInto('adjustment_lines').values({
    tenant_id: tenantId, entity_id: input.entityId, city_code: input.cityCode, month: input.targetMonth, original_month: input.originalMonth,
    employee_id: input.employeeId, person_name: person.name, insurance: input.insurance, kind, employer_fen: input.employerFen, employee_fen: input.employeeFen,
    due_date: due, late_fee_days: fee.days, late_fee_fen: fee.feeFen, reason: input.reason.trim(), difference_id: differenceId, created_by: actorId,
  }).returning('id').executeTakeFirstOrThrow();
  return {
    id: row.id, month: input.targetMonth, originalMonth: input.originalMonth, employeeId: input.employeeId, personName: person.name, insurance: input.insurance, kind,
    employerFen: input.employerFen, employeeFen: input.employeeFen, dueDate: due, lateFeeDays: fee.days, lateFeeFen: fee.feeFen, reason: input.reason.trim(),
  };
}

/**
 * Many adjustment lines in one go inside the caller's transaction (the annual adjustment's 补差 of a
 * whole city): the same checks and late fee as insertAdjustment, each target month ensured and each
 * due date read once, the names read in one query, the lines written in batches.
 */
export async function insertAdjustments(trx: Kysely<Database>, tenantId: string, actorId: string | null, inputs: readonly AdjustmentInput[]): Promise<number> {
  inputs.forEach(check);
  const months = new Map(inputs.map((i) => [`${i.entityId}|${i.cityCode}|${i.targetMonth}`, i]));
  for (const i of months.values()) await ensureMonth(trx, { tenantId, entityId: i.entityId, cityCode: i.cityCode, month: i.targetMonth });
  const ids = [...new Set(inputs.map((i) => i.employeeId))];
  const names = new Map<string, string>();
  for (let k = 0; k < ids.length; k += 5000) {
    const rows = await trx.selectFrom('employees').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', ids.slice(k, k + 5000)).execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  const dues = new Map<string, string>();
  const due = async (city: string, month: string) => {
    const key = `${city}|${month}`;
    if (!dues.has(key)) dues.set(key, await dueDate(trx, tenantId, city, month));
    return dues.get(key)!;
  };
  const rows = [];
  for (const input of inputs) {
    const name = names.get(input.employeeId);
    if (name === undefined) throw closeInvalid('employeeId', '没有这名员工', 'No such employee');
    const original = await due(input.cityCode, input.originalMonth);
    const payOn = input.payOn ?? (await due(input.cityCode, input.targetMonth));
    if (payOn < original) throw closeInvalid('payOn', '缴费日期不能早于原所属月份的缴费期限', 'The payment date cannot be before the original month’s due date');
    const owed = input.employerFen + input.employeeFen;
    const kind = input.kind ?? (owed < 0 ? 'refund' : 'back_payment');
    if (kind === 'refund' ? owed >= 0 : owed <= 0) throw closeInvalid('kind', '退费金额须为负数，补缴或补差金额须为正数', 'A refund must be negative; a back payment or top-up positive');
    const fee = lateFeeSince(owed, original, payOn);
    rows.push({
      tenant_id: tenantId, entity_id: input.entityId, city_code: input.cityCode, month: input.targetMonth, original_month: input.originalMonth,
      employee_id: input.employeeId, person_name: name, insurance: input.insurance, kind, employer_fen: input.employerFen, employee_fen: input.employeeFen,
      due_date: original, late_fee_days: fee.days, late_fee_fen: fee.feeFen, reason: input.reason.trim(), difference_id: null, created_by: actorId,
    });
  }
  for (let k = 0; k < rows.length; k += 2000) await trx.insertInto('adjustment_lines').values(rows.slice(k, k + 2000)).execute();
  return rows.length;
}

export async function createAdjustment(db: Kysely<Database>, tenant: { id: string }, actor: { id: string } | null, input: AdjustmentInput): Promise<AdjustmentLine> {
  return refusingLocked(() => withTenant(db, tenant.id, (trx) => insertAdjustment(trx, tenant.id, actor?.id ?? null, input), { actorId: actor?.id ?? null }));
}

export async function listAdjustments(db: Kysely<Database>, tenant: { id: string }, filter: { entityId?: string; cityCode?: string; month?: string }): Promise<AdjustmentLine[]> {
  const rows = await withTenant(db, tenant.id, (trx) => {
    let q = trx.selectFrom('adjustment_lines').selectAll().where('tenant_id', '=', tenant.id);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    if (filter.cityCode) q = q.where('city_code', '=', filter.cityCode);
    if (filter.month) q = q.where('month', '=', filter.month);
    return q.orderBy('month').orderBy('created_at').limit(1000).execute();
  });
  return rows.map((r) => ({
    id: r.id, month: r.month, originalMonth: r.original_month, employeeId: r.employee_id, personName: r.person_name, insurance: r.insurance, kind: r.kind,
    employerFen: Number(r.employer_fen), employeeFen: Number(r.employee_fen), dueDate: r.due_date, lateFeeDays: r.late_fee_days, lateFeeFen: Number(r.late_fee_fen), reason: r.reason,
  }));
}

