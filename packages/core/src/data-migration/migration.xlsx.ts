import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { MigrationError } from './migration.errors';
import { excelCellText } from '../shared/index';

// An Excel export (.xlsx) turned into the CSV files a package holds, one per sheet, while packing:
// the loader then reads a workbook's rows exactly as it reads a CSV export's (same row numbers, same
// accounting). The workbook is read with exceljs' streaming reader, row by row, and each row written
// as it comes: a sheet of a million lines is never held in memory. The old system's merged title row
// is a row like any other here (its value sits in the first cell); empty rows are left out.

/** Bytes to text, a character split between two chunks joined again. */
async function* utf8(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

type ReaderBase = new (input: Readable, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) => ExcelJS.stream.xlsx.WorkbookReader & {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: AsyncIterable<Buffer | string>): AsyncGenerator<unknown>;
};

/**
 * exceljs' streaming reader decodes each chunk of a sheet's XML on its own, so a Chinese character
 * split between two chunks comes out as replacement characters (about one cell in ten thousand of
 * a legacy export). This reader hands it text decoded across chunk boundaries instead.
 */
class Utf8WorkbookReader extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as ReaderBase) {
  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(Readable.from(utf8(iterator)), sheetNo);
  }
  override _parseSharedStrings(entry: AsyncIterable<Buffer | string>) {
    return super._parseSharedStrings(Readable.from(utf8(entry)));
  }
}


/** A cell as the text a CSV export would hold: dates as YYYY-MM-DD (with the time if it has one), formulas as their result. */
export const cellText = (value: ExcelJS.CellValue | undefined): string => excelCellText(value, true);

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

async function write(out: WriteStream, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

const isWorkbook = (file: string) => /\.xlsx$/i.test(file);

/**
 * Writes each sheet of the workbook as `<sheet name>.csv` in `dir` and answers their paths in
 * sheet order. A file that is not a readable workbook is refused, naming it.
 */
export async function workbookToCsv(file: string, dir: string): Promise<string[]> {
  const written: string[] = [];
  const reader = new Utf8WorkbookReader(createReadStream(file), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      const name = String((sheet as unknown as { name?: string }).name ?? `Sheet${written.length + 1}`).replace(/[\\/:*?"<>|]/g, '_');
      const target = path.join(dir, `${name}.csv`);
      const out = createWriteStream(target, { mode: 0o600 });
      try {
        for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
          const values = row.values as ExcelJS.CellValue[];
          const cells: string[] = [];
          // exceljs numbers cells from 1: index 0 is always empty.
          for (let i = 1; i < values.length; i += 1) cells.push(cellText(values[i]));
          while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
          if (cells.length === 0) continue;
          await write(out, `${cells.map(csvCell).join(',')}\n`);
        }
      } finally {
        out.end();
        await once(out, 'close');
      }
      written.push(target);
    }
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(422, 'package_format', {
      'zh-CN': `“${path.basename(file)}”不是可读取的 Excel 工作簿（.xlsx）：${(error as Error).message}`,
      en: `"${path.basename(file)}" is not a readable Excel workbook (.xlsx): ${(error as Error).message}`,
    });
  }
  if (written.length === 0)
    throw new MigrationError(422, 'package_format', { 'zh-CN': `“${path.basename(file)}”中没有工作表`, en: `"${path.basename(file)}" has no sheets` });
  return written;
}

/** The export's files with every workbook replaced by its sheets as CSV files written into `dir`. */
export async function expandWorkbooks(files: readonly string[], dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) out.push(...(isWorkbook(file) ? await workbookToCsv(file, dir) : [file]));
  return out;
}
