import ExcelJS from 'exceljs';
import { cellFromValue, valueFromCell } from '../custom-fields/index';
import type { CustomFieldDefinition } from '../custom-fields/index';
import type { LocalizedText } from '../shared/index';
import { excelCellText } from '../shared/index';

// The employee list as an Excel workbook, both ways: the export writes one column per core field
// and per custom field marked for export, headed "中文 English"; the import finds columns by either
// label (or the whole header) and maps them back, so an exported file can be edited and imported.

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows one import may carry. */
export const MAX_IMPORT_ROWS = 5000;

/**
 * Core columns in export order; `key` is the import's name for the column. `formerly`: the header a
 * file exported before a rename carries, still read by the import, never written.
 */
export const CORE_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', width: 14 },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', width: 22 },
  { key: 'mobile', zh: '手机', en: 'Mobile', width: 14 },
  { key: 'hukou', zh: '户籍', en: 'Hukou', width: 10 },
  { key: 'entityName', zh: '用工主体', en: 'Entity', width: 30 },
  { key: 'workCity', zh: '工作城市', en: 'City', width: 10 },
  { key: 'hireDate', zh: '入职日期', en: 'Hire date', width: 12 },
  { key: 'terminationDate', zh: '最后工作日', en: 'Last working day', width: 12, formerly: { zh: '离职日期', en: 'Termination' } },
  { key: 'status', zh: '状态', en: 'Status', width: 11 },
  { key: 'monthlyWage', zh: '月工资（元）', en: 'Monthly wage', width: 14 },
  // Matches a row to its employee when the ID number is masked, as it is in every export.
  { key: 'employeeId', zh: '员工编号', en: 'Employee ID', width: 38 },
] as const;
export type CoreColumn = (typeof CORE_COLUMNS)[number]['key'];

export interface ExportRow {
  id: string;
  name: string;
  idNumberMasked: string;
  mobile: string;
  hukou: string;
  entityName: string;
  workCity: string;
  hireDate: string;
  terminationDate: string | null;
  status: string;
  monthlyWage: string;
  /** Stored values (deleted fields' values are never exported: only `fields` are). */
  customFields: Record<string, unknown>;
}

const header = (zh: string, en: string) => `${zh} ${en}`;

/** Writes the workbook: core columns, then the custom fields marked for export, in display order. */
/** A column a plugin adds to the export (employeeListColumns): header and the value per employee id. */
export interface ExtraExportColumn {
  pluginId: string;
  key: string;
  label: { 'zh-CN': string; en: string };
  values: Record<string, string | number | null>;
}

export async function buildEmployeeWorkbook(rows: ExportRow[], definitions: readonly CustomFieldDefinition[], extra: readonly ExtraExportColumn[] = []): Promise<Uint8Array> {
  const fields = definitions.filter((d) => d.showIn.export);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lianxu';
  const sheet = workbook.addWorksheet('员工 Employees');
  sheet.columns = [
    ...CORE_COLUMNS.map((c) => ({ header: header(c.zh, c.en), key: c.key, width: c.width })),
    ...fields.map((d) => ({ header: header(d.labels['zh-CN'], d.labels.en), key: `cf.${d.key}`, width: 16 })),
    ...extra.map((x) => ({ header: header(x.label['zh-CN'], x.label.en), key: `plugin.${x.pluginId}.${x.key}`, width: 16 })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, unknown> = {
      name: r.name,
      idNumber: r.idNumberMasked,
      mobile: r.mobile,
      hukou: r.hukou,
      entityName: r.entityName,
      workCity: r.workCity,
      hireDate: r.hireDate,
      terminationDate: r.terminationDate ?? '',
      status: r.status,
      monthlyWage: r.monthlyWage,
      employeeId: r.id,
    };
    for (const d of fields) values[`cf.${d.key}`] = cellFromValue(d, r.customFields[d.key]);
    for (const x of extra) values[`plugin.${x.pluginId}.${x.key}`] = x.values[r.id] ?? '';
    sheet.addRow(values);
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** One data row of an import: its row number in the sheet (header = 1), core cells as text and custom field values. */
export interface ImportRow {
  row: number;
  core: Partial<Record<CoreColumn, string>>;
  /** Values by key, read with the field's type (choice labels and 是/否 turned into values); empty cells left out. */
  customFields: Record<string, unknown>;
}

export interface ReadWorkbook {
  rows: ImportRow[];
  /** The header of each mapped column, for naming problems: core key or `cf.<key>` → header text. */
  headers: Record<string, string>;
  /** Problems of the file itself (`file`, `columns.<header>`). */
  problems: Record<string, LocalizedText>;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const msg = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });


/** Reads an uploaded workbook's first sheet, mapping each header to a core column or a custom field. */
export async function readEmployeeWorkbook(content: Uint8Array, definitions: readonly CustomFieldDefinition[]): Promise<ReadWorkbook> {
  const problems: Record<string, LocalizedText> = {};
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as never);
  } catch {
    return { rows: [], headers: {}, problems: { file: msg('不是有效的 Excel（.xlsx）文件', 'is not a valid Excel (.xlsx) file') } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount < 1) return { rows: [], headers: {}, problems: { file: msg('文件是空的', 'the file is empty') } };

  const names = new Map<string, string>();
  for (const c of CORE_COLUMNS) {
    const former = 'formerly' in c ? [header(c.formerly.zh, c.formerly.en), c.formerly.zh, c.formerly.en] : [];
    for (const n of [header(c.zh, c.en), c.zh, c.en, c.key, ...former]) names.set(norm(n), c.key);
  }
  for (const d of definitions) for (const n of [header(d.labels['zh-CN'], d.labels.en), d.labels['zh-CN'], d.labels.en, d.key]) names.set(norm(n), `cf.${d.key}`);

  const columns = new Map<number, string>();
  const headers: Record<string, string> = {};
  sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = excelCellText(cell.value as ExcelJS.CellValue).trim();
    if (!text) return;
    const target = names.get(norm(text));
    if (!target) problems[`columns.${text}`] = msg('不是员工字段，也不是现有的自定义字段', 'is neither an employee column nor a current custom field');
    else if (headers[target]) problems[`columns.${text}`] = msg(`与“${headers[target]}”是同一列`, `is the same column as "${headers[target]}"`);
    else {
      columns.set(col, target);
      headers[target] = text;
    }
  });

  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const rows: ImportRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const out: ImportRow = { row: number, core: {}, customFields: {} };
    let any = false;
    for (const [col, target] of columns) {
      const raw = row.getCell(col).value;
      if (target.startsWith('cf.')) {
        const value = valueFromCell(byKey.get(target.slice(3))!, raw);
        if (value !== undefined) {
          out.customFields[target.slice(3)] = value;
          any = true;
        }
      } else {
        const text = excelCellText(raw as ExcelJS.CellValue).trim();
        if (text) {
          out.core[target as CoreColumn] = text;
          any = true;
        }
      }
    }
    if (any) rows.push(out);
  });
  if (rows.length > MAX_IMPORT_ROWS) problems.file = msg(`一次最多导入 ${MAX_IMPORT_ROWS} 行`, `at most ${MAX_IMPORT_ROWS} rows per import`);
  if (!rows.length && !Object.keys(problems).length) problems.file = msg('文件里没有数据行', 'the file has no data rows');
  return { rows, headers, problems };
}
