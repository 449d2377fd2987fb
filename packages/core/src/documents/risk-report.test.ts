import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RiskReportDocument, RiskReportDocumentLine } from './documents.types';
import { pdfText, squeeze } from '@lianxu/testing/pdf-text';
import { renderRiskReportPdf } from './risk-report.pdf';
import { RISK_XLSX_HEADER_ROW, renderRiskReportXlsx } from './risk-report.xlsx';

const lines: RiskReportDocumentLine[] = [
  { employeeName: '张伟', idNumberMasked: '110***********0013', city: '北京', entity: '联旭制造（北京）有限公司', branch: '', ruleTitle: '断缴：2025-04 无养老保险', since: '2025-05-01', daysOpen: 35, moneyAtStakeFen: 123456, suggestedAction: '补缴 2025-04' },
  { employeeName: '李娜', idNumberMasked: '310***********002X', city: '上海', entity: '联旭零售（上海）有限公司', branch: '南京东路店', ruleTitle: '离职后未减员', since: '2025-05-20', daysOpen: 16, moneyAtStakeFen: 98700, suggestedAction: '申报减员' },
  { employeeName: 'Wang Fang', idNumberMasked: '440***********1234', city: '深圳', entity: '联旭零售（深圳）有限公司', branch: '福田店', ruleTitle: '缴费基数低于下限', since: '2025-06-01', daysOpen: 5, moneyAtStakeFen: 5, suggestedAction: '调整基数' },
];

function report(over: Partial<RiskReportDocument> = {}): RiskReportDocument {
  return { title: '社保断缴风险报告', tenantName: '联旭演示制造', scope: { kind: 'tenant' }, generatedAt: new Date('2025-06-05T02:00:00Z'), lines, ...over };
}

async function readSheet(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as never);
  return book.worksheets[0]!;
}

describe('risk report PDF', () => {
  it('opens with Chinese text: title, every line, and the totals', async () => {
    const pdf = await renderRiskReportPdf(report());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text, fonts } = await pdfText(pdf);
    const flat = squeeze(text);
    expect(flat).toContain('社保断缴风险报告');
    expect(flat).toContain('联旭演示制造');
    for (const l of lines) {
      expect(flat).toContain(squeeze(l.employeeName));
      expect(flat).toContain(l.idNumberMasked);
      expect(flat).toContain(squeeze(l.ruleTitle));
      expect(flat).toContain(squeeze(l.suggestedAction));
    }
    expect(flat).toContain('1,234.56');
    expect(flat).toContain('0.05');
    // Total money at stake: 1234.56 + 987.00 + 0.05.
    expect(flat).toContain('2,221.61');
    expect(flat).toContain('合计');
    expect(flat).toContain('3条风险');
    expect(fonts.length).toBeGreaterThan(0);
  }, 30_000);

  it('says so when nothing is open, and speaks English when asked', async () => {
    const { text } = await pdfText(await renderRiskReportPdf(report({ title: 'Coverage gap risk report', lines: [], scope: { kind: 'city', name: 'Beijing' } }), 'en'));
    expect(text).toContain('No open findings.');
    expect(text).toContain('City: Beijing');
  }, 30_000);

  it('paginates a long report with the header on each page', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ ...lines[i % 3]!, employeeName: `员工${i}` }));
    const { text, pages } = await pdfText(await renderRiskReportPdf(report({ lines: many })));
    expect(pages).toBeGreaterThan(2);
    expect(squeeze(text)).toContain('员工119');
    expect(text.split('\n').every((page) => squeeze(page).includes('建议操作'))).toBe(true);
  }, 30_000);
});

describe('risk report Excel', () => {
  it('has the same rows as the PDF input, with money in yuan and a total row', async () => {
    const sheet = await readSheet(await renderRiskReportXlsx(report()));
    expect(sheet.getCell('A1').value).toBe('社保断缴风险报告');
    const header = sheet.getRow(RISK_XLSX_HEADER_ROW).values as unknown[];
    expect(header.slice(1)).toEqual(['姓名', '身份证号', '城市', '用工主体', '门店/分支', '风险', '起始日', '持续天数', '涉及金额（元）', '建议操作']);
    const rows = lines.map((_, i) => (sheet.getRow(RISK_XLSX_HEADER_ROW + 1 + i).values as unknown[]).slice(1));
    expect(rows).toEqual(lines.map((l) => [l.employeeName, l.idNumberMasked, l.city, l.entity, l.branch, l.ruleTitle, l.since, l.daysOpen, l.moneyAtStakeFen / 100, l.suggestedAction]));
    const total = sheet.getRow(RISK_XLSX_HEADER_ROW + 1 + lines.length);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(9).value).toBe(2221.61);
  });

  it('labels the columns in English when asked', async () => {
    const sheet = await readSheet(await renderRiskReportXlsx(report(), 'en'));
    expect((sheet.getRow(RISK_XLSX_HEADER_ROW).values as unknown[])[1]).toBe('Employee');
    expect(sheet.name).toBe('Findings');
  });

  it('refuses money that is not whole fen', async () => {
    await expect(renderRiskReportXlsx(report({ lines: [{ ...lines[0]!, moneyAtStakeFen: 1.5 }] }))).rejects.toThrow(/fen/);
  });
});
