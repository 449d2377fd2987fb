import { describe, expect, it } from 'vitest';
import { checkMapping, proposeMapping } from './close.import-mapping';
import { readImportTable, yuanCell } from './close.import-table';

// The column mapping proposed from the headers of payroll's export and of a city's Excel bill, and
// the cells read from them: what HR would otherwise map by hand every month.

describe('close import mapping', () => {
  it('proposes payroll’s columns from Chinese and English headers, preferring the employee side', () => {
    expect(proposeMapping('deductions', ['工号', '姓名', '身份证号码', '养老保险(单位)', '养老保险(个人)', '医疗保险个人', '失业保险(个人)', '实发工资'])).toEqual({
      idNumber: '身份证号码', pension: '养老保险(个人)', medical: '医疗保险个人', unemployment: '失业保险(个人)',
    });
    expect(proposeMapping('deductions', ['Employee ID', 'Pension', 'Medical'])).toEqual({ employeeId: 'Employee ID', pension: 'Pension', medical: 'Medical' });
  });

  it('proposes a city bill’s columns, and names what a mapping lacks', () => {
    const m = proposeMapping('bill', ['序号', '姓名', '证件号码', '险种', '费款所属期起', '费款所属期止', '缴费基数', '单位缴费金额', '个人缴费金额', '利息', '滞纳金', '征收类型', '税票号码']);
    expect(m).toMatchObject({ idNumber: '证件号码', personName: '姓名', insurance: '险种', periodFrom: '费款所属期起', periodTo: '费款所属期止', base: '缴费基数', employer: '单位缴费金额', employee: '个人缴费金额', lateFee: '滞纳金', voucherNo: '税票号码' });
    expect(() => checkMapping('bill', { idNumber: '证件号码' })).toThrow(expect.objectContaining({ status: 400, fields: expect.objectContaining({ 'mapping.personName': expect.anything() }) }));
    expect(() => checkMapping('deductions', { idNumber: '身份证号' })).toThrow(expect.objectContaining({ fields: expect.objectContaining({ 'mapping.pension': expect.anything() }) }));
    expect(() => checkMapping('deductions', { idNumber: '身份证号', pension: '养老' }, ['身份证号'])).toThrow(expect.objectContaining({ fields: { 'columns.养老': expect.anything() } }));
  });

  it('reads yuan to the fen and names the row and column of a bad amount', () => {
    expect(yuanCell('1,234.5', 2, '养老')).toBe(123_450);
    expect(yuanCell('0.07', 2, '养老')).toBe(7);
    expect(yuanCell('', 2, '养老')).toBeNull();
    expect(() => yuanCell('12.345', 7, '养老')).toThrow(expect.objectContaining({ fields: { 'rows[7].养老': expect.anything() } }));
  });

  it('reads a GB18030 CSV (Excel’s Chinese CSV) with line numbers as the user sees them', async () => {
    const gbk = Uint8Array.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd1, 0xf8, 0xc0, 0xcf, 0x0a, 0x31, 0x2c, 0x32, 0x0a, 0x0a, 0x33, 0x2c, 0x34, 0x0a]); // 身份证号,养老
    const t = await readImportTable(gbk, 'csv');
    expect(t.headers).toEqual(['身份证号', '养老']);
    expect(t.rows).toEqual([{ line: 2, cells: { 身份证号: '1', 养老: '2' } }, { line: 4, cells: { 身份证号: '3', 养老: '4' } }]);
  });
});
