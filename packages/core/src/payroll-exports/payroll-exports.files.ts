import ExcelJS from 'exceljs';
import { formatFen } from '@lianxu/policy/money';
import { INSURANCES, type Insurance } from '@lianxu/policy';
import type { MonthDeductions, MonthVouchers } from './payroll-exports.types';

// The exports as files: payroll's deductions as CSV (stable English column keys, what payroll
// systems import) and Excel (the same columns headed "中文 key"), the vouchers as Excel in the
// column layout of a bookkeeping program's voucher import. Money is yuan with two decimals.

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

const KEY: Record<Insurance, string> = { pension: 'pension', medical: 'medical', maternity: 'maternity', unemployment: 'unemployment', workInjury: 'work_injury', housingFund: 'housing_fund' };
const ZH: Record<Insurance, string> = { pension: '养老保险', medical: '医疗保险', maternity: '生育保险', unemployment: '失业保险', workInjury: '工伤保险', housingFund: '住房公积金' };

/** The deduction columns in order: key (CSV header), Chinese label (Excel), width. Never reordered or renamed. */
export const DEDUCTION_COLUMNS: readonly { key: string; zh: string }[] = [
  { key: 'employee_id', zh: '员工编号' },
  { key: 'name', zh: '姓名' },
  { key: 'id_number_masked', zh: '证件号码' },
  { key: 'city_code', zh: '参保城市' },
  { key: 'month', zh: '所属月份' },
  ...INSURANCES.map((i) => ({ key: `${KEY[i]}_employee`, zh: `${ZH[i]}个人` })),
  { key: 'employee_total', zh: '个人合计' },
  ...INSURANCES.map((i) => ({ key: `${KEY[i]}_employer`, zh: `${ZH[i]}单位` })),
  { key: 'employer_total', zh: '单位合计' },
];

/** One row per employee and city, amounts in fen (0 where the city has no such line). */
function deductionRows(month: MonthDeductions): (string | number)[][] {
  return month.employees.map((e) => {
    const ee = new Map(e.lines.map((l) => [l.insurance, l.employeeFen]));
    const er = new Map(e.lines.map((l) => [l.insurance, l.employerFen]));
    return [
      e.employeeId, e.name, e.idNumberMasked, e.cityCode, month.month,
      ...INSURANCES.map((i) => ee.get(i) ?? 0), e.employeeTotalFen,
      ...INSURANCES.map((i) => er.get(i) ?? 0), e.employerTotalFen,
    ];
  });
}
const FIRST_MONEY_COLUMN = 5;

/** A cell a spreadsheet would run as a formula is kept as text (CSV injection). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Payroll's deductions as CSV: UTF-8 with a byte-order mark (Excel in Chinese locales reads it so),
 * CRLF line ends, a header of stable keys, one row per employee and city, yuan with two decimals.
 */
export function renderDeductionsCsv(month: MonthDeductions): string {
  const lines = [DEDUCTION_COLUMNS.map((c) => c.key).join(',')];
  for (const row of deductionRows(month)) {
    lines.push(row.map((v, i) => (i >= FIRST_MONEY_COLUMN ? formatFen(v as number) : csvCell(String(v)))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Payroll's deductions as an Excel workbook: the CSV's columns headed "中文 key", then the employees the policy could not price. */
export async function renderDeductionsXlsx(month: MonthDeductions): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  const sheet = book.addWorksheet('代扣明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(DEDUCTION_COLUMNS.map((c) => `${c.zh} ${c.key}`)).font = { bold: true };
  DEDUCTION_COLUMNS.forEach((_, i) => {
    sheet.getColumn(i + 1).width = i === 0 ? 38 : i < FIRST_MONEY_COLUMN ? 16 : 14;
    if (i >= FIRST_MONEY_COLUMN) sheet.getColumn(i + 1).numFmt = '0.00';
  });
  for (const row of deductionRows(month)) sheet.addRow(row.map((v, i) => (i >= FIRST_MONEY_COLUMN ? (v as number) / 100 : v)));
  if (month.unpriced.length > 0) {
    const left = book.addWorksheet('未能计算');
    left.addRow(['员工编号 employee_id', '姓名 name', '参保城市 city_code', '原因 reason']).font = { bold: true };
    for (const u of month.unpriced) left.addRow([u.employeeId, u.name, u.cityCode, `${u.reason['zh-CN']} / ${u.reason.en}`]);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Voucher import layouts: generic (stable English keys), 金蝶 (Kingdee) and 用友 (Yonyou) style columns. */
export const VOUCHER_LAYOUTS = ['generic', 'kingdee', 'yonyou'] as const;
export type VoucherLayout = (typeof VOUCHER_LAYOUTS)[number];

type Cell = string | number;
interface LayoutLine { date: string; year: number; period: number; word: string; number: number; entry: number; summary: string; code: string; name: string; role: string; insurance: string; city: string; debit: number; credit: number }

const LAYOUTS: Record<VoucherLayout, { sheet: string; columns: { header: string; value: (l: LayoutLine) => Cell; money?: boolean }[] }> = {
  generic: {
    sheet: 'vouchers',
    columns: [
      { header: 'voucher_no', value: (l) => l.number }, { header: 'date', value: (l) => l.date }, { header: 'word', value: (l) => l.word },
      { header: 'entry_no', value: (l) => l.entry }, { header: 'summary', value: (l) => l.summary }, { header: 'account_code', value: (l) => l.code },
      { header: 'account_name', value: (l) => l.name }, { header: 'account_role', value: (l) => l.role }, { header: 'insurance', value: (l) => l.insurance },
      { header: 'city_code', value: (l) => l.city }, { header: 'debit', value: (l) => l.debit, money: true }, { header: 'credit', value: (l) => l.credit, money: true },
    ],
  },
  kingdee: {
    sheet: '凭证',
    columns: [
      { header: '日期', value: (l) => l.date }, { header: '会计年度', value: (l) => l.year }, { header: '会计期间', value: (l) => l.period },
      { header: '凭证字', value: (l) => l.word }, { header: '凭证号', value: (l) => l.number }, { header: '分录号', value: (l) => l.entry },
      { header: '摘要', value: (l) => l.summary }, { header: '科目代码', value: (l) => l.code }, { header: '科目名称', value: (l) => l.name },
      { header: '借方金额', value: (l) => l.debit, money: true }, { header: '贷方金额', value: (l) => l.credit, money: true },
    ],
  },
  yonyou: {
    sheet: '凭证',
    columns: [
      { header: '制单日期', value: (l) => l.date }, { header: '凭证类别', value: (l) => l.word }, { header: '凭证编号', value: (l) => l.number },
      { header: '附单据数', value: () => 0 }, { header: '摘要', value: (l) => l.summary }, { header: '科目编码', value: (l) => l.code },
      { header: '科目名称', value: (l) => l.name }, { header: '借方金额', value: (l) => l.debit, money: true }, { header: '贷方金额', value: (l) => l.credit, money: true },
    ],
  },
};

/** The header row of a layout (what a bookkeeping program's import maps). */
export const voucherLayoutHeaders = (layout: VoucherLayout): string[] => LAYOUTS[layout].columns.map((c) => c.header);

/** The month's vouchers as an Excel workbook in `layout`: one row per voucher line, amounts in yuan. */
export async function renderVouchersXlsx(vouchers: MonthVouchers, layout: VoucherLayout = 'generic'): Promise<Uint8Array> {
  const spec = LAYOUTS[layout];
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  const sheet = book.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(spec.columns.map((c) => c.header)).font = { bold: true };
  spec.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.header === 'summary' || c.header === '摘要' || c.header.includes('名称') || c.header === 'account_name' ? 36 : 13;
    if (c.money) sheet.getColumn(i + 1).numFmt = '0.00';
  });
  const [year, period] = vouchers.month.split('-').map(Number) as [number, number];
  for (const v of vouchers.vouchers) {
    v.lines.forEach((l, i) => {
      const line: LayoutLine = {
        date: v.date, year, period, word: v.word, number: v.number, entry: i + 1, summary: l.summary, code: l.accountCode, name: l.accountName,
        role: l.account, insurance: l.insurance ?? '', city: l.cityCode ?? '', debit: l.debitFen / 100, credit: l.creditFen / 100,
      };
      sheet.addRow(spec.columns.map((c) => c.value(line)));
    });
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
