import { INSURANCES, type Insurance } from '@lianxu/policy';
import type { AccountMap, MonthDeductions, MonthVouchers, Voucher, VoucherAccount, VoucherKind, VoucherLine } from './payroll-exports.types';

// The month's finance vouchers (记账凭证) from its deductions, double entry in fen:
//   1. accrual (计提) of the employer's contributions: expense Dr / payable Cr, per insurance;
//   2. the employee share withheld through payroll (代扣): wages payable Dr / withheld Cr, per insurance;
//   3. the payment to each city's bureau (缴纳社保) and 4. to its housing-fund centre (缴存公积金):
//      payable and withheld Dr per insurance / bank Cr.
// Every voucher balances by construction; a line of zero is left out (a city without maternity).

/** Default codes and names in the 企业会计准则 chart (a tenant maps them to its own once). */
export const DEFAULT_ACCOUNTS: Record<VoucherAccount, { code: string; name: string }> = {
  'expense.socialInsurance': { code: '660201', name: '管理费用-社会保险费' },
  'expense.housingFund': { code: '660202', name: '管理费用-住房公积金' },
  'payable.wages': { code: '221101', name: '应付职工薪酬-工资' },
  'payable.socialInsurance': { code: '221102', name: '应付职工薪酬-社会保险费' },
  'payable.housingFund': { code: '221103', name: '应付职工薪酬-住房公积金' },
  'withheld.socialInsurance': { code: '224101', name: '其他应付款-代扣个人社会保险费' },
  'withheld.housingFund': { code: '224102', name: '其他应付款-代扣个人住房公积金' },
  bank: { code: '1002', name: '银行存款' },
};

const INSURANCE_ZH: Record<Insurance, string> = {
  pension: '养老保险', medical: '医疗保险', maternity: '生育保险', unemployment: '失业保险', workInjury: '工伤保险', housingFund: '住房公积金',
};

const isHf = (i: Insurance) => i === 'housingFund';

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Sums per insurance (and city) of one side of the month. */
function sums(month: MonthDeductions, side: 'employeeFen' | 'employerFen', cityCode?: string): Map<Insurance, number> {
  const out = new Map<Insurance, number>();
  for (const e of month.employees) {
    if (cityCode !== undefined && e.cityCode !== cityCode) continue;
    for (const l of e.lines) out.set(l.insurance, (out.get(l.insurance) ?? 0) + l[side]);
  }
  return out;
}

/**
 * The month's vouchers, each balanced; their totals equal the month's contributions: the accrual
 * the employer side, the withholding the employee side, the payments both.
 *
 * @example
 * const v = financeVouchers(await monthDeductions(db, q), { bank: { code: '100201', name: '银行存款-工行' } });
 */
export function financeVouchers(month: MonthDeductions, accounts: AccountMap = {}, cityNames: ReadonlyMap<string, string> = new Map()): MonthVouchers {
  const date = lastDayOf(month.month);
  const [y, m] = month.month.split('-') as [string, string];
  const period = `${y}年${Number(m)}月`;
  const vouchers: Voucher[] = [];
  const account = (a: VoucherAccount) => accounts[a] ?? DEFAULT_ACCOUNTS[a];
  const line = (summary: string, a: VoucherAccount, insurance: Insurance | null, cityCode: string | null, debitFen: number, creditFen: number): VoucherLine => ({
    summary, account: a, accountCode: account(a).code, accountName: account(a).name, insurance, cityCode, debitFen, creditFen,
  });
  const push = (kind: VoucherKind, lines: VoucherLine[]) => {
    const kept = lines.filter((l) => l.debitFen !== 0 || l.creditFen !== 0);
    if (kept.length === 0) return;
    vouchers.push({
      number: vouchers.length + 1, kind, date, word: '记', lines: kept,
      debitFen: kept.reduce((s, l) => s + l.debitFen, 0), creditFen: kept.reduce((s, l) => s + l.creditFen, 0),
    });
  };

  const employer = sums(month, 'employerFen');
  const employee = sums(month, 'employeeFen');
  const accrual: VoucherLine[] = [];
  for (const ins of INSURANCES) {
    const fen = employer.get(ins) ?? 0;
    const summary = `计提${period}单位${INSURANCE_ZH[ins]}`;
    accrual.push(line(summary, isHf(ins) ? 'expense.housingFund' : 'expense.socialInsurance', ins, null, fen, 0));
    accrual.push(line(summary, isHf(ins) ? 'payable.housingFund' : 'payable.socialInsurance', ins, null, 0, fen));
  }
  push('accrual', accrual);

  const withholding: VoucherLine[] = [];
  for (const ins of INSURANCES) {
    const fen = employee.get(ins) ?? 0;
    const summary = `代扣${period}个人${INSURANCE_ZH[ins]}`;
    withholding.push(line(summary, 'payable.wages', ins, null, fen, 0));
    withholding.push(line(summary, isHf(ins) ? 'withheld.housingFund' : 'withheld.socialInsurance', ins, null, 0, fen));
  }
  push('withholding', withholding);

  // Each city's bureau and housing-fund centre is paid apart: one voucher per city and payee.
  for (const city of month.cities) {
    const er = sums(month, 'employerFen', city);
    const ee = sums(month, 'employeeFen', city);
    const where = cityNames.get(city) ?? city;
    for (const [kind, forHf] of [['payment_social_insurance', false], ['payment_housing_fund', true]] as const) {
      const lines: VoucherLine[] = [];
      let total = 0;
      for (const ins of INSURANCES.filter((i) => isHf(i) === forHf)) {
        const a = er.get(ins) ?? 0;
        const b = ee.get(ins) ?? 0;
        total += a + b;
        lines.push(line(`缴纳${period}${where}${INSURANCE_ZH[ins]}（单位）`, forHf ? 'payable.housingFund' : 'payable.socialInsurance', ins, city, a, 0));
        lines.push(line(`缴纳${period}${where}${INSURANCE_ZH[ins]}（个人）`, forHf ? 'withheld.housingFund' : 'withheld.socialInsurance', ins, city, b, 0));
      }
      lines.push(line(`缴纳${period}${where}${forHf ? '住房公积金' : '社会保险费'}`, 'bank', null, city, 0, total));
      push(kind, lines);
    }
  }

  const employerFen = [...employer.values()].reduce((s, v) => s + v, 0);
  const employeeFen = [...employee.values()].reduce((s, v) => s + v, 0);
  return {
    entity: month.entity,
    month: month.month,
    cities: month.cities,
    vouchers,
    totals: {
      employerFen,
      employeeFen,
      debitFen: vouchers.reduce((s, v) => s + v.debitFen, 0),
      creditFen: vouchers.reduce((s, v) => s + v.creditFen, 0),
    },
  };
}
