import { describe, expect, it } from 'vitest';
import { attendanceContentType, importProblem, XLSX_TYPE } from './shifts.api';
import { fenFromYuanText } from '@lianxu/web/plugin-kit/api';

describe('attendance import helpers', () => {
  it('sends a file as CSV or .xlsx by its name, and refuses anything else before uploading', () => {
    expect(attendanceContentType({ name: '考勤-2025-03.CSV', type: '' })).toBe('text/csv');
    expect(attendanceContentType({ name: 'march.xlsx', type: '' })).toBe(XLSX_TYPE);
    expect(attendanceContentType({ name: 'export', type: 'text/csv' })).toBe('text/csv');
    expect(attendanceContentType({ name: 'march.xls', type: 'application/vnd.ms-excel' })).toBeUndefined();
  });

  it('reads the row and column of each problem the API names', () => {
    expect(importProblem('rows[12].overtime_hours')).toEqual({ row: 12, column: 'overtime_hours' });
    expect(importProblem('header.date')).toEqual({ row: null, column: 'date' });
    expect(importProblem('file')).toEqual({ row: null, column: 'file' });
  });

  it('reads the overtime hourly rate in yuan as integer fen', () => {
    expect(fenFromYuanText('45.5')).toBe(4550);
    expect(fenFromYuanText(' 45 ')).toBe(4500);
    expect(fenFromYuanText('0.05')).toBe(5);
    expect(fenFromYuanText('')).toBeUndefined();
    expect(fenFromYuanText('4.555')).toBeNaN();
    expect(fenFromYuanText('abc')).toBeNaN();
  });
});
