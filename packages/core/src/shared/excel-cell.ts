import type ExcelJS from 'exceljs';

// One reading of an exceljs cell as text, for every module that reads a workbook people upload or
// an old system exports (close imports, migration exports and corrections, the employee workbook).

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as the text a CSV export would hold: a date as YYYY-MM-DD (with its time when `withTime`
 * and it has one), a formula as its result, rich text joined, an error as its code.
 *
 * @example excelCellText({ richText: [{ text: '张' }, { text: '三' }] }) // '张三'
 */
export function excelCellText(value: ExcelJS.CellValue | undefined, withTime = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const ms = value.getTime() % 86_400_000;
    return !withTime || ms === 0 ? day : `${day} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return excelCellText(value.result as ExcelJS.CellValue, withTime);
  if ('formula' in value || 'sharedFormula' in value) return '';
  if ('text' in value) return typeof value.text === 'string' ? value.text : excelCellText(value.text as ExcelJS.CellValue, withTime);
  if ('error' in value) return String(value.error);
  return '';
}
