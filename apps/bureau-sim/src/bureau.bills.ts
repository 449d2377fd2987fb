import { contributionDueDate, contributionLateFee } from '@lianxu/core/contribution-due-date';
import { calculateContributions, PolicyInputError, type Insurance } from '@lianxu/policy';
import type { Bill, BillFault, BillLine, BillPayment, Coverage } from './bureau.types';

// The monthly bill (缴费核定单) in the shape of the national platform's lines: one line per person
// and insurance, priced as the bureau does, at the city's published rates on the base filed (the enrollment's, then
// each confirmed base change from its month on) (the
// policy library stands in for the bureau's own tables). Housing fund is another centre's bill.
// Faults an admin injects per city, employer and month change the bill the way real bills go
// wrong; a month marked paid carries a tax e-voucher number (税票号) on every line.

export const COLLECTION_REGULAR = '正常应缴';
/** 征收类型 of a month paid late (a late enrollment filed as 补缴): billed in the month filed, with its original period. */
export const COLLECTION_BACK_PAY = '补缴';

/** Key of the per-month records (faults, payments): city, employer, month. */
export const billKey = (city: string, employerCode: string, month: string) => `${city}\u0000${employerCode}\u0000${month}`;

type Quote = ReturnType<typeof calculateContributions> | PolicyInputError;

/** Prices one person's month; `quotes` keeps one quote per base and hukou (most bases repeat). */
function priced(coverage: Coverage, city: string, month: string, baseFen: number, quotes: Map<string, Quote>): { lines: Omit<BillLine, 'voucherNo'>[]; problem?: string } {
  const key = `${baseFen}|${coverage.hukou}`;
  let quote = quotes.get(key);
  if (!quote) {
    try {
      quote = calculateContributions({ city, month, wageFen: baseFen, hukou: coverage.hukou });
    } catch (error) {
      if (!(error instanceof PolicyInputError)) throw error;
      quote = error;
    }
    quotes.set(key, quote);
  }
  if (quote instanceof PolicyInputError) return { lines: [], problem: quote.bilingual.zh };
  const lines = quote.lines
    .filter((l) => l.insurance !== 'housingFund')
    .map((l) => ({
      idNumber: coverage.idNumber,
      personName: coverage.personName,
      insurance: l.insurance,
      period: month,
      periodFrom: month,
      periodTo: month,
      base: l.baseFen,
      employer: l.employerFen,
      employee: l.employeeFen,
      interest: 0,
      lateFee: 0,
      collectionType: COLLECTION_REGULAR,
      receiptNo: coverage.receiptNo,
    }));
  return { lines };
}

/** The base of a coverage in a month: the latest confirmed base change from that month or before, else the enrollment's. */
export function baseIn(c: Coverage, month: string): number {
  let base = c.base;
  let from = '';
  for (const change of c.baseChanges ?? []) if (change.fromMonth <= month && change.fromMonth >= from) ((base = change.base), (from = change.fromMonth));
  return base;
}

const covers = (c: Coverage, month: string) => c.startMonth <= month && (c.lastMonth === undefined || c.lastMonth >= month);
/** Billed as a regular line in its own month: a month declared as 补缴 is billed in the month filed instead. */
const billedRegularly = (c: Coverage, month: string) => covers(c, month) && (c.backPayIn === undefined || month >= c.backPayIn);

const nextMonth = (month: string) => {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * The 补缴 lines a late enrollment adds to the bill of the month it was filed in: each earlier month
 * covered, priced at that month's rates on the filed base, with its original period and the
 * 第86条 late fee (0.05% a day) from the month's due date to the billing month's due date, both by
 * Lianxu's one convention (@lianxu/core/contribution-due-date: the city's payment day, else the
 * employer's `paymentDay`, else 25). The simulator charges no interest (the 利息 column stays 0).
 */
function backPayLines(c: Coverage, city: string, month: string, paymentDay: number | null): { lines: Omit<BillLine, 'voucherNo'>[]; problems: string[] } {
  const lines: Omit<BillLine, 'voucherNo'>[] = [];
  const problems: string[] = [];
  if (c.backPayIn !== month) return { lines, problems };
  const payOn = contributionDueDate(city, month, paymentDay);
  for (let m = c.startMonth; m < month && (c.lastMonth === undefined || m <= c.lastMonth); m = nextMonth(m)) {
    const { lines: own, problem } = priced(c, city, m, baseIn(c, m), new Map());
    if (problem) problems.push(problem);
    for (const l of own) {
      lines.push({ ...l, period: month, periodFrom: m, periodTo: m, collectionType: COLLECTION_BACK_PAY, lateFee: contributionLateFee(l.employer + l.employee, { cityCode: city, month: m, tenantCutoffDay: paymentDay }, payOn).feeFen });
    }
  }
  return { lines, problems };
}

/** The voucher number of a paid month's n-th line (0-based): 3 + city + period + sequence, 20 digits. */
export function voucherNo(city: string, month: string, n: number): string {
  return `3${city}${month.replace('-', '')}${String(n + 1).padStart(7, '0')}`;
}

/**
 * Builds the bill of one employer in one city for one month from the coverages of that city,
 * with the injected faults applied and, once paid, the voucher numbers.
 */
export function buildBill(
  city: string,
  employerCode: string,
  month: string,
  coverages: readonly Coverage[],
  faults: readonly BillFault[],
  payment: BillPayment | undefined,
  paymentDay: number | null = null,
): Bill {
  const ofEmployer = coverages.filter((c) => c.city === city && c.employerCode === employerCode);
  const missing = new Set(faults.filter((f) => f.kind === 'missing_employee').map((f) => f.idNumber));
  const leavers = new Set(faults.filter((f) => f.kind === 'leaver_billed').map((f) => f.idNumber));
  const billed = ofEmployer.filter((c) => !missing.has(c.idNumber) && (billedRegularly(c, month) || (leavers.has(c.idNumber) && c.startMonth <= month)));
  // A leaver billed once, from the latest coverage that ended before the month.
  const seen = new Set<string>();
  const people = billed.filter((c) => (seen.has(c.idNumber) ? false : (seen.add(c.idNumber), true)));
  const unpriced: { idNumber: string; reason: string }[] = [];
  let lines: Omit<BillLine, 'voucherNo'>[] = [];
  const quotes = new Map<string, Quote>();
  for (const c of people) {
    const wrongBase = faults.find((f) => f.kind === 'wrong_base' && f.idNumber === c.idNumber);
    const { lines: own, problem } = priced(c, city, month, wrongBase?.kind === 'wrong_base' ? wrongBase.baseFen : baseIn(c, month), quotes);
    if (problem) unpriced.push({ idNumber: c.idNumber, reason: problem });
    lines.push(...own);
  }
  for (const c of ofEmployer) {
    if (missing.has(c.idNumber)) continue;
    const back = backPayLines(c, city, month, paymentDay);
    for (const reason of back.problems) unpriced.push({ idNumber: c.idNumber, reason });
    lines.push(...back.lines);
  }
  for (const f of faults) {
    if (f.kind === 'rounding_drift') {
      const line = lines.find((l) => l.idNumber === f.idNumber && l.insurance === f.insurance);
      if (line) line.employer += f.fen;
    } else if (f.kind === 'duplicate_line') {
      const at = lines.findIndex((l) => l.idNumber === f.idNumber && l.insurance === f.insurance);
      if (at >= 0) lines = [...lines.slice(0, at + 1), { ...lines[at]! }, ...lines.slice(at + 1)];
    }
  }
  const withVouchers: BillLine[] = lines.map((l, i) => ({ ...l, voucherNo: payment ? voucherNo(city, month, i) : null }));
  const totals = { persons: people.length, lines: withVouchers.length, employer: 0, employee: 0, interest: 0, lateFee: 0 };
  for (const l of withVouchers) {
    totals.employer += l.employer;
    totals.employee += l.employee;
    totals.interest += l.interest;
    totals.lateFee += l.lateFee;
  }
  return {
    city, employerCode, month, paid: payment !== undefined, paidOn: payment?.paidOn ?? null, lines: withVouchers, totals,
    ...(unpriced.length > 0 ? { unpriced } : {}),
  };
}

export type { Insurance };
