import ExcelJS from 'exceljs';
import { RISK_COLUMNS, scopeLabel, shanghaiDateTime, word } from './document.labels';
import type { DocumentLanguage, RiskReportDocument } from './documents.types';
import { riskReportTotals } from './risk-report.totals';

/** Rows above the table: title, tenant, scope, generated at, then a blank row. */
export const RISK_XLSX_HEADER_ROW = 6;

/**
 * The 社保断缴风险报告 as an Excel workbook: the same lines as the PDF, money as numbers in yuan
 * (two decimals, so a sum in Excel is right), then a total row.
 *
 * @example
 * const bytes = await renderRiskReportXlsx(report, 'en');
 */
export async function renderRiskReportXlsx(input: RiskReportDocument, lang: DocumentLanguage = 'zh-CN'): Promise<Uint8Array> {
  const totals = riskReportTotals(input.lines);
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  book.created = input.generatedAt;
  const sheet = book.addWorksheet(lang === 'zh-CN' ? '风险清单' : 'Findings', { views: [{ state: 'frozen', ySplit: RISK_XLSX_HEADER_ROW }] });
  sheet.getCell('A1').value = input.title;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = `${word(lang, 'tenant')}: ${input.tenantName}`;
  sheet.getCell('A3').value = `${word(lang, 'scope')}: ${scopeLabel(lang, input.scope)}`;
  sheet.getCell('A4').value = `${word(lang, 'generatedAt')}: ${shanghaiDateTime(input.generatedAt)}`;

  RISK_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  const header = sheet.getRow(RISK_XLSX_HEADER_ROW);
  header.values = RISK_COLUMNS.map((c) => c.label[lang]);
  header.font = { bold: true };
  const moneyCol = RISK_COLUMNS.findIndex((c) => c.key === 'moneyAtStakeFen') + 1;
  sheet.getColumn(moneyCol).numFmt = '#,##0.00';

  for (const line of input.lines) {
    sheet.addRow(RISK_COLUMNS.map((c) => (c.key === 'moneyAtStakeFen' ? line.moneyAtStakeFen / 100 : line[c.key])));
  }
  const totalRow = sheet.addRow(RISK_COLUMNS.map(() => null));
  totalRow.getCell(1).value = word(lang, 'total');
  totalRow.getCell(2).value = `${totals.count} ${word(lang, 'findings')}`;
  totalRow.getCell(moneyCol).value = totals.moneyAtStakeFen / 100;
  totalRow.font = { bold: true };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
