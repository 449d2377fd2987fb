import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { PDF_MEDIA_TYPE, renderRiskReportPdf, renderRiskReportXlsx, type RiskReportDocument } from '../documents/index';
import type { EmailAttachment } from '../notifications/index';
import type { RiskReportRow } from './risk-report.rows';

// The files of the monthly 社保断缴风险报告 e-mail: the report itself as a PDF (Chinese fonts
// embedded) and as an Excel workbook, rendered from the same rows as the notice's summary (and as
// the on-demand report of GET /risk/report.pdf and .xlsx), so the recipient can open it without
// signing in. Chinese, HR's default language; the English report is a link away.

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = '社保断缴风险报告';
const NO_ACTION = '核实后处理';

/** The report's file names for the month (also listed in the notice's body). */
export function riskReportFileNames(month: string): { pdf: string; xlsx: string } {
  return { pdf: `${TITLE}-${month}.pdf`, xlsx: `${TITLE}-${month}.xlsx` };
}

/** The whole tenant's report document of these rows, city codes shown by the tenant's city names. */
export async function riskReportDocument(trx: Kysely<Database>, tenant: { id: string; name: string }, rows: readonly RiskReportRow[], generatedAt: Date): Promise<RiskReportDocument> {
  const cities = await trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenant.id).execute();
  const cityNames = new Map(cities.map((c) => [c.city_code, c.city_name]));
  return {
    title: TITLE,
    tenantName: tenant.name,
    scope: { kind: 'tenant' },
    generatedAt,
    lines: rows.map((r) => ({
      employeeName: r.employeeName,
      idNumberMasked: r.idNumberMasked,
      city: cityNames.get(r.city) ?? r.city,
      entity: r.entityName,
      branch: r.branch ?? '',
      ruleTitle: r.ruleTitle['zh-CN'],
      since: r.since,
      daysOpen: r.daysOpen,
      moneyAtStakeFen: r.atStakeFen,
      suggestedAction: r.suggestedAction?.['zh-CN'] ?? NO_ACTION,
    })),
  };
}

/** The PDF and the Excel workbook of the month's report, as e-mail attachments. */
export async function riskReportAttachments(document: RiskReportDocument, month: string): Promise<EmailAttachment[]> {
  const names = riskReportFileNames(month);
  const [pdf, xlsx] = await Promise.all([renderRiskReportPdf(document, 'zh-CN'), renderRiskReportXlsx(document, 'zh-CN')]);
  return [
    { filename: names.pdf, contentType: PDF_MEDIA_TYPE, content: pdf },
    { filename: names.xlsx, contentType: XLSX_MEDIA_TYPE, content: xlsx },
  ];
}
