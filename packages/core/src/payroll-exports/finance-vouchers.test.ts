import { describe, expect, it } from 'vitest';
import { financeVouchers } from './finance-vouchers';
import { DEDUCTION_COLUMNS, renderDeductionsCsv } from './payroll-exports.files';
import type { DeductionLine, MonthDeductions } from './payroll-exports.types';

const line = (insurance: DeductionLine['insurance'], cityCode: string, employerFen: number, employeeFen: number): DeductionLine =>
  ({ insurance, cityCode, baseFen: 1_000_000, employerFen, employeeFen, policyId: 'p', provisional: false });

function month(): MonthDeductions {
  const employees = [
    { employeeId: 'e1', name: '张三', idNumberMasked: '3101**********0011', cityCode: '310100', lines: [line('pension', '310100', 160_000, 80_000), line('medical', '310100', 100_000, 20_000), line('housingFund', '310100', 70_000, 70_000)] },
    { employeeId: 'e2', name: '=HYPERLINK("x")', idNumberMasked: '3301**********0022', cityCode: '330100', lines: [line('pension', '330100', 140_000, 70_001), line('workInjury', '330100', 2_001, 0)] },
  ].map((e) => ({ ...e, employeeTotalFen: e.lines.reduce((s, l) => s + l.employeeFen, 0), employerTotalFen: e.lines.reduce((s, l) => s + l.employerFen, 0) }));
  return {
    entity: { id: 'ent', name: '甲公司', creditCode: 'x' }, month: '2026-02', cities: ['310100', '330100'], employees, unpriced: [],
    totals: { employees: 2, employeeFen: employees.reduce((s, e) => s + e.employeeTotalFen, 0), employerFen: employees.reduce((s, e) => s + e.employerTotalFen, 0) },
  };
}

describe('financeVouchers', () => {
  it('balances every voucher, and books the employer side once, the employee side once, and both as paid', () => {
    const m = month();
    const v = financeVouchers(m, { bank: { code: '100201', name: '银行存款-工行' } });
    for (const voucher of v.vouchers) {
      expect(voucher.debitFen, `voucher ${voucher.number}`).toBe(voucher.creditFen);
      expect(voucher.date).toBe('2026-02-28');
    }
    const of = (kind: string) => v.vouchers.filter((x) => x.kind === kind);
    expect(of('accrual')[0]!.debitFen).toBe(m.totals.employerFen);
    expect(of('withholding')[0]!.debitFen).toBe(m.totals.employeeFen);
    const paid = [...of('payment_social_insurance'), ...of('payment_housing_fund')].reduce((s, x) => s + x.creditFen, 0);
    expect(paid).toBe(m.totals.employerFen + m.totals.employeeFen);
    // Shanghai has a housing-fund payment, Hangzhou none (no line of it); each city is paid apart.
    expect(of('payment_social_insurance').map((x) => x.lines.find((l) => l.account === 'bank')!.cityCode)).toEqual(['310100', '330100']);
    expect(of('payment_housing_fund')).toHaveLength(1);
    expect(v.vouchers.flatMap((x) => x.lines).every((l) => l.debitFen + l.creditFen > 0)).toBe(true);
    expect(v.vouchers.flatMap((x) => x.lines).filter((l) => l.account === 'bank').every((l) => l.accountCode === '100201')).toBe(true);
    expect(v.vouchers.map((x) => x.number)).toEqual([1, 2, 3, 4, 5]);
    expect(v.totals.debitFen).toBe(v.totals.creditFen);
  });

  it('makes no voucher for an empty month', () => {
    const empty = { ...month(), employees: [], cities: [], totals: { employees: 0, employeeFen: 0, employerFen: 0 } };
    expect(financeVouchers(empty).vouchers).toEqual([]);
  });
});

describe('renderDeductionsCsv', () => {
  it('writes the stable header, one row per employee in yuan, and keeps a formula-like name as text', () => {
    const csv = renderDeductionsCsv(month());
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe(DEDUCTION_COLUMNS.map((c) => c.key).join(','));
    expect(rows[1]).toBe('e1,张三,3101**********0011,310100,2026-02,800.00,200.00,0.00,0.00,0.00,700.00,1700.00,1600.00,1000.00,0.00,0.00,0.00,700.00,3300.00');
    expect(rows[2]!.split(',').slice(0, 2)).toEqual(['e2', `"'=HYPERLINK(""x"")"`]);
    expect(rows[2]!.endsWith(',700.01,1400.00,0.00,0.00,0.00,20.01,0.00,1420.01')).toBe(true);
  });
});
