import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { isRealDate, isUuid, normalizeText, textProblem, type Localized } from '@lianxu/plugin-sdk';
import { parseHours } from './overtime.rules';

/** The columns of an attendance file; headers may be Chinese or English. */
export const ATTENDANCE_COLUMNS = ['employee_id', 'mobile', 'date', 'regular_hours', 'overtime_hours', 'shift'] as const;
export type AttendanceColumn = (typeof ATTENDANCE_COLUMNS)[number];

const HEADER_ALIASES: Record<string, AttendanceColumn> = {
  employee_id: 'employee_id',
  employeeid: 'employee_id',
  员工id: 'employee_id',
  员工编号: 'employee_id',
  mobile: 'mobile',
  手机号: 'mobile',
  手机: 'mobile',
  date: 'date',
  work_date: 'date',
  日期: 'date',
  出勤日期: 'date',
  regular_hours: 'regular_hours',
  regularhours: 'regular_hours',
  正常工时: 'regular_hours',
  标准工时: 'regular_hours',
  overtime_hours: 'overtime_hours',
  overtimehours: 'overtime_hours',
  加班工时: 'overtime_hours',
  加班时数: 'overtime_hours',
  shift: 'shift',
  班次: 'shift',
};

/** Largest file accepted, in data rows (a month of a 300-person plant is ~9,000). */
export const MAX_ROWS = 20_000;

/** One data row as read: its row number in the file (header = 1) and its raw cells by column. */
export interface RawRow {
  row: number;
  cells: Partial<Record<AttendanceColumn, unknown>>;
}

/** A problem at a row and column; `row` 0 is the file itself (header, size). */
export interface RowProblem {
  row: number;
  column: string;
  message: Localized;
}

export interface CheckedRow {
  row: number;
  employeeId: string | null;
  mobile: string | null;
  date: string;
  regularCenti: number;
  overtimeCenti: number;
  shift: string | null;
}

const msg = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

function headerColumn(text: unknown): AttendanceColumn | undefined {
  const key = String(text ?? '').trim().toLowerCase().replace(/[\s（）()]/g, '').replace(/-/g, '_');
  return HEADER_ALIASES[key];
}

/** Maps a header row to column positions; problems for missing required columns. */
function mapHeader(header: unknown[]): { positions: Map<AttendanceColumn, number>; problems: RowProblem[] } {
  const positions = new Map<AttendanceColumn, number>();
  header.forEach((h, i) => {
    const column = headerColumn(h);
    if (column && !positions.has(column)) positions.set(column, i);
  });
  const problems: RowProblem[] = [];
  if (!positions.has('employee_id') && !positions.has('mobile')) {
    problems.push({ row: 0, column: 'header.employee_id', message: msg('缺少“员工ID”或“手机号”列', 'missing column employee_id (员工ID) or mobile (手机号)') });
  }
  for (const [column, zh] of [['date', '日期'], ['regular_hours', '正常工时']] as const) {
    if (!positions.has(column)) problems.push({ row: 0, column: `header.${column}`, message: msg(`缺少“${zh}”列`, `missing column ${column} (${zh})`) });
  }
  return { positions, problems };
}

function toRows(records: { row: number; values: unknown[] }[]): { rows: RawRow[]; problems: RowProblem[] } {
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ row: 0, column: 'file', message: msg('文件是空的', 'the file is empty') }] };
  const { positions, problems } = mapHeader(header.values);
  if (problems.length) return { rows: [], problems };
  const rows = data
    .filter((r) => r.values.some((v) => v !== null && v !== undefined && String(v).trim() !== ''))
    .map((r) => ({ row: r.row, cells: Object.fromEntries([...positions].map(([column, i]) => [column, r.values[i]])) as RawRow['cells'] }));
  if (!rows.length) return { rows, problems: [{ row: 0, column: 'file', message: msg('文件里没有数据行', 'the file has no data rows') }] };
  if (rows.length > MAX_ROWS) return { rows: [], problems: [{ row: 0, column: 'file', message: msg(`一次最多导入 ${MAX_ROWS} 行`, `at most ${MAX_ROWS} rows per import`) }] };
  return { rows, problems: [] };
}

/** Reads a CSV file (UTF-8, with or without BOM); row numbers are the file's line numbers. */
export function readCsv(content: Buffer | string): { rows: RawRow[]; problems: RowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ row: line, column: 'file', message: msg('不是有效的 CSV 文件', `not a valid CSV file: ${(error as Error).message}`) }] };
  }
  return toRows(records.map((r) => ({ row: r.info.lines, values: r.record })));
}

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return value;
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value) return value.text;
  if ('error' in value) return null;
  return null;
}

/** Reads the first sheet of an .xlsx file; row numbers are the sheet's. */
export async function readXlsx(content: Buffer): Promise<{ rows: RawRow[]; problems: RowProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch (error) {
    return { rows: [], problems: [{ row: 0, column: 'file', message: msg('不是有效的 Excel（.xlsx）文件', `not a valid .xlsx file: ${(error as Error).message}`) }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], problems: [{ row: 0, column: 'file', message: msg('文件里没有工作表', 'the workbook has no sheet') }] };
  const records: { row: number; values: unknown[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // ExcelJS row.values is 1-based (index 0 empty).
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue);
    records.push({ row: rowNumber, values });
  });
  return toRows(records);
}


/** A date cell: a spreadsheet date (its calendar day), YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D. */
function dateText(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.trim());
  if (!m) return null;
  const text = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isRealDate(text) ? text : null;
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/**
 * Checks each row on its own (shapes, ranges, duplicates in the file). Whether the employee exists
 * and was employed that day is checked against the database when writing.
 */
export function checkRows(rows: RawRow[], today: string): { rows: CheckedRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const checked: CheckedRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const before = problems.length;
    const add = (column: string, zh: string, en: string) => problems.push({ row, column, message: msg(zh, en) });
    const employeeId = textOf(cells.employee_id) || null;
    const mobile = textOf(cells.mobile).replace(/[\s-]/g, '') || null;
    if (employeeId && !isUuid(employeeId)) add('employee_id', '员工ID格式不正确', 'not an employee id');
    if (!employeeId && !mobile) add('employee_id', '请填写员工ID或手机号', 'give the employee id or the mobile number');
    if (!employeeId && mobile && !/^1[3-9]\d{9}$/.test(mobile)) add('mobile', '手机号应为 11 位中国大陆手机号', 'must be an 11-digit mainland China mobile number');
    const date = dateText(cells.date);
    if (!date) add('date', '日期无效，应为 YYYY-MM-DD', 'not a date (YYYY-MM-DD)');
    else if (date > today) add('date', '不能录入未来日期的出勤', 'is in the future');
    else if (date < '2000-01-01') add('date', '日期过早', 'is before 2000');
    const regular = parseHours(typeof cells.regular_hours === 'string' ? cells.regular_hours.trim() || null : cells.regular_hours);
    if (regular === null) add('regular_hours', '正常工时应为 0 到 24 之间的数字（最多两位小数）', 'must be hours between 0 and 24 with at most two decimals');
    const overtimeRaw = textOf(cells.overtime_hours) === '' ? 0 : cells.overtime_hours;
    const overtime = parseHours(overtimeRaw);
    if (overtime === null) add('overtime_hours', '加班工时应为 0 到 24 之间的数字（最多两位小数）', 'must be hours between 0 and 24 with at most two decimals');
    if (regular !== null && overtime !== null && regular + overtime > 2400) add('overtime_hours', '一天的正常工时与加班工时合计不能超过 24 小时', 'regular and overtime hours of a day add up to more than 24');
    // The shift name follows the SDK's text rule (well-formed, no NUL or control characters, NFC).
    const shiftText = cells.shift === null || cells.shift === undefined ? '' : String(cells.shift);
    const shiftProblem = textProblem(shiftText, { max: 20, min: 0 });
    if (shiftProblem) add('shift', shiftProblem['zh-CN'], shiftProblem.en);
    const shift = shiftProblem ? null : normalizeText(shiftText) || null;
    if (date && (employeeId || mobile)) {
      const key = `${employeeId ?? mobile}|${date}`;
      const first = seen.get(key);
      if (first !== undefined) add('date', `与第 ${first} 行重复（同一员工同一天）`, `duplicates row ${first} (same employee and day)`);
      else seen.set(key, row);
    }
    if (problems.length === before) {
      checked.push({ row, employeeId: employeeId?.toLowerCase() ?? null, mobile: employeeId ? null : mobile, date: date!, regularCenti: regular!, overtimeCenti: overtime!, shift });
    }
  }
  return { rows: checked, problems };
}
