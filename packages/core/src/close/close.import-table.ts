import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { closeInvalid } from './close.errors';
import { excelCellText } from '../shared/index';

// A payroll export or a city's bill as a table of text cells: the first row is the header, each
// later row keeps its line number in the file (as the user sees it in Excel) for error messages.

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportTable {
  headers: string[];
  /** Cells by header, and the row's line number in the file (the header is line 1). */
  rows: { line: number; cells: Record<string, string> }[];
}

const MAX_ROWS = 200_000;

/** UTF-8 text, or GB18030 when it is not valid UTF-8 (Excel's Chinese CSV). */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function table(grid: string[][]): ImportTable {
  const [head, ...body] = grid;
  const headers = (head ?? []).map((h) => h.trim());
  if (headers.length === 0 || headers.every((h) => h === '')) throw closeInvalid('file', '文件第一行须为列名', 'The first row of the file must hold the column names');
  const seen = new Set<string>();
  for (const h of headers) {
    if (h !== '' && seen.has(h)) throw closeInvalid(`columns.${h}`, `列名“${h}”出现了两次`, `The column “${h}” appears twice`);
    seen.add(h);
  }
  if (body.length > MAX_ROWS) throw closeInvalid('file', `文件超过 ${MAX_ROWS} 行`, `The file has more than ${MAX_ROWS} rows`);
  const rows = body
    .map((cells, i) => ({ line: i + 2, cells: Object.fromEntries(headers.map((h, j) => [h, (cells[j] ?? '').trim()])) }))
    .filter((r) => Object.values(r.cells).some((v) => v !== ''));
  return { headers, rows };
}


/** Reads the file's first sheet (xlsx) or the CSV text into a table; 400 naming the file when it cannot be read. */
export async function readImportTable(bytes: Uint8Array, format: ImportFormat): Promise<ImportTable> {
  if (format === 'csv') {
    try {
      return table(parse(decode(bytes), { relax_column_count: true }) as string[][]);
    } catch (error) {
      if ((error as { status?: number }).status === 400) throw error;
      throw closeInvalid('file', `无法读取 CSV 文件：${(error as Error).message}`, `The CSV file cannot be read: ${(error as Error).message}`);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
  } catch {
    throw closeInvalid('file', '无法读取 Excel 文件，请上传 .xlsx 文件', 'The Excel file cannot be read: upload an .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw closeInvalid('file', 'Excel 文件没有工作表', 'The workbook has no sheet');
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => void (cells[col - 1] = excelCellText(cell.value)));
    grid[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return table(Array.from(grid, (r) => r ?? []));
}

/** Yuan with at most two decimals (commas allowed) to fen; null for an empty cell; 400 naming the row and column otherwise. */
export function yuanCell(text: string, line: number, header: string): number | null {
  const v = text.replace(/,/g, '').trim();
  if (v === '') return null;
  if (!/^-?\d{1,10}(\.\d{1,2})?$/.test(v)) throw closeInvalid(`rows[${line}].${header}`, `第 ${line} 行“${header}”须为金额（元，最多两位小数）`, `Row ${line}, “${header}”: must be an amount in yuan with at most two decimals`);
  const [int, dec = ''] = v.replace('-', '').split('.');
  const fen = Number(int) * 100 + Number(dec.padEnd(2, '0'));
  return v.startsWith('-') ? -fen : fen;
}
