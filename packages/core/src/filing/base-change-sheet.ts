import ExcelJS from 'exceljs';

// The city's base-change sheet (缴费基数申报表) for the annual adjustment: bureau-sim has no
// base-change filing, so every city's changes go to the portal by hand as this spreadsheet.

export interface BaseChangeFiling {
  employerCode: string;
  registrationNo: string;
  personName: string;
  idNumber: string;
  /** First month the new base applies (YYYY-MM). */
  effectiveMonth: string;
  oldBaseFen: number | null;
  newBaseFen: number;
  /** The declared wage the base comes from: last year's average monthly wage. */
  averageWageFen: number;
}

const COLUMNS = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '单位统一社会信用代码', key: 'employerCode', width: 22 },
  { header: '单位社保登记号', key: 'registrationNo', width: 18 },
  { header: '姓名', key: 'personName', width: 12 },
  { header: '公民身份号码（社会保障号码）', key: 'idNumber', width: 22 },
  { header: '上年度月平均工资（元）', key: 'average', width: 18 },
  { header: '原缴费基数（元）', key: 'oldBase', width: 14 },
  { header: '新缴费基数（元）', key: 'newBase', width: 14 },
  { header: '执行起始月', key: 'effectiveMonth', width: 12 },
];

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The sheet's xlsx bytes. It holds ID numbers: it is handed to HR only, as an export on record. */
export async function baseChangeSheet(filings: readonly BaseChangeFiling[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  const sheet = book.addWorksheet('缴费基数申报');
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  filings.forEach((f, i) => {
    sheet.addRow({
      seq: i + 1, employerCode: f.employerCode, registrationNo: f.registrationNo, personName: f.personName, idNumber: f.idNumber,
      average: yuan(f.averageWageFen), oldBase: f.oldBaseFen === null ? '' : yuan(f.oldBaseFen), newBase: yuan(f.newBaseFen), effectiveMonth: f.effectiveMonth,
    });
  });
  // ID numbers must stay text, or spreadsheet programs turn them into 1.1E+17.
  sheet.getColumn('idNumber').numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}
