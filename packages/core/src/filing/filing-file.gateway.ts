import ExcelJS from 'exceljs';
import { addMonths } from '../shared/index';
import type { EnrollmentFiling, StopFiling } from './bureau.gateway';

// The filing-file gateway: for companies that file through the government portal by hand. Lianxu
// produces the city's enrollment (增员) or stop (减员) sheet; HR uploads it to the portal and enters
// the bureau's receipt number back in Lianxu, which is what confirms the filing.

const ENROLLMENT_COLUMNS = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '单位统一社会信用代码', key: 'employerCode', width: 22 },
  { header: '单位社保登记号', key: 'registrationNo', width: 18 },
  { header: '姓名', key: 'personName', width: 12 },
  { header: '公民身份号码（社会保障号码）', key: 'idNumber', width: 22 },
  { header: '户籍性质', key: 'hukou', width: 10 },
  { header: '参保起始月', key: 'startMonth', width: 12 },
  { header: '缴费基数（元）', key: 'base', width: 14 },
  { header: '是否补缴', key: 'backPay', width: 10 },
  { header: '补缴所属期', key: 'backPayPeriod', width: 20 },
];
const STOP_COLUMNS = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '单位统一社会信用代码', key: 'employerCode', width: 22 },
  { header: '单位社保登记号', key: 'registrationNo', width: 18 },
  { header: '公民身份号码（社会保障号码）', key: 'idNumber', width: 22 },
  { header: '缴费截止月', key: 'lastMonth', width: 12 },
  { header: '减员原因', key: 'reason', width: 24 },
];

/**
 * The 补缴 columns of an enrollment filed in `filingMonth`: a start month before it is declared as a
 * back payment of the months from the start to the month before filing (the portal bills them in the
 * filing month with their original period and the late fee), as the bureau's interface declares it.
 */
export function backPayColumns(e: Pick<EnrollmentFiling, 'startMonth' | 'backPay'>, filingMonth: string): { backPay: string; backPayPeriod: string } {
  if (!e.backPay || e.startMonth >= filingMonth) return { backPay: '否', backPayPeriod: '' };
  const last = addMonths(filingMonth, -1);
  return { backPay: '是', backPayPeriod: last === e.startMonth ? e.startMonth : `${e.startMonth} 至 ${last}` };
}

/**
 * One filing as the city's sheet (xlsx bytes). The file holds the ID number: it is handed to HR only.
 * `filingMonth` is the month the sheet is made in (Asia/Shanghai), which decides what is back paid.
 */
export async function filingSheet(kind: 'enrollment', filings: EnrollmentFiling[], filingMonth: string): Promise<Buffer>;
export async function filingSheet(kind: 'stop', filings: StopFiling[], filingMonth: string): Promise<Buffer>;
export async function filingSheet(kind: 'enrollment' | 'stop', filings: (EnrollmentFiling | StopFiling)[], filingMonth: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  const sheet = book.addWorksheet(kind === 'enrollment' ? '增员' : '减员');
  sheet.columns = kind === 'enrollment' ? ENROLLMENT_COLUMNS : STOP_COLUMNS;
  sheet.getRow(1).font = { bold: true };
  filings.forEach((f, i) => {
    if (kind === 'enrollment') {
      const e = f as EnrollmentFiling;
      sheet.addRow({ seq: i + 1, ...e, hukou: e.hukou === 'local' ? '本地户籍' : '外地户籍', base: (e.base / 100).toFixed(2), ...backPayColumns(e, filingMonth) });
    } else {
      sheet.addRow({ seq: i + 1, ...(f as StopFiling) });
    }
  });
  // ID numbers must stay text, or spreadsheet programs turn them into 1.1E+17.
  sheet.getColumn('idNumber').numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}
