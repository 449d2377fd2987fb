import type { Kysely } from 'kysely';
import { withTenant, type Database, type FundFilingKind, type FundFilingRow } from '@lianxu/db';
import { addDays, daysBetween, DomainError, FieldProblems, isUuid, type LocalizedText } from '../shared/index';

// The housing fund (住房公积金) as its own track: filings HR owes the city's fund centre, which is not
// the social-insurance bureau. 住房公积金管理条例 第15条: 缴存登记 within 30 days of a hire, and on
// leaving the 变更登记 (the account sealed, 封存) within 30 days. A filing is made with the hire, the
// termination or the transfer, in its transaction, when the employing entity is registered with the
// centre in that city; HR files on the centre's portal and records the centre's receipt. The daily
// risk scan finds one past its deadline. The coverage module is the only writer of fund_filings.

type Trx = Kysely<Database>;

/** Days the law gives for either filing (第15条). */
export const FUND_FILING_DAYS = 30;

export interface FundFilingView {
  id: string;
  kind: FundFilingKind;
  cityCode: string;
  /** Open: the first month paid to the fund; seal: the last. */
  month: string;
  /** The last day of the legal 30 days. */
  dueDate: string;
  /** Whole days from today to the due date; negative when overdue; null once filed. */
  daysLeft: number | null;
  status: 'to_file' | 'filed';
  receiptNo: string | null;
  filedOn: string | null;
  employeeId: string;
  employeeName: string;
  createdAt: string;
}

export function fundFilingView(row: FundFilingRow, employeeName: string, today: string): FundFilingView {
  return {
    id: row.id, kind: row.kind, cityCode: row.city_code, month: row.month, dueDate: row.due_date,
    daysLeft: row.status === 'to_file' ? daysBetween(today, row.due_date) : null, status: row.status,
    receiptNo: row.receipt_no, filedOn: row.filed_on, employeeId: row.employee_id, employeeName, createdAt: row.created_at.toISOString(),
  };
}

/** Whether the entity is registered with the city's fund centre (a filing is owed there). */
export async function fundRegistered(trx: Trx, tenantId: string, entityId: string, cityCode: string): Promise<boolean> {
  const row = await trx.selectFrom('entity_registrations').select('city_code').where('tenant_id', '=', tenantId).where('entity_id', '=', entityId)
    .where('city_code', '=', cityCode).where('agency', '=', 'housing_fund').executeTakeFirst();
  return row !== undefined;
}

/** The filing's insert, to run in the caller's transaction (or its round trip); due 30 days after `eventDate`. */
export function fundFilingRow(trx: Trx, tenantId: string, p: { employeeId: string; eventId: string; kind: FundFilingKind; cityCode: string; month: string; eventDate: string }) {
  return trx.insertInto('fund_filings').values({
    tenant_id: tenantId, employee_id: p.employeeId, event_id: p.eventId, kind: p.kind, city_code: p.cityCode, month: p.month,
    due_date: addDays(p.eventDate, FUND_FILING_DAYS),
  }).returningAll();
}

/** Adds the filing when the entity is registered with the city's fund centre; nothing otherwise. */
export async function insertFundFiling(trx: Trx, tenantId: string, entityId: string, p: Parameters<typeof fundFilingRow>[2]): Promise<boolean> {
  if (!(await fundRegistered(trx, tenantId, entityId, p.cityCode))) return false;
  await fundFilingRow(trx, tenantId, p).execute();
  return true;
}

/** The fund filings of one employee, oldest first (the employee page's track; of one event, the seal before the open). */
export function fundFilingsOfEmployee(trx: Trx, tenantId: string, employeeId: string) {
  return trx.selectFrom('fund_filings').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('created_at').orderBy('kind', 'desc').execute();
}

/** The tenant's fund filings to file (by due date) and the 50 filed most recently. */
export async function listFundFilings(db: Kysely<Database>, tenantId: string, today: string): Promise<{ toFile: FundFilingView[]; filed: FundFilingView[] }> {
  return withTenant(db, tenantId, async (trx) => {
    const base = () => trx.selectFrom('fund_filings as f').innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'f.tenant_id').onRef('e.id', '=', 'f.employee_id'))
      .selectAll('f').select('e.name as employee_name').where('f.tenant_id', '=', tenantId);
    const [toFile, filed] = await Promise.all([
      base().where('f.status', '=', 'to_file').orderBy('f.due_date').orderBy('f.id').limit(500).execute(),
      base().where('f.status', '=', 'filed').orderBy('f.updated_at', 'desc').orderBy('f.id').limit(50).execute(),
    ]);
    return { toFile: toFile.map((r) => fundFilingView(r, r.employee_name, today)), filed: filed.map((r) => fundFilingView(r, r.employee_name, today)) };
  });
}

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/**
 * HR filed on the fund centre's portal: the centre's receipt number and the day it was filed. The
 * same receipt again changes nothing; another receipt for a filing already recorded is a 409.
 */
export async function markFundFilingFiled(
  db: Kysely<Database>,
  tenantId: string,
  actorId: string,
  id: string,
  input: { receiptNo?: unknown; filedOn?: unknown },
  today: string,
): Promise<FundFilingView> {
  const problems = new FieldProblems();
  const receiptNo = typeof input.receiptNo === 'string' ? input.receiptNo.trim() : '';
  if (!receiptNo) problems.add('receiptNo', '请填写公积金中心的受理回执号', 'enter the receipt number the fund centre gave');
  else if (receiptNo.length > 64 || /[\u0000-\u001f]/.test(receiptNo)) problems.add('receiptNo', '回执号最多 64 个字符', 'at most 64 characters');
  const filedOn = input.filedOn === undefined || input.filedOn === null || input.filedOn === '' ? today : input.filedOn;
  if (typeof filedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(filedOn) || Number.isNaN(Date.parse(`${filedOn}T00:00:00Z`))) problems.add('filedOn', '请填写有效的办理日期，例如 2026-12-04', 'enter a valid date, for example 2026-12-04');
  else if (filedOn > today) problems.add('filedOn', '办理日期不能晚于今天', 'cannot be after today');
  problems.throwIfAny();
  if (!isUuid(id)) throw fundFilingNotFound();
  return withTenant(db, tenantId, async (trx) => {
    // The filing, locked, with its employee's name (the employee row is read, not locked).
    const found = await trx.selectFrom('fund_filings as f').innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'f.tenant_id').onRef('e.id', '=', 'f.employee_id'))
      .selectAll('f').select('e.name as employee_name').where('f.tenant_id', '=', tenantId).where('f.id', '=', id).forUpdate('f').executeTakeFirst();
    if (!found) throw fundFilingNotFound();
    const { employee_name: name, ...row } = found;
    if (row.status === 'filed') {
      if (row.receipt_no === receiptNo) return fundFilingView(row, name, today);
      throw new DomainError(409, 'fund_filing_already_filed', text(`这项公积金申报已于 ${row.filed_on} 以回执号 ${row.receipt_no} 登记`, `This housing-fund filing was already recorded on ${row.filed_on} with receipt ${row.receipt_no}`), {
        receiptNo: text(`已登记回执号 ${row.receipt_no}`, `already recorded as ${row.receipt_no}`),
      });
    }
    const updated = await trx.updateTable('fund_filings').set({ status: 'filed', receipt_no: receiptNo, filed_on: filedOn as string, filed_by: actorId, updated_at: new Date() })
      .where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return fundFilingView(updated, name, today);
  }, { actorId });
}

export function fundFilingNotFound(): DomainError {
  return new DomainError(404, 'not_found', text('没有这项公积金申报', 'No such housing-fund filing'));
}
