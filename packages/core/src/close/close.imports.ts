import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { Insurance } from '@lianxu/policy';
import type { PersonalDataVault } from '../shared/index';
import { closeInvalid, vaultUnavailable } from './close.errors';
import { MONTH_RE } from './close.dates';
import { checkKey, recordBill, recordDeductions } from './close.inputs';
import { checkMapping, loadMapping, proposeMapping, saveMapping, type ColumnMapping, type MappingKind } from './close.import-mapping';
import { readImportTable, yuanCell, type ImportFormat, type ImportTable } from './close.import-table';
import type { CloseKey } from './close.match';
import type { BillLineInput, DeductionInput } from './close.types';
import { isUuid } from '../shared/index';

// Payroll's export (CSV or Excel) as the month's deductions, and the city's Excel bill (companies
// filing by hand) as the month's bill. Columns come from the mapping given with the file, else the
// tenant's saved one, else the one proposed from the headers; the mapping used is saved once the
// file is in. Every row is checked before anything is written; the first bad cell answers 400
// naming its row and column, and nothing is recorded (the write is one transaction).

export interface CloseImportDeps {
  db: Kysely<Database>;
  vault?: PersonalDataVault;
}

export interface CloseImported {
  rows: number;
  mapping: ColumnMapping;
  mappingSource: 'given' | 'saved' | 'proposed';
}

const DEDUCTED: Insurance[] = ['pension', 'medical', 'unemployment'];
const INSURANCE_WORDS: [RegExp, Insurance][] = [[/养老|pension/i, 'pension'], [/医疗|医保|medical/i, 'medical'], [/生育|maternity/i, 'maternity'], [/失业|unemployment/i, 'unemployment'], [/工伤|work.?injury/i, 'workInjury']];

async function mappingFor(deps: CloseImportDeps, tenantId: string, kind: MappingKind, t: ImportTable, given?: ColumnMapping): Promise<{ mapping: ColumnMapping; source: CloseImported['mappingSource'] }> {
  const saved = given ? null : await loadMapping(deps.db, tenantId, kind);
  const mapping = given ?? saved ?? proposeMapping(kind, t.headers);
  checkMapping(kind, mapping, t.headers);
  return { mapping, source: given ? 'given' : saved ? 'saved' : 'proposed' };
}

/** Employee ids by the blind index of each row's ID number; 400 naming the row for one not employed here. */
async function employeesByIdNumber(deps: CloseImportDeps, tenantId: string, cells: { line: number; idNumber: string }[], header: string): Promise<Map<number, string>> {
  if (!deps.vault) throw vaultUnavailable();
  const index = cells.map((c) => `\\x${deps.vault!.blindIndex(tenantId, c.idNumber.toUpperCase()).toString('hex')}`);
  const found = await withTenant(deps.db, tenantId, (trx) => sql<{ id: string; idx: string }>`select distinct on (id_number_index) id, encode(id_number_index, 'hex') as idx
    from employees where tenant_id = ${tenantId} and id_number_index = any(${index}::bytea[]) order by id_number_index, hire_date desc`.execute(trx));
  const byIndex = new Map(found.rows.map((r) => [`\\x${r.idx}`, r.id]));
  const out = new Map<number, string>();
  cells.forEach((c, i) => {
    const id = byIndex.get(index[i]!);
    if (!id) throw closeInvalid(`rows[${c.line}].${header}`, `第 ${c.line} 行“${header}”：本企业没有这个身份证号的员工`, `Row ${c.line}, “${header}”: no employee here has this ID number`);
    out.set(c.line, id);
  });
  return out;
}

/** Imports payroll's export of the month as its deductions (replacing the month's earlier ones). */
export async function importDeductions(deps: CloseImportDeps, tenant: { id: string }, actor: { id: string } | null, k: CloseKey, file: Uint8Array, format: ImportFormat, given?: ColumnMapping): Promise<CloseImported> {
  checkKey(k);
  const t = await readImportTable(file, format);
  const { mapping, source } = await mappingFor(deps, tenant.id, 'deductions', t, given);
  const idHeader = mapping.idNumber ?? mapping.employeeId!;
  let ids: Map<number, string>;
  if (mapping.idNumber) {
    ids = await employeesByIdNumber(deps, tenant.id, t.rows.map((r) => {
      const v = r.cells[idHeader]!;
      if (!/^\d{17}[\dXx]$/.test(v)) throw closeInvalid(`rows[${r.line}].${idHeader}`, `第 ${r.line} 行“${idHeader}”须为 18 位身份证号`, `Row ${r.line}, “${idHeader}”: must be an 18-character ID number`);
      return { line: r.line, idNumber: v };
    }), idHeader);
  } else {
    ids = new Map(t.rows.map((r) => {
      const v = r.cells[idHeader]!;
      if (!isUuid(v)) throw closeInvalid(`rows[${r.line}].${idHeader}`, `第 ${r.line} 行“${idHeader}”须为员工编号`, `Row ${r.line}, “${idHeader}”: must be an employee ID`);
      return [r.line, v];
    }));
  }
  const rows: DeductionInput[] = [];
  for (const r of t.rows) {
    for (const ins of DEDUCTED) {
      const header = mapping[ins];
      if (!header) continue;
      const fen = yuanCell(r.cells[header]!, r.line, header);
      if (fen === null) continue;
      if (fen < 0) throw closeInvalid(`rows[${r.line}].${header}`, `第 ${r.line} 行“${header}”不能为负数`, `Row ${r.line}, “${header}”: cannot be negative`);
      rows.push({ employeeId: ids.get(r.line)!, insurance: ins, employeeFen: fen });
    }
  }
  if (rows.length === 0) throw closeInvalid('file', '文件中没有扣款行', 'The file has no deduction rows');
  const recorded = await recordDeductions(deps.db, tenant, actor, k, format, rows, { replace: true });
  await withTenant(deps.db, tenant.id, (trx) => saveMapping(trx, tenant.id, actor?.id ?? null, 'deductions', mapping), { actorId: actor?.id ?? null });
  return { rows: recorded.rows, mapping, mappingSource: source };
}

function periodCell(v: string, line: number, header: string): string {
  const s = v.trim();
  const m = /^(\d{4})-?(\d{2})(-\d{2})?$/.exec(s);
  const month = m ? `${m[1]}-${m[2]}` : '';
  if (!MONTH_RE.test(month)) throw closeInvalid(`rows[${line}].${header}`, `第 ${line} 行“${header}”须为月份，例如 202409 或 2024-09`, `Row ${line}, “${header}”: must be a month such as 202409 or 2024-09`);
  return month;
}

/** Imports the city's Excel bill of the month (a company filing by hand) as the month's bill (replacing an earlier one). */
export async function importBill(deps: CloseImportDeps, tenant: { id: string }, actor: { id: string } | null, k: CloseKey, file: Uint8Array, format: ImportFormat, given?: ColumnMapping): Promise<CloseImported & { unknownPeople: number }> {
  checkKey(k);
  const t = await readImportTable(file, format);
  const { mapping, source } = await mappingFor(deps, tenant.id, 'bill', t, given);
  const cell = (r: ImportTable['rows'][number], field: string) => (mapping[field] ? r.cells[mapping[field]!]! : '');
  const money = (r: ImportTable['rows'][number], field: string, required: boolean) => {
    const fen = mapping[field] ? yuanCell(cell(r, field), r.line, mapping[field]!) : null;
    if (fen === null && required) throw closeInvalid(`rows[${r.line}].${mapping[field]}`, `第 ${r.line} 行“${mapping[field]}”不能为空`, `Row ${r.line}, “${mapping[field]}”: cannot be empty`);
    return fen ?? 0;
  };
  const lines: BillLineInput[] = t.rows.map((r) => {
    const idNumber = cell(r, 'idNumber');
    if (!/^\d{17}[\dXx]$/.test(idNumber)) throw closeInvalid(`rows[${r.line}].${mapping.idNumber}`, `第 ${r.line} 行“${mapping.idNumber}”须为 18 位身份证号`, `Row ${r.line}, “${mapping.idNumber}”: must be an 18-character ID number`);
    const insWord = cell(r, 'insurance');
    const insurance = INSURANCE_WORDS.find(([p]) => p.test(insWord))?.[1];
    if (!insurance) throw closeInvalid(`rows[${r.line}].${mapping.insurance}`, `第 ${r.line} 行“${mapping.insurance}”无法识别险种“${insWord}”`, `Row ${r.line}, “${mapping.insurance}”: the insurance “${insWord}” is not recognised`);
    const personName = cell(r, 'personName');
    if (personName === '' || personName.length > 60) throw closeInvalid(`rows[${r.line}].${mapping.personName}`, `第 ${r.line} 行“${mapping.personName}”须为 1 到 60 个字符`, `Row ${r.line}, “${mapping.personName}”: must have 1 to 60 characters`);
    const periodFrom = periodCell(cell(r, 'periodFrom'), r.line, mapping.periodFrom!);
    const periodTo = mapping.periodTo ? periodCell(cell(r, 'periodTo'), r.line, mapping.periodTo) : periodFrom;
    if (periodFrom > periodTo) throw closeInvalid(`rows[${r.line}].${mapping.periodTo}`, `第 ${r.line} 行费款所属期起晚于止`, `Row ${r.line}: the contribution period starts after it ends`);
    const base = money(r, 'base', true);
    if (base < 0) throw closeInvalid(`rows[${r.line}].${mapping.base}`, `第 ${r.line} 行“${mapping.base}”不能为负数`, `Row ${r.line}, “${mapping.base}”: cannot be negative`);
    return {
      idNumber: idNumber.toUpperCase(), personName, insurance, periodFrom, periodTo, baseFen: base,
      employerFen: money(r, 'employer', true), employeeFen: money(r, 'employee', true), interestFen: Math.max(0, money(r, 'interest', false)), lateFeeFen: Math.max(0, money(r, 'lateFee', false)),
      collectionType: (cell(r, 'collectionType') || '正常应缴').slice(0, 40), voucherNo: cell(r, 'voucherNo').slice(0, 40) || null,
    };
  });
  if (lines.length === 0) throw closeInvalid('file', '文件中没有账单行', 'The file has no bill lines');
  const recorded = await recordBill(deps, tenant, actor, k, 'excel', lines);
  await withTenant(deps.db, tenant.id, (trx) => saveMapping(trx, tenant.id, actor?.id ?? null, 'bill', mapping), { actorId: actor?.id ?? null });
  return { rows: recorded.lines, unknownPeople: recorded.unknownPeople, mapping, mappingSource: source };
}
