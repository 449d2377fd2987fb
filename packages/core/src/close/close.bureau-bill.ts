import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { BureauRefusedError, BureauUnavailableError, type BureauBillSource } from '../filing/index';
import { DomainError, type PersonalDataVault } from '../shared/index';
import { closeConflict, closeNotFound } from './close.errors';
import { tenantCutoffDay } from './close.dates';
import { checkKey, recordBill } from './close.inputs';
import type { CloseKey } from './close.match';
import type { BillLineInput, CloseActor, CloseTenant } from './close.types';

// The bureau's bill of the month fetched through the gateway and recorded as the month's bill lines
// (source 'gateway'), with the tax e-voucher numbers (税票号) the bureau gives once paid. The
// employer is the entity's credit code; the entity must be registered with the city's social-
// insurance bureau through the bureau gateway (a company filing by hand imports the city's Excel
// bill instead). Nothing is written unless the whole bill is read and recorded (one transaction).

export interface BureauBillImportDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  bureau: BureauBillSource;
}

export interface BureauBillImported {
  billId: string;
  lines: number;
  unknownPeople: number;
  /** Whether the bureau reports the month paid, and how many lines carry a voucher number. */
  paid: boolean;
  withVoucher: number;
}

/** importBureauBill bound to its dependencies, as the API takes it. */
export type CloseBureauBillFetch = (tenant: CloseTenant, actor: CloseActor | null, k: CloseKey) => Promise<BureauBillImported>;

const SOCIAL = new Set(['pension', 'medical', 'maternity', 'unemployment', 'workInjury']);

async function employerOf(db: Kysely<Database>, tenant: CloseTenant, k: CloseKey): Promise<string> {
  const row = await withTenant(db, tenant.id, (trx) => trx.selectFrom('entities as en')
    .leftJoin('entity_registrations as r', (j) => j.onRef('r.tenant_id', '=', 'en.tenant_id').onRef('r.entity_id', '=', 'en.id')
      .on('r.city_code', '=', k.cityCode).on('r.agency', '=', 'social_insurance'))
    .select(['en.credit_code', 'r.gateway']).where('en.tenant_id', '=', tenant.id).where('en.id', '=', k.entityId).executeTakeFirst());
  if (!row) throw closeNotFound('entity');
  if (!row.gateway) {
    throw closeConflict('not_registered', `该用工主体在 ${k.cityCode} 没有社保登记，无法获取账单`, `The entity has no social-insurance registration in ${k.cityCode}, so there is no bill to fetch`);
  }
  if (row.gateway !== 'bureau-sim') {
    throw closeConflict('filing_by_hand', '该用工主体在本市通过经办大厅/网厅手工申报，请导入该市的 Excel 账单', 'The entity files by hand in this city: import the city’s Excel bill instead');
  }
  return row.credit_code;
}

/**
 * Fetches the entity's bill for the city and month from the bureau and records it as the month's
 * bill (replacing an earlier one). 4xx naming the field for a bad key, 404 for another tenant's
 * entity, 409 for a locked month or an entity the bureau does not bill, 502/503 when the bureau
 * cannot give the bill (nothing written).
 *
 * @example
 * const r = await importBureauBill({ db, vault, bureau }, tenant, actor, { tenantId, entityId, cityCode: '110100', month: '2024-09' });
 */
export async function importBureauBill(deps: BureauBillImportDeps, tenant: CloseTenant, actor: CloseActor | null, k: CloseKey): Promise<BureauBillImported> {
  checkKey(k);
  const employerCode = await employerOf(deps.db, tenant, k);
  // The bureau counts back-payment late fees from the same due date as the close: the tenant's cut-off day.
  const paymentDay = await withTenant(deps.db, tenant.id, (trx) => tenantCutoffDay(trx, tenant.id, k.cityCode));
  let bill;
  try {
    bill = await deps.bureau.bill(k.cityCode, employerCode, k.month, paymentDay);
  } catch (error) {
    if (error instanceof BureauUnavailableError) {
      throw new DomainError(503, 'bureau_unavailable', { 'zh-CN': '社保经办平台暂时无法提供账单，请稍后重试', en: 'The bureau cannot give the bill right now; try again later' });
    }
    if (error instanceof BureauRefusedError) {
      throw new DomainError(502, 'bureau_refused', { 'zh-CN': `社保经办平台拒绝了账单查询：${error.message}`, en: `The bureau refused the bill request: ${error.message}` });
    }
    throw error;
  }
  const lines: BillLineInput[] = bill.lines.filter((l) => SOCIAL.has(l.insurance)).map((l) => ({
    idNumber: l.idNumber, personName: l.personName, insurance: l.insurance, periodFrom: l.periodFrom, periodTo: l.periodTo,
    baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: l.interestFen, lateFeeFen: l.lateFeeFen,
    collectionType: l.collectionType || '正常应缴', voucherNo: l.voucherNo,
  }));
  const recorded = await recordBill(deps, tenant, actor, k, 'gateway', lines);
  return { ...recorded, paid: bill.paid, withVoucher: lines.filter((l) => l.voucherNo !== null).length };
}
