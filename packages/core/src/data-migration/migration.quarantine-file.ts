import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { excelCellText } from '../shared/index';
import { sandboxSchema } from './migration.loader';
import { MIGRATION_FILE_NAMES, MIGRATION_FILES, type MigrationFile } from './migration.mapping';
import { MigrationError } from './migration.package';
import type { Correction } from './migration.revalidate';
import { migrationRunNotFound, type QuarantineQuery } from './migration.views';

// The quarantine as an Excel workbook, and a corrections file read back. The export has one line
// per reason a row is quarantined: file, row, column, reason (in the request's language), the
// column's value, an empty "corrected value" to fill in, and the row's raw values. The same shape
// comes back as the corrections file (CSV or xlsx): file, row, column and corrected value are read;
// a line without a corrected value is left out.

export type ExportLanguage = 'zh-CN' | 'en';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns of the export, by language; the corrections file is read by either set of names. */
const HEAD = {
  file: { 'zh-CN': '文件', en: 'File' },
  row: { 'zh-CN': '行号', en: 'Row' },
  column: { 'zh-CN': '列', en: 'Column' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  value: { 'zh-CN': '原值', en: 'Value' },
  corrected: { 'zh-CN': '更正值', en: 'Corrected value' },
  raw: { 'zh-CN': '原始行', en: 'Raw row' },
} as const;
const MAX_EXPORT_ROWS = 200_000;

/** The (filtered) quarantine of a run as an xlsx workbook. */
export async function exportQuarantineXlsx(db: Kysely<Database>, tenantId: string, runId: string, q: Pick<QuarantineQuery, 'file' | 'reason'>, lang: ExportLanguage): Promise<Uint8Array> {
  const rows = await withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('loaded_files').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (!run.loaded_files.length) return [];
    const s = sandboxSchema(runId);
    return (await sql<{ file: MigrationFile; source_row: number; raw: Record<string, string>; column_name: string | null; reason_zh: string; reason_en: string }>`
      select qr.file, qr.source_row, qr.raw, f.column_name, f.reason_zh, f.reason_en
        from ${sql.table(`${s}.quarantine`)} qr join ${sql.table(`${s}.findings`)} f on f.file = qr.file and f.source_row = qr.source_row and f.outcome = 'quarantined'
       where (${q.file ?? null}::text is null or qr.file = ${q.file ?? null})
         and (${q.reason ?? null}::text is null or exists (select 1 from ${sql.table(`${s}.findings`)} g
              where g.file = qr.file and g.source_row = qr.source_row and g.outcome = 'quarantined' and g.code = ${q.reason ?? null}))
       order by array_position(${[...MIGRATION_FILES]}::text[], qr.file), qr.source_row, f.seq
       limit ${MAX_EXPORT_ROWS}`.execute(trx)).rows;
  });
  const book = new ExcelJS.Workbook();
  book.creator = 'Lianxu';
  const sheet = book.addWorksheet(lang === 'zh-CN' ? '隔离行' : 'Quarantine', { views: [{ state: 'frozen', ySplit: 1 }] });
  const keys = Object.keys(HEAD) as (keyof typeof HEAD)[];
  sheet.columns = keys.map((k) => ({ header: HEAD[k][lang], key: k, width: k === 'reason' || k === 'raw' ? 60 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows)
    sheet.addRow({
      file: lang === 'zh-CN' ? MIGRATION_FILE_NAMES[r.file] : r.file, row: r.source_row, column: r.column_name ?? '', reason: lang === 'zh-CN' ? r.reason_zh : r.reason_en,
      value: r.column_name === null ? '' : (r.raw[r.column_name] ?? ''), corrected: '', raw: Object.entries(r.raw).map(([k, v]) => `${k}=${v}`).join('; '),
    });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const refuse = (field: string, zh: string, en: string) =>
  new MigrationError(422, 'corrections_invalid', { 'zh-CN': '更正文件有误，请检查标出的字段', en: 'The corrections file is invalid; see the fields named' }, { [field]: { 'zh-CN': zh, en } });


async function grid(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<string[][]> {
  if (format === 'csv') {
    try {
      return parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    } catch (error) {
      throw refuse('file', `无法读取 CSV 文件：${(error as Error).message}`, `The CSV file cannot be read: ${(error as Error).message}`);
    }
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as never);
  } catch {
    throw refuse('file', '无法读取 Excel 文件，请上传 .xlsx 文件', 'The Excel file cannot be read: upload an .xlsx workbook');
  }
  const out: string[][] = [];
  book.worksheets[0]?.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => void (cells[col - 1] = excelCellText(cell.value)));
    out[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}

const FILE_BY_NAME = new Map<string, MigrationFile>(MIGRATION_FILES.flatMap((f) => [[f, f], [MIGRATION_FILE_NAMES[f], f]] as [string, MigrationFile][]));

/** The corrections of a file in the export's shape; each bad line named as `rows[<line>].<column>`. */
export async function readCorrections(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<Correction[]> {
  const [head, ...body] = await grid(bytes, format);
  const names = (head ?? []).map((h) => h.trim());
  const at = (k: keyof typeof HEAD) => names.findIndex((n) => n === HEAD[k]['zh-CN'] || n.toLowerCase() === HEAD[k].en.toLowerCase());
  const idx = { file: at('file'), row: at('row'), column: at('column'), corrected: at('corrected') };
  for (const [k, i] of Object.entries(idx) as [keyof typeof idx, number][])
    if (i < 0) throw refuse(`columns.${HEAD[k]['zh-CN']}`, `缺少“${HEAD[k]['zh-CN']}”列`, `The column "${HEAD[k].en}" is missing`);
  const out: Correction[] = [];
  const problems: Record<string, { 'zh-CN': string; en: string }> = {};
  body.forEach((cells, n) => {
    const line = n + 2;
    const value = (cells[idx.corrected] ?? '').trim();
    if (!value) return;
    const file = FILE_BY_NAME.get((cells[idx.file] ?? '').trim());
    const row = Number((cells[idx.row] ?? '').trim());
    const column = (cells[idx.column] ?? '').trim();
    if (!file) problems[`rows[${line}].${HEAD.file.en}`] = { 'zh-CN': `第 ${line} 行：文件应为 ${MIGRATION_FILES.map((f) => MIGRATION_FILE_NAMES[f]).join('、')}`, en: `line ${line}: the file must be one of ${MIGRATION_FILES.join(', ')}` };
    else if (!Number.isInteger(row) || row < 1) problems[`rows[${line}].${HEAD.row.en}`] = { 'zh-CN': `第 ${line} 行：行号应为正整数`, en: `line ${line}: the row must be a positive whole number` };
    else if (!column) problems[`rows[${line}].${HEAD.column.en}`] = { 'zh-CN': `第 ${line} 行：请填写要更正的列`, en: `line ${line}: name the column to correct` };
    else out.push({ file, row, column, value });
  });
  if (Object.keys(problems).length)
    throw new MigrationError(422, 'corrections_invalid', { 'zh-CN': '更正文件有误，请检查标出的行', en: 'The corrections file is invalid; see the lines named' }, problems);
  if (!out.length) throw refuse('file', '更正文件中没有填写任何更正值', 'The corrections file has no corrected value filled in');
  return out;
}
