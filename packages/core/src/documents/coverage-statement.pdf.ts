import { insuranceLabel, shanghaiDateTime, word, yuan } from './document.labels';
import type { CoverageStatementDocument, DocumentLanguage, StatementMonthLine, StatementPeriod } from './documents.types';
import { createPdf, drawTable, FONT, numberPages } from './pdf.support';

/** Draws the "not an official certificate" watermark across the current page. */
function watermark(doc: PDFKit.PDFDocument, text: string): void {
  const { width, height } = doc.page;
  const bottomMargin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.save();
  doc.rotate(-35, { origin: [width / 2, height / 2] });
  doc.font(FONT.bold).fontSize(46).fillColor('#cc0000').fillOpacity(0.12);
  doc.text(text, 0, height / 2 - 30, { width, align: 'center', lineBreak: false });
  doc.restore();
  doc.page.margins.bottom = bottomMargin;
  doc.fillColor('#000000').fillOpacity(1);
}

/**
 * The 参保情况说明: what Lianxu holds about one person's coverage (periods by insurance, base and
 * amounts per month, months counted), titled and watermarked as not an official certificate, with
 * the official portal of each city for the sealed 参保证明 and the statement's verification code.
 *
 * @example
 * const bytes = await renderCoverageStatementPdf(statement, 'zh-CN');
 */
export async function renderCoverageStatementPdf(input: CoverageStatementDocument, lang: DocumentLanguage = 'zh-CN'): Promise<Uint8Array> {
  const title = word(lang, 'statementTitle');
  const { doc, finish } = createPdf({ title, margin: 45 });
  const mark = word(lang, 'watermark');
  watermark(doc, mark);
  doc.on('pageAdded', () => {
    const { x, y } = doc;
    watermark(doc, mark);
    doc.x = x;
    doc.y = y;
  });

  doc.font(FONT.bold).fontSize(17).text(title, { align: 'center' });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(8.5).fillColor('#aa0000').text(word(lang, 'statementNotice'));
  doc.fillColor('#000000').moveDown(0.6);

  doc.fontSize(10);
  doc.text(`${word(lang, 'name')}: ${input.personName}`);
  doc.text(`${word(lang, 'idNumber')}: ${input.idNumberMasked}`);
  doc.text(`${word(lang, 'employer')}: ${input.employer}`);
  doc.text(`${word(lang, 'issuedAt')}: ${shanghaiDateTime(input.issuedAt)}`);
  doc.text(`${word(lang, 'monthsCounted')}: ${input.monthsCounted}`);
  doc.moveDown(0.6);

  doc.font(FONT.bold).fontSize(11).text(word(lang, 'periods'));
  doc.moveDown(0.2);
  drawTable<StatementPeriod>(
    doc,
    [
      { label: word(lang, 'insurance'), weight: 3, value: (p) => insuranceLabel(lang, p.insurance) },
      { label: word(lang, 'city'), weight: 2, value: (p) => p.city },
      { label: word(lang, 'from'), weight: 2, value: (p) => p.from },
      { label: word(lang, 'to'), weight: 2, value: (p) => p.to ?? word(lang, 'ongoing') },
    ],
    input.periods,
    { fontSize: 9 },
  );
  doc.moveDown(0.6);

  doc.font(FONT.bold).fontSize(11).text(word(lang, 'monthly'));
  doc.moveDown(0.2);
  let employer = 0;
  let employee = 0;
  for (const m of input.months) {
    employer += m.employerFen;
    employee += m.employeeFen;
  }
  drawTable<StatementMonthLine>(
    doc,
    [
      { label: word(lang, 'month'), weight: 2, value: (m) => (m.provisional ? `${m.month} (${word(lang, 'provisional')})` : m.month) },
      { label: word(lang, 'insurance'), weight: 2.5, value: (m) => insuranceLabel(lang, m.insurance) },
      { label: word(lang, 'base'), weight: 2.5, align: 'right', value: (m) => yuan(m.baseFen) },
      { label: word(lang, 'employerAmount'), weight: 2.5, align: 'right', value: (m) => yuan(m.employerFen) },
      { label: word(lang, 'employeeAmount'), weight: 2.5, align: 'right', value: (m) => yuan(m.employeeFen) },
    ],
    input.months,
    { fontSize: 8, footer: [word(lang, 'total'), '', '', yuan(employer), yuan(employee)] },
  );
  if (input.monthsWithoutFigures.length) {
    doc.moveDown(0.3).font(FONT.regular).fontSize(8.5).text(`${word(lang, 'withoutFigures')}${input.monthsWithoutFigures.join(', ')}`);
  }
  doc.moveDown(0.8);

  doc.font(FONT.bold).fontSize(10).text(word(lang, 'officialAt'));
  doc.font(FONT.regular).fontSize(9);
  for (const p of input.portals) {
    const label = `${p.cityName}: ${p.name}${p.url ? ` ${p.url}` : ''}${p.sourced ? '' : ` ${word(lang, 'notSourced')}`}`;
    doc.fillColor(p.url ? '#0645ad' : '#000000').text(label, p.url ? { link: p.url, underline: true } : {});
  }
  doc.fillColor('#000000').moveDown(0.8);

  doc.font(FONT.bold).fontSize(11).text(`${word(lang, 'verification')}: ${input.verificationCode}`);
  doc.font(FONT.regular).fontSize(9).text(`${word(lang, 'verifyAt')}${input.verifyUrl}`, { link: input.verifyUrl });

  numberPages(doc, (n) => word(lang, 'page', { n }));
  return finish();
}
