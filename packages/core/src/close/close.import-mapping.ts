import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { LocalizedText } from '../shared/index';
import { CloseError, closeInvalid } from './close.errors';

// Which column of payroll's export (or of the city's Excel bill) holds what, per tenant: proposed
// from the headers the first time, saved once it imported, reused the next month. A saved mapping
// whose column is missing from a later file is named in the 400, not silently re-proposed.

export type MappingKind = 'deductions' | 'bill';
/** field -> column header */
export type ColumnMapping = Record<string, string>;

interface FieldRule {
  field: string;
  /** Header patterns, best first. */
  patterns: RegExp[];
  required?: boolean;
}

export const MAPPING_FIELDS: Record<MappingKind, FieldRule[]> = {
  deductions: [
    { field: 'idNumber', patterns: [/身份证|证件号/, /id.?(number|card)/i] },
    { field: 'employeeId', patterns: [/员工编号|员工ID/i, /employee.?id/i] },
    { field: 'pension', patterns: [/养老.*(个人|代扣)/, /养老/, /pension/i] },
    { field: 'medical', patterns: [/医疗.*(个人|代扣)/, /医疗|医保/, /medical/i] },
    { field: 'unemployment', patterns: [/失业.*(个人|代扣)/, /失业/, /unemployment/i] },
  ],
  bill: [
    { field: 'idNumber', patterns: [/身份证|证件号/, /id.?(number|card)/i], required: true },
    { field: 'personName', patterns: [/^姓名$|姓名/, /name/i], required: true },
    { field: 'insurance', patterns: [/险种/, /insurance/i], required: true },
    { field: 'periodFrom', patterns: [/所属期.*起|起始/, /所属期|费款所属/, /period.?from/i], required: true },
    { field: 'periodTo', patterns: [/所属期.*止|终止/, /period.?to/i] },
    { field: 'base', patterns: [/缴费基数|基数/, /base/i], required: true },
    { field: 'employer', patterns: [/单位.*(缴|金额)|单位/, /employer/i], required: true },
    { field: 'employee', patterns: [/个人.*(缴|金额)|个人/, /employee/i], required: true },
    { field: 'interest', patterns: [/利息/, /interest/i] },
    { field: 'lateFee', patterns: [/滞纳金/, /late.?fee/i] },
    { field: 'collectionType', patterns: [/征收类型|缴费类型/, /collection/i] },
    { field: 'voucherNo', patterns: [/税票|凭证/, /voucher/i] },
  ],
};

/** The mapping proposed from a file's headers (each header used once, best pattern first). */
export function proposeMapping(kind: MappingKind, headers: readonly string[]): ColumnMapping {
  const used = new Set<string>();
  const mapping: ColumnMapping = {};
  for (const rule of MAPPING_FIELDS[kind]) {
    for (const p of rule.patterns) {
      const h = headers.find((x) => x !== '' && !used.has(x) && p.test(x));
      if (h) {
        mapping[rule.field] = h;
        used.add(h);
        break;
      }
    }
  }
  return mapping;
}

/** Checks a mapping's shape (known fields, header names) and, with headers, that each mapped column is in the file. */
export function checkMapping(kind: MappingKind, mapping: ColumnMapping, headers?: readonly string[]): void {
  const fields = new Set(MAPPING_FIELDS[kind].map((r) => r.field));
  const absent: Record<string, LocalizedText> = {};
  for (const [field, header] of Object.entries(mapping)) {
    if (!fields.has(field)) throw closeInvalid(`mapping.${field}`, `无法识别的字段“${field}”`, `Unknown field “${field}”`);
    if (typeof header !== 'string' || header.trim() === '' || header.length > 100) throw closeInvalid(`mapping.${field}`, '列名须为 1 到 100 个字符', 'The column name must have 1 to 100 characters');
    if (headers && !headers.includes(header)) {
      absent[`columns.${header}`] = { 'zh-CN': `文件中没有“${header}”列（${field} 映射到该列），请调整列映射`, en: `The file has no column “${header}” (mapped to ${field}): change the column mapping` };
    }
  }
  // Every mapped column the file lacks, named at once.
  if (Object.keys(absent).length > 0) throw new CloseError(400, 'validation_failed', { 'zh-CN': '文件的列与保存的列映射不符', en: 'The file’s columns do not match the saved column mapping' }, absent);
  for (const rule of MAPPING_FIELDS[kind]) {
    if (rule.required && !mapping[rule.field]) throw closeInvalid(`mapping.${rule.field}`, `请指定“${rule.field}”对应的列`, `Map a column to “${rule.field}”`);
  }
  if (kind === 'deductions') {
    if (!mapping.idNumber && !mapping.employeeId) throw closeInvalid('mapping.idNumber', '请指定身份证号或员工编号所在的列', 'Map the column holding the ID number or the employee ID');
    if (!['pension', 'medical', 'unemployment'].some((f) => mapping[f])) throw closeInvalid('mapping.pension', '请至少指定一个险种的个人扣款列', 'Map at least one insurance’s deduction column');
  }
}

const table = (kind: MappingKind) => (kind === 'deductions' ? 'deduction_mappings' as const : 'close_bill_mappings' as const);

export async function loadMapping(db: Kysely<Database>, tenantId: string, kind: MappingKind): Promise<ColumnMapping | null> {
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom(table(kind)).select('columns').where('tenant_id', '=', tenantId).executeTakeFirst());
  return row?.columns ?? null;
}

/** Saves the tenant's mapping in the caller's tenant transaction (or its own). */
export async function saveMapping(trx: Kysely<Database>, tenantId: string, actorId: string | null, kind: MappingKind, mapping: ColumnMapping): Promise<void> {
  checkMapping(kind, mapping);
  const columns = JSON.stringify(mapping);
  await trx.insertInto(table(kind)).values({ tenant_id: tenantId, columns, updated_by: actorId })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ columns, updated_by: actorId, updated_at: new Date() })).execute();
}

export async function putMapping(db: Kysely<Database>, tenantId: string, actorId: string | null, kind: MappingKind, mapping: ColumnMapping): Promise<ColumnMapping> {
  await withTenant(db, tenantId, (trx) => saveMapping(trx, tenantId, actorId, kind, mapping), { actorId });
  return mapping;
}
