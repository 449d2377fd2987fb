import type { RiskReportDocumentLine } from './documents.types';

/** What the report's total row says; the PDF and the workbook print the same figures. */
export function riskReportTotals(lines: readonly RiskReportDocumentLine[]): { count: number; moneyAtStakeFen: number } {
  let moneyAtStakeFen = 0;
  for (const l of lines) {
    if (!Number.isSafeInteger(l.moneyAtStakeFen)) throw new TypeError('risk report: moneyAtStakeFen must be an integer number of fen');
    moneyAtStakeFen += l.moneyAtStakeFen;
  }
  return { count: lines.length, moneyAtStakeFen };
}
