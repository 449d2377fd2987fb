import { parseYuanToFen } from '@lianxu/policy/money';
import type { BillLine, DeductionRow, Insurance } from './close.api';

// The bureau's bill and payroll's deductions as HR has them: a CSV file or cells pasted from a
// spreadsheet (tab-separated), with Chinese or English headers and amounts in yuan. The API takes
// JSON lines in fen; this turns the text into them, or says which line and column is wrong.
// Problems are codes, shown in the user's language by the page.

export type BillColumn =
  | 'idNumber' | 'employeeId' | 'personName' | 'insurance' | 'periodFrom' | 'periodTo' | 'base' | 'employer' | 'employee'
  | 'interest' | 'lateFee' | 'collectionType' | 'voucherNo';
export type DeductionColumn = 'employeeId' | 'personName' | 'insurance' | 'deducted';
export type CsvColumn = BillColumn | DeductionColumn;

export type CsvProblemCode = 'empty' | 'missing_column' | 'required' | 'person' | 'insurance' | 'month' | 'amount' | 'unknown_employee' | 'ambiguous_employee' | 'duplicate';

/** What is wrong where: `line` is the line of the text (the header is line 1), 0 for the whole text. */
export interface CsvProblem {
  line: number;
  column?: CsvColumn;
  code: CsvProblemCode;
}

export interface Parsed<T> {
  items: T[];
  /** The text's line of each item (for the API's `lines.<i>` field errors). */
  lines: number[];
  problems: CsvProblem[];
}

// Header names HR meets in the bureau's and payroll's exports, compared without spaces and case.
const BILL_HEADERS: Record<BillColumn, readonly string[]> = {
  idNumber: ['身份证号', '身份证号码', '证件号码', '公民身份号码', 'idnumber', 'id'],
  employeeId: ['员工编号', '员工id', 'employeeid'],
  personName: ['姓名', 'name', 'personname'],
  insurance: ['险种', '险种类型', 'insurance'],
  periodFrom: ['费款所属期起', '所属期起', 'periodfrom', 'from'],
  periodTo: ['费款所属期止', '所属期止', 'periodto', 'to'],
  base: ['缴费基数', '基数', 'base'],
  employer: ['单位缴费', '单位应缴', '单位缴纳', 'employer'],
  employee: ['个人缴费', '个人应缴', '个人缴纳', 'employee'],
  interest: ['利息', 'interest'],
  lateFee: ['滞纳金', 'latefee'],
  collectionType: ['征收类型', '征收类别', 'collectiontype'],
  voucherNo: ['税票号', '缴款凭证号', '电子缴款凭证号', 'voucherno', 'voucher'],
};
const DEDUCTION_HEADERS: Record<DeductionColumn, readonly string[]> = {
  employeeId: BILL_HEADERS.employeeId,
  personName: BILL_HEADERS.personName,
  insurance: BILL_HEADERS.insurance,
  deducted: ['个人扣款', '扣款', '代扣金额', '个人缴费', 'deducted', 'deduction', 'employee'],
};

const INSURANCE_NAMES: Record<Insurance, readonly string[]> = {
  pension: ['pension', '养老', '养老保险', '基本养老保险', '企业职工基本养老保险'],
  medical: ['medical', '医疗', '医疗保险', '基本医疗保险', '职工基本医疗保险'],
  maternity: ['maternity', '生育', '生育保险'],
  unemployment: ['unemployment', '失业', '失业保险'],
  workInjury: ['workinjury', '工伤', '工伤保险'],
  housingFund: ['housingfund', '公积金', '住房公积金'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const norm = (s: string) => s.replace(/[\s_\-（）()]/g, '').toLowerCase();

/** The insurance a bill names (养老保险, pension, Work injury…), or undefined. */
export function insuranceOf(text: string): Insurance | undefined {
  const name = norm(text);
  return (Object.keys(INSURANCE_NAMES) as Insurance[]).find((code) => INSURANCE_NAMES[code].some((n) => norm(n) === name));
}

/** "2026-03", "2026/3", "202603", "2026年3月" -> "2026-03"; undefined otherwise. */
export function monthOf(text: string): string | undefined {
  const m = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$/.exec(text.trim());
  if (!m) return undefined;
  const month = `${m[1]}-${(m[2] ?? m[3])!.padStart(2, '0')}`;
  return MONTH.test(month) ? month : undefined;
}

/** "1,234.56", "-0.01", "¥12" (yuan) -> fen; undefined for an empty cell, NaN for anything else. */
export function fenOf(text: string): number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const negative = /^-/.test(value);
  const fen = parseYuanToFen(negative ? value.slice(1) : value);
  if (fen === null) return Number.NaN;
  return negative ? -fen : fen;
}

/** RFC 4180 CSV, or tab-separated cells pasted from a spreadsheet; a leading BOM is dropped. Each row keeps its line number. */
export function parseTable(text: string): { line: number; cells: string[] }[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) cells.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      rowLine = ++line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows.filter((r) => r.cells.some((v) => v.trim() !== '')).map((r) => ({ line: r.line, cells: r.cells.map((v) => v.trim()) }));
}

function columnsOf<C extends string>(header: readonly string[], names: Record<C, readonly string[]>): Partial<Record<C, number>> {
  const found: Partial<Record<C, number>> = {};
  header.forEach((label, index) => {
    const key = (Object.keys(names) as C[]).find((c) => found[c] === undefined && names[c].some((n) => norm(n) === norm(label)));
    if (key) found[key] = index;
  });
  return found;
}

/**
 * The bureau's bill of `month` as the API's lines. Each line names the person by ID number or by
 * Lianxu's employee id; the contribution period defaults to the month, interest and late fee to 0,
 * the collection type to 正常应缴 (a regular line).
 */
export function parseBill(text: string, month: string): Parsed<BillLine> {
  const table = parseTable(text);
  const out: Parsed<BillLine> = { items: [], lines: [], problems: [] };
  if (table.length < 2) return { ...out, problems: [{ line: 0, code: 'empty' }] };
  const col = columnsOf(table[0]!.cells, BILL_HEADERS);
  for (const required of ['personName', 'insurance', 'base', 'employer', 'employee'] as const) {
    if (col[required] === undefined) out.problems.push({ line: table[0]!.line, column: required, code: 'missing_column' });
  }
  if (col.idNumber === undefined && col.employeeId === undefined) out.problems.push({ line: table[0]!.line, column: 'idNumber', code: 'missing_column' });
  if (out.problems.length) return out;
  for (const { line, cells } of table.slice(1)) {
    const cell = (c: BillColumn) => (col[c] === undefined ? '' : (cells[col[c]!] ?? ''));
    const problem = (column: BillColumn, code: CsvProblemCode) => out.problems.push({ line, column, code });
    const before = out.problems.length;
    const employeeId = cell('employeeId');
    const idNumber = cell('idNumber').toUpperCase();
    if (employeeId && !UUID.test(employeeId)) problem('employeeId', 'person');
    if (!employeeId && !/^\d{17}[\dX]$/.test(idNumber)) problem('idNumber', idNumber ? 'person' : 'required');
    const personName = cell('personName');
    if (!personName) problem('personName', 'required');
    const insurance = insuranceOf(cell('insurance'));
    if (!insurance) problem('insurance', cell('insurance') ? 'insurance' : 'required');
    const periodFrom = cell('periodFrom') ? monthOf(cell('periodFrom')) : month;
    const periodTo = cell('periodTo') ? monthOf(cell('periodTo')) : (periodFrom ?? month);
    if (!periodFrom) problem('periodFrom', 'month');
    if (!periodTo) problem('periodTo', 'month');
    const amount = (column: BillColumn, required: boolean, signed: boolean): number => {
      const fen = fenOf(cell(column));
      if (fen === undefined) {
        if (required) problem(column, 'required');
        return 0;
      }
      if (Number.isNaN(fen) || (!signed && fen < 0)) problem(column, 'amount');
      return fen;
    };
    const baseFen = amount('base', true, false);
    const employerFen = amount('employer', true, true);
    const employeeFen = amount('employee', true, true);
    const interestFen = amount('interest', false, false);
    const lateFeeFen = amount('lateFee', false, false);
    if (out.problems.length > before) continue;
    const voucher = cell('voucherNo');
    out.items.push({
      ...(employeeId ? { employeeId } : { idNumber }),
      personName,
      insurance: insurance!,
      periodFrom: periodFrom!,
      periodTo: periodTo!,
      baseFen,
      employerFen,
      employeeFen,
      interestFen,
      lateFeeFen,
      collectionType: cell('collectionType') || '正常应缴',
      voucherNo: voucher || null,
    });
    out.lines.push(line);
  }
  return out;
}

/** Employees by name, for payroll exports that name people rather than carry Lianxu's ids. */
export type EmployeesByName = ReadonlyMap<string, readonly string[]>;

/** Whether the deductions name anyone by name only (then the page loads `EmployeesByName` first). */
export function deductionsNeedNames(text: string): boolean {
  const table = parseTable(text);
  if (table.length < 2) return false;
  const col = columnsOf(table[0]!.cells, DEDUCTION_HEADERS);
  return table.slice(1).some(({ cells }) => col.employeeId === undefined || !(cells[col.employeeId] ?? ''));
}

/** Payroll's deductions (the employee's share withheld, in yuan) as the API's rows, one per employee and insurance. */
export function parseDeductions(text: string, byName: EmployeesByName = new Map()): Parsed<DeductionRow> {
  const table = parseTable(text);
  const out: Parsed<DeductionRow> = { items: [], lines: [], problems: [] };
  if (table.length < 2) return { ...out, problems: [{ line: 0, code: 'empty' }] };
  const col = columnsOf(table[0]!.cells, DEDUCTION_HEADERS);
  for (const required of ['insurance', 'deducted'] as const) {
    if (col[required] === undefined) out.problems.push({ line: table[0]!.line, column: required, code: 'missing_column' });
  }
  if (col.employeeId === undefined && col.personName === undefined) out.problems.push({ line: table[0]!.line, column: 'personName', code: 'missing_column' });
  if (out.problems.length) return out;
  const seen = new Set<string>();
  for (const { line, cells } of table.slice(1)) {
    const cell = (c: DeductionColumn) => (col[c] === undefined ? '' : (cells[col[c]!] ?? ''));
    const problem = (column: DeductionColumn, code: CsvProblemCode) => out.problems.push({ line, column, code });
    const before = out.problems.length;
    let employeeId = cell('employeeId');
    if (employeeId && !UUID.test(employeeId)) problem('employeeId', 'person');
    if (!employeeId) {
      const name = cell('personName');
      const ids = byName.get(name) ?? [];
      if (!name) problem('personName', 'required');
      else if (ids.length === 0) problem('personName', 'unknown_employee');
      else if (ids.length > 1) problem('personName', 'ambiguous_employee');
      else employeeId = ids[0]!;
    }
    const insurance = insuranceOf(cell('insurance'));
    if (!insurance) problem('insurance', cell('insurance') ? 'insurance' : 'required');
    const fen = fenOf(cell('deducted'));
    if (fen === undefined) problem('deducted', 'required');
    else if (Number.isNaN(fen) || fen < 0) problem('deducted', 'amount');
    if (out.problems.length > before) continue;
    const key = `${employeeId}|${insurance}`;
    if (seen.has(key)) {
      problem('insurance', 'duplicate');
      continue;
    }
    seen.add(key);
    out.items.push({ employeeId, insurance: insurance!, employeeFen: fen! });
    out.lines.push(line);
  }
  return out;
}

// The API's names of a line's fields (zod's and the service's), as the columns they came from.
const API_FIELDS: Record<string, CsvColumn> = {
  idNumber: 'idNumber', employeeId: 'employeeId', personName: 'personName', insurance: 'insurance', periodFrom: 'periodFrom', periodTo: 'periodTo',
  baseFen: 'base', base: 'base', employerFen: 'employer', employer: 'employer', interestFen: 'interest', interest: 'interest',
  lateFeeFen: 'lateFee', lateFee: 'lateFee', collectionType: 'collectionType', voucherNo: 'voucherNo',
};

/**
 * Where an API field error of an import points: `lines.3.periodFrom` or `lines[3].base` -> the
 * text's line of item 3 and its column. `employee`/`employeeFen` is the deducted amount in a
 * deductions import and the employee's share in a bill. Undefined for a field of the whole request.
 */
export function cellOfApiField(field: string, lines: readonly number[], kind: 'bill' | 'deductions'): { line: number; column?: CsvColumn } | undefined {
  const m = /^(?:lines|rows)(?:\.(\d+)|\[(\d+)\])(?:\.(\w+))?$/.exec(field);
  if (!m) return undefined;
  const line = lines[Number(m[1] ?? m[2])];
  if (line === undefined) return undefined;
  const name = m[3];
  if (!name) return { line };
  if (name === 'employee' || name === 'employeeFen') return { line, column: kind === 'bill' ? 'employee' : 'deducted' };
  const column = API_FIELDS[name];
  return column ? { line, column } : { line };
}
