// The documents Lianxu renders (the 断缴风险报告 and the 参保情况说明): plain data in, bytes out.
// Callers map their own records onto these shapes; the renderers never read the database.

/** Language of a rendered document: Chinese (the default) or English. */
export type DocumentLanguage = 'zh-CN' | 'en';

/** The part of the tenant a risk report covers. */
export type RiskReportScope =
  | { kind: 'tenant' }
  | { kind: 'entity'; name: string }
  | { kind: 'city'; name: string }
  | { kind: 'branch'; name: string };

/** One open finding as the report lists it. */
export interface RiskReportDocumentLine {
  employeeName: string;
  /** Already masked (e.g. 110105********0013); the report never sees a full ID number. */
  idNumberMasked: string;
  city: string;
  entity: string;
  /** Empty when the tenant has no branches. */
  branch: string;
  ruleTitle: string;
  /** Business date `YYYY-MM-DD` the finding has been open since. */
  since: string;
  daysOpen: number;
  /** Money at stake, integer fen. */
  moneyAtStakeFen: number;
  suggestedAction: string;
}

/** Input of renderRiskReportPdf and renderRiskReportXlsx: the same lines go into both. */
export interface RiskReportDocument {
  title: string;
  tenantName: string;
  scope: RiskReportScope;
  /** When the report was generated (shown in Asia/Shanghai time). */
  generatedAt: Date;
  lines: RiskReportDocumentLine[];
}

/** One insurance a statement can list. */
export type StatementInsurance = 'pension' | 'medical' | 'maternity' | 'unemployment' | 'workInjury' | 'housingFund';

/** A coverage period of one insurance: months `from`..`to` (`to` null while open). */
export interface StatementPeriod {
  insurance: StatementInsurance;
  city: string;
  from: string;
  to: string | null;
}

/** One month of one insurance: base and both sides' amounts, integer fen. */
export interface StatementMonthLine {
  month: string;
  insurance: StatementInsurance;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
  /** Figures carried forward from an earlier policy year (shown as provisional). */
  provisional: boolean;
}

/** Where the official, sealed 参保证明 is issued for a city. */
export interface OfficialPortal {
  cityCode: string;
  cityName: string;
  name: string;
  url: string | null;
  /** False when the portal's name or address was not found in a source we hold. */
  sourced: boolean;
}

/** Input of renderCoverageStatementPdf: what Lianxu holds about one person's coverage. */
export interface CoverageStatementDocument {
  personName: string;
  idNumberMasked: string;
  employer: string;
  /** When the statement was issued. */
  issuedAt: Date;
  /** The code anyone can check on the public verification page. */
  verificationCode: string;
  /** Address of the public verification page. */
  verifyUrl: string;
  periods: StatementPeriod[];
  months: StatementMonthLine[];
  /** Months with at least one covered insurance. */
  monthsCounted: number;
  /** Months the figures could not be computed for (no policy figures): listed, never guessed. */
  monthsWithoutFigures: string[];
  portals: OfficialPortal[];
}
