import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { INSURANCES } from '@lianxu/policy';
import type { PersonalDataVault } from '../shared/index';
import { closeInvalid, closeNotFound, refusingLocked, vaultUnavailable } from './close.errors';
import { MONTH_RE } from './close.dates';
import type { CloseKey } from './close.match';
import type { BillLineInput, DeductionInput } from './close.types';
import { isUuid } from '../shared/index';

// The bill and the deductions of a month: each write replaces what it brings in one statement,
// clears the month's match (it must be run again) and is refused for a locked month.

const MAX_FEN = 1_000_000_000_00;

export function checkKey(k: CloseKey): void {
  if (!isUuid(k.entityId)) throw closeNotFound('entity');
  if (!/^\d{6}$/.test(k.cityCode)) throw closeInvalid('city', '城市代码须为 6 位数字', 'The city code must have 6 digits');
  if (!MONTH_RE.test(k.month)) throw closeInvalid('month', '月份须为 YYYY-MM，例如 2026-03', 'The month must be YYYY-MM, e.g. 2026-03');
}

/** Opens the month's close if it is not there yet (the entity must be the tenant's). */
export async function ensureMonth(trx: Kysely<Database>, k: CloseKey): Promise<void> {
  const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', k.tenantId).where('id', '=', k.entityId).executeTakeFirst();
  if (!entity) throw closeNotFound('entity');
  await trx.insertInto('month_closes').values({ tenant_id: k.tenantId, entity_id: k.entityId, city_code: k.cityCode, month: k.month })
    .onConflict((oc) => oc.columns(['tenant_id', 'entity_id', 'city_code', 'month']).doNothing()).execute();
}

export async function clearMatch(trx: Kysely<Database>, k: CloseKey): Promise<void> {
  await trx.updateTable('month_closes').set({ matched_at: null, updated_at: new Date() })
    .where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).where('matched_at', 'is not', null).execute();
}

function fen(v: unknown, field: string, signed = false): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || Math.abs(v) > MAX_FEN || (!signed && v < 0)) {
    throw closeInvalid(field, signed ? '金额须为以分为单位的整数' : '金额须为以分为单位的非负整数', signed ? 'The amount must be a whole number of fen' : 'The amount must be a non-negative whole number of fen');
  }
  return v;
}

function checkBillLine(l: BillLineInput, i: number): void {
  const at = `lines[${i}]`;
  if (!l.employeeId && !l.idNumber) throw closeInvalid(`${at}.idNumber`, '每行须有身份证号', 'Each line needs an ID number');
  if (l.employeeId && !isUuid(l.employeeId)) throw closeInvalid(`${at}.employeeId`, '员工编号无效', 'The employee reference is not valid');
  if (!(INSURANCES as readonly string[]).includes(l.insurance)) throw closeInvalid(`${at}.insurance`, '险种无法识别', 'The insurance is not recognised');
  if (!MONTH_RE.test(l.periodFrom) || !MONTH_RE.test(l.periodTo) || l.periodFrom > l.periodTo) {
    throw closeInvalid(`${at}.periodFrom`, '费款所属期须为 YYYY-MM，起不晚于止', 'The contribution period must be YYYY-MM, from no later than to');
  }
  fen(l.baseFen, `${at}.base`);
  fen(l.employerFen, `${at}.employer`, true);
  fen(l.employeeFen, `${at}.employee`, true);
  fen(l.interestFen, `${at}.interest`);
  fen(l.lateFeeFen, `${at}.lateFee`);
}

function masked(idNumber: string | undefined): string {
  return idNumber && idNumber.length >= 8 ? `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` : '';
}

/** Replaces the month's bill by `lines`; people are found by the blind index of their ID number. */
export async function recordBill(
  deps: { db: Kysely<Database>; vault?: PersonalDataVault },
  tenant: { id: string },
  actor: { id: string } | null,
  k: CloseKey,
  source: 'gateway' | 'excel',
  lines: readonly BillLineInput[],
): Promise<{ billId: string; lines: number; unknownPeople: number }> {
  checkKey(k);
  lines.forEach(checkBillLine);
  if (lines.some((l) => !l.employeeId) && !deps.vault) throw vaultUnavailable();
  const n = lines.length;
  const cols = {
    emp: new Array<string | null>(n), idx: new Array<string | null>(n), name: new Array<string>(n), mask: new Array<string>(n), ins: new Array<string>(n),
    from: new Array<string>(n), to: new Array<string>(n), base: new Array<number>(n), er: new Array<number>(n), ee: new Array<number>(n),
    interest: new Array<number>(n), fee: new Array<number>(n), type: new Array<string>(n), voucher: new Array<string | null>(n),
  };
  lines.forEach((l, i) => {
    cols.emp[i] = l.employeeId ?? null;
    cols.idx[i] = l.employeeId ? null : `\\x${deps.vault!.blindIndex(tenant.id, l.idNumber!.toUpperCase()).toString('hex')}`;
    cols.name[i] = l.personName; cols.mask[i] = masked(l.idNumber); cols.ins[i] = l.insurance; cols.from[i] = l.periodFrom; cols.to[i] = l.periodTo;
    cols.base[i] = l.baseFen; cols.er[i] = l.employerFen; cols.ee[i] = l.employeeFen; cols.interest[i] = l.interestFen; cols.fee[i] = l.lateFeeFen;
    cols.type[i] = l.collectionType; cols.voucher[i] = l.voucherNo;
  });
  return refusingLocked(() => withTenant(deps.db, tenant.id, async (trx) => {
    await ensureMonth(trx, k);
    const where = { tenant_id: k.tenantId, entity_id: k.entityId, city_code: k.cityCode, month: k.month };
    await trx.deleteFrom('close_bills').where('tenant_id', '=', where.tenant_id).where('entity_id', '=', where.entity_id).where('city_code', '=', where.city_code).where('month', '=', where.month).execute();
    const bill = await trx.insertInto('close_bills').values({ ...where, source, line_count: n }).returning('id').executeTakeFirstOrThrow();
    await sql`insert into close_bill_lines (tenant_id, bill_id, line_no, entity_id, city_code, month, employee_id, person_name, id_number_masked, insurance,
        period_from, period_to, base_fen, employer_fen, employee_fen, interest_fen, late_fee_fen, collection_type, voucher_no)
      select ${k.tenantId}::uuid, ${bill.id}::uuid, u.ord::int, ${k.entityId}::uuid, ${k.cityCode}, ${k.month},
        coalesce(u.emp, (select e.id from employees e where e.tenant_id = ${k.tenantId} and e.id_number_index = u.idx order by e.hire_date desc limit 1)),
        u.name, u.mask, u.ins, u.pfrom, u.pto, u.base, u.er, u.ee, u.interest, u.fee, u.ctype, u.voucher
      from unnest(${cols.emp}::uuid[], ${cols.idx}::bytea[], ${cols.name}::text[], ${cols.mask}::text[], ${cols.ins}::text[], ${cols.from}::text[], ${cols.to}::text[],
        ${cols.base}::bigint[], ${cols.er}::bigint[], ${cols.ee}::bigint[], ${cols.interest}::bigint[], ${cols.fee}::bigint[], ${cols.type}::text[], ${cols.voucher}::text[])
        with ordinality as u(emp, idx, name, mask, ins, pfrom, pto, base, er, ee, interest, fee, ctype, voucher, ord)`.execute(trx);
    const unknown = await sql<{ n: string }>`select count(*) as n from close_bill_lines where tenant_id = ${k.tenantId} and bill_id = ${bill.id} and employee_id is null`.execute(trx);
    await clearMatch(trx, k);
    return { billId: bill.id, lines: n, unknownPeople: Number(unknown.rows[0]?.n ?? 0) };
  }, { actorId: actor?.id ?? null }));
}

/** Records payroll's deductions of the month (upsert per employee and insurance). */
export async function recordDeductions(
  db: Kysely<Database>,
  tenant: { id: string },
  actor: { id: string } | null,
  k: CloseKey,
  source: 'csv' | 'xlsx' | 'api',
  rows: readonly DeductionInput[],
  options: { replace?: boolean } = {},
): Promise<{ rows: number }> {
  checkKey(k);
  rows.forEach((r, i) => {
    if (!isUuid(r.employeeId)) throw closeInvalid(`rows[${i}].employeeId`, '员工编号无效', 'The employee reference is not valid');
    if (!(INSURANCES as readonly string[]).includes(r.insurance)) throw closeInvalid(`rows[${i}].insurance`, '险种无法识别', 'The insurance is not recognised');
    fen(r.employeeFen, `rows[${i}].employee`);
  });
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const k = `${r.employeeId}|${r.insurance}`;
    if (seen.has(k)) throw closeInvalid(`rows[${i}]`, '同一员工同一险种的扣款出现了两次', 'The same employee and insurance appear twice');
    seen.add(k);
  });
  return refusingLocked(() => withTenant(db, tenant.id, async (trx) => {
    await ensureMonth(trx, k);
    if (options.replace) {
      await trx.deleteFrom('close_deductions').where('tenant_id', '=', k.tenantId).where('entity_id', '=', k.entityId).where('city_code', '=', k.cityCode).where('month', '=', k.month).execute();
    }
    const known = await sql<{ n: string }>`select count(distinct e.id) as n from employees e where e.tenant_id = ${k.tenantId} and e.id = any(${rows.map((r) => r.employeeId)}::uuid[])`.execute(trx);
    const distinct = new Set(rows.map((r) => r.employeeId)).size;
    if (Number(known.rows[0]?.n ?? 0) !== distinct) throw closeInvalid('rows', '有扣款行的员工不在本企业', 'Some deduction rows name an employee who is not in this company');
    await sql`insert into close_deductions (tenant_id, entity_id, city_code, month, employee_id, insurance, employee_fen, source)
      select ${k.tenantId}::uuid, ${k.entityId}::uuid, ${k.cityCode}, ${k.month}, u.emp, u.ins, u.fen, ${source}
      from unnest(${rows.map((r) => r.employeeId)}::uuid[], ${rows.map((r) => r.insurance)}::text[], ${rows.map((r) => r.employeeFen)}::bigint[]) as u(emp, ins, fen)
      on conflict (tenant_id, entity_id, city_code, month, employee_id, insurance) do update set employee_fen = excluded.employee_fen, source = excluded.source, imported_at = now()`.execute(trx);
    await clearMatch(trx, k);
    return { rows: rows.length };
  }, { actorId: actor?.id ?? null }));
}
