import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { backPayColumns, filingSheet } from './filing-file.gateway';

const enrollment = {
  idempotencyKey: 't:1', city: '440300', employerCode: '91440300MA5F000000', registrationNo: 'SZ001', personName: '钱七',
  idNumber: '11010519491231002X', hukou: 'non-local' as const, startMonth: '2026-09', base: 800000, backPay: true,
};

describe('the hand-filing enrollment sheet declares 补缴 as the bureau interface does', () => {
  it('back-pays the months before the filing month, and nothing for an enrollment on time', () => {
    expect(backPayColumns(enrollment, '2026-09')).toEqual({ backPay: '否', backPayPeriod: '' });
    expect(backPayColumns(enrollment, '2026-10')).toEqual({ backPay: '是', backPayPeriod: '2026-09' });
    expect(backPayColumns(enrollment, '2026-12')).toEqual({ backPay: '是', backPayPeriod: '2026-09 至 2026-11' });
    expect(backPayColumns({ startMonth: '2025-12', backPay: true }, '2026-02')).toEqual({ backPay: '是', backPayPeriod: '2025-12 至 2026-01' });
    expect(backPayColumns({ ...enrollment, backPay: false }, '2026-12')).toEqual({ backPay: '否', backPayPeriod: '' });
  });

  it('writes the columns on the sheet', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await filingSheet('enrollment', [enrollment], '2026-12')) as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toEqual(expect.arrayContaining(['是否补缴', '补缴所属期']));
    expect(rows[1]).toEqual(expect.arrayContaining(['是', '2026-09 至 2026-11', '8000.00']));
  });
});
