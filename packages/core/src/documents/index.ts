// Documents: the 社保断缴风险报告 (PDF and Excel) and the 参保情况说明 (a coverage statement PDF
// with a verification code). Renderers are pure (data in, bytes out); the statement service issues
// and verifies statements.
export type {
  CoverageStatementDocument,
  DocumentLanguage,
  OfficialPortal,
  RiskReportDocument,
  RiskReportDocumentLine,
  RiskReportScope,
  StatementInsurance,
  StatementMonthLine,
  StatementPeriod,
} from './documents.types';
export { renderRiskReportPdf } from './risk-report.pdf';
export { renderRiskReportXlsx, RISK_XLSX_HEADER_ROW } from './risk-report.xlsx';
export { riskReportTotals } from './risk-report.totals';
export { renderCoverageStatementPdf } from './coverage-statement.pdf';
export { newVerificationCode, normalizeVerificationCode, verificationCodeHash } from './verification-code';
export { NATIONAL_PORTAL, OFFICIAL_PORTALS, officialPortalFor, type OfficialPortalRecord } from './official-portals.data';
export const PDF_MEDIA_TYPE = 'application/pdf';
export { createStatementService, type IssuedStatement, type StatementCheck, type StatementService, type StatementServiceDeps } from './coverage-statement.service';
