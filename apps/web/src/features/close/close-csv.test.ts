import { describe, expect, it } from 'vitest';
import { cellOfApiField, deductionsNeedNames, fenOf, monthOf, parseBill, parseDeductions, parseTable } from './close-csv';
import { nextMonth, stageOf, totalsByClass } from './close-figures';
import type { CloseDifference, MonthClose } from './close.api';

const A = '0b7c1c7e-3f7a-4d53-9a40-1d6f0f3c2a11';
const B = '5d0e2f43-8a3b-4c1e-b7a2-7a9c3e1f0b22';

describe('reading the bill and the deductions as HR pastes them', () => {
  it('reads CSV with quotes and CRLF, and cells pasted from a spreadsheet, keeping line numbers', () => {
    expect(parseTable('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n1,2\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['1', '2'] },
    ]);
    expect(parseTable('姓名\t险种\n张三\t养老保险')).toEqual([{ line: 1, cells: ['姓名', '险种'] }, { line: 2, cells: ['张三', '养老保险'] }]);
  });

  it('takes amounts in yuan, months in the usual spellings', () => {
    expect(fenOf('1,234.56')).toBe(123456);
    expect(fenOf('-0.01')).toBe(-1);
    expect(fenOf('')).toBeUndefined();
    expect(fenOf('12.345')).toBeNaN();
    expect(fenOf('八千')).toBeNaN();
    expect(['2026-03', '2026/3', '202603', '2026年3月'].map(monthOf)).toEqual(['2026-03', '2026-03', '2026-03', '2026-03']);
    expect(monthOf('2026-13')).toBeUndefined();
  });

  it('turns a bill with Chinese headers into the API’s lines in fen, with the period defaulting to the month', () => {
    const text = ['身份证号,姓名,险种,缴费基数,单位缴费,个人缴费,滞纳金', '11010519900101001X,张三,养老保险,"12,000.00",1920.01,960,', `,李四,医疗,8000,800,160.00,1.5`].join('\n');
    const withoutPerson = parseBill(text, '2026-03');
    expect(withoutPerson.problems).toEqual([{ line: 3, column: 'idNumber', code: 'required' }]);
    const parsed = parseBill(text.replace(',李四', `${'11010519900101002X'},李四`), '2026-03');
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([2, 3]);
    expect(parsed.items[0]).toEqual({
      idNumber: '11010519900101001X', personName: '张三', insurance: 'pension', periodFrom: '2026-03', periodTo: '2026-03', baseFen: 1_200_000,
      employerFen: 192_001, employeeFen: 96_000, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: null,
    });
    expect(parsed.items[1]).toMatchObject({ insurance: 'medical', lateFeeFen: 150 });
  });

  it('names each bad cell of a bill, and a missing column once', () => {
    const text = ['employeeId,name,insurance,periodFrom,base,employer,employee', `${A},Zhang,pension,2026-13,-1,x,1`, `not-an-id,Li,dental,,1,1,1`].join('\n');
    expect(parseBill(text, '2026-03').problems).toEqual([
      { line: 2, column: 'periodFrom', code: 'month' },
      { line: 2, column: 'base', code: 'amount' },
      { line: 2, column: 'employer', code: 'amount' },
      { line: 3, column: 'employeeId', code: 'person' },
      { line: 3, column: 'insurance', code: 'insurance' },
    ]);
    expect(parseBill('姓名,险种,缴费基数,单位缴费,个人缴费\n张三,养老,1,1,1', '2026-03').problems).toEqual([{ line: 1, column: 'idNumber', code: 'missing_column' }]);
    expect(parseBill('', '2026-03').problems).toEqual([{ line: 0, code: 'empty' }]);
  });

  it('finds employees of the deductions by id or by a unique name, and refuses a name it cannot tell apart', () => {
    const text = ['姓名,员工编号,险种,个人扣款', `张三,,养老保险,960.00`, `王五,${B},医疗保险,160`, `李四,,养老,1`, `无名,,养老,1`, `张三,,养老保险,1`].join('\n');
    expect(deductionsNeedNames(text)).toBe(true);
    expect(deductionsNeedNames(`员工编号,险种,个人扣款\n${A},养老,1`)).toBe(false);
    const parsed = parseDeductions(text, new Map([['张三', [A]], ['李四', [A, B]]]));
    expect(parsed.items).toEqual([{ employeeId: A, insurance: 'pension', employeeFen: 96_000 }, { employeeId: B, insurance: 'medical', employeeFen: 16_000 }]);
    expect(parsed.lines).toEqual([2, 3]);
    expect(parsed.problems).toEqual([
      { line: 4, column: 'personName', code: 'ambiguous_employee' },
      { line: 5, column: 'personName', code: 'unknown_employee' },
      { line: 6, column: 'insurance', code: 'duplicate' },
    ]);
  });

  it('points the API’s field errors back at the line and column they came from', () => {
    const lines = [2, 5, 6];
    expect(cellOfApiField('lines.1.periodFrom', lines, 'bill')).toEqual({ line: 5, column: 'periodFrom' });
    expect(cellOfApiField('lines[2].base', lines, 'bill')).toEqual({ line: 6, column: 'base' });
    expect(cellOfApiField('lines.0.employeeFen', lines, 'bill')).toEqual({ line: 2, column: 'employee' });
    expect(cellOfApiField('rows[1].employee', lines, 'deductions')).toEqual({ line: 5, column: 'deducted' });
    expect(cellOfApiField('rows[2]', lines, 'deductions')).toEqual({ line: 6 });
    expect(cellOfApiField('rows', lines, 'deductions')).toBeUndefined();
    expect(cellOfApiField('lines.9.base', lines, 'bill')).toBeUndefined();
  });
});

describe('the month’s figures', () => {
  const diff = (over: Partial<CloseDifference>): CloseDifference => ({
    id: 'x', employeeId: A, personName: '张三', insurance: 'pension', class: 'rate', amountFen: 0, expectedBaseFen: null, expectedEmployerFen: null, expectedEmployeeFen: null,
    billedBaseFen: null, billedEmployerFen: null, billedEmployeeFen: null, deductedFen: null, state: 'open', reason: null, adjustmentId: null, ...over,
  });

  it('sums expected vs billed per class, and expected vs deducted for missing deductions', () => {
    const totals = totalsByClass([
      diff({ class: 'missing_deduction', amountFen: 100, expectedEmployerFen: 1600, expectedEmployeeFen: 800, deductedFen: 700 }),
      diff({ class: 'rounding', amountFen: 1, expectedEmployerFen: 1600, expectedEmployeeFen: 800, billedEmployerFen: 1601, billedEmployeeFen: 800 }),
      diff({ class: 'headcount', amountFen: 2400, billedEmployerFen: 1600, billedEmployeeFen: 800 }),
      diff({ class: 'rounding', amountFen: -1, expectedEmployerFen: 10, expectedEmployeeFen: 5, billedEmployerFen: 9, billedEmployeeFen: 5 }),
    ]);
    expect(totals).toEqual([
      { class: 'headcount', count: 1, expectedFen: 0, billedFen: 2400, deductedFen: 0, amountFen: 2400 },
      { class: 'rounding', count: 2, expectedFen: 2415, billedFen: 2415, deductedFen: 0, amountFen: 0 },
      { class: 'missing_deduction', count: 1, expectedFen: 800, billedFen: 0, deductedFen: 700, amountFen: 100 },
    ]);
  });

  it('says what the month waits for, and where a correction goes', () => {
    const month: MonthClose = {
      entityId: A, cityCode: '110100', month: '2026-03', state: 'open', hasBill: false, billLines: 0, deductions: 0, matchedAt: null, openDifferences: 0, differences: 0,
      signedOffBy: null, signedOffAt: null, unlockReason: null,
      workflow: { id: null, waitingFor: ['bill', 'deductions'], remindedAt: null, paymentDue: null, paymentDueSource: null },
    };
    expect(stageOf(month)).toBe('awaiting_bill');
    expect(stageOf({ ...month, hasBill: true })).toBe('awaiting_deductions');
    expect(stageOf({ ...month, hasBill: true, deductions: 3 })).toBe('to_match');
    expect(stageOf({ ...month, hasBill: true, deductions: 3, matchedAt: '2026-04-01T00:00:00Z', openDifferences: 1 })).toBe('differences_open');
    expect(stageOf({ ...month, hasBill: true, deductions: 3, matchedAt: '2026-04-01T00:00:00Z' })).toBe('ready_to_lock');
    expect(stageOf({ ...month, state: 'locked' })).toBe('locked');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-03')).toBe('2026-04');
  });
});
