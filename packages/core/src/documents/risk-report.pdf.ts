import { riskColumnLabel, scopeLabel, shanghaiDateTime, word, yuan } from './document.labels';
import type { DocumentLanguage, RiskReportDocument, RiskReportDocumentLine } from './documents.types';
import { createPdf, drawTable, FONT, numberPages, type PdfColumn } from './pdf.support';
import { riskReportTotals } from './risk-report.totals';

/**
 * The 社保断缴风险报告 as a PDF (A4 landscape, Chinese font embedded): one row per open finding,
 * then the totals (count and money at stake).
 *
 * @example
 * const bytes = await renderRiskReportPdf(report, 'zh-CN');
 */
export async function renderRiskReportPdf(input: RiskReportDocument, lang: DocumentLanguage = 'zh-CN'): Promise<Uint8Array> {
  const { doc, finish } = createPdf({ title: input.title, layout: 'landscape', margin: 30 });
  doc.font(FONT.bold).fontSize(16).text(input.title, { align: 'center' });
  doc.moveDown(0.4);
  doc.font(FONT.regular).fontSize(9);
  doc.text(`${word(lang, 'tenant')}: ${input.tenantName}    ${word(lang, 'scope')}: ${scopeLabel(lang, input.scope)}    ${word(lang, 'generatedAt')}: ${shanghaiDateTime(input.generatedAt)}`);
  doc.moveDown(0.6);

  const totals = riskReportTotals(input.lines);
  if (input.lines.length === 0) {
    doc.fontSize(10).text(word(lang, 'noFindings'));
  } else {
    const col = (key: Parameters<typeof riskColumnLabel>[1], weight: number, value: (l: RiskReportDocumentLine) => string, align?: 'right'): PdfColumn<RiskReportDocumentLine> => ({
      label: riskColumnLabel(lang, key),
      weight,
      value,
      ...(align ? { align } : {}),
    });
    const columns = [
      col('employeeName', 7, (l) => l.employeeName),
      col('idNumberMasked', 11, (l) => l.idNumberMasked),
      col('city', 5, (l) => l.city),
      col('entity', 11, (l) => l.entity),
      col('branch', 7, (l) => l.branch),
      col('ruleTitle', 13, (l) => l.ruleTitle),
      col('since', 7, (l) => l.since),
      col('daysOpen', 5, (l) => String(l.daysOpen), 'right'),
      col('moneyAtStakeFen', 8, (l) => yuan(l.moneyAtStakeFen), 'right'),
      col('suggestedAction', 14, (l) => l.suggestedAction),
    ];
    const footer = columns.map(() => '');
    footer[0] = word(lang, 'total');
    footer[1] = `${totals.count} ${word(lang, 'findings')}`;
    footer[8] = yuan(totals.moneyAtStakeFen);
    drawTable(doc, columns, input.lines, { fontSize: 8, footer });
  }
  numberPages(doc, (n) => word(lang, 'page', { n }));
  return finish();
}
