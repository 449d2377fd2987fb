import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CONTRIBUTION_HEADERS, COVERAGE_HEADERS, ROSTER_HEADERS } from './legacy.generator';
import { LEGACY_FILES, type LegacyFile, type LegacyStore } from './legacy.store';

const QUERIES: Record<LegacyFile, { headers: string[]; sql: string }> = {
  roster: { headers: ROSTER_HEADERS, sql: 'select emp_no, name, id_number, hukou, city, hire_date, leave_date, wage from employees order by emp_no' },
  coverage: { headers: COVERAGE_HEADERS, sql: 'select id_number, name, city, insurance, month, status from coverage order by seq' },
  contributions: { headers: CONTRIBUTION_HEADERS, sql: 'select id_number, name, city, month, insurance, base, employer, employee from contributions order by seq' },
};

/**
 * The whole export as one .xlsx, one sheet per file, streamed: a merged title row over the
 * Chinese headers, as the old system's "导出 Excel" button makes it. Cells are text, as typed.
 */
export async function exportWorkbook(store: LegacyStore, out: Writable, company = '示例公司'): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  for (const file of Object.keys(QUERIES) as LegacyFile[]) {
    const { headers, sql } = QUERIES[file];
    const sheet = workbook.addWorksheet(LEGACY_FILES[file]);
    const title = sheet.addRow([`${company}${LEGACY_FILES[file]}`]);
    sheet.mergeCells(1, 1, 1, headers.length);
    title.commit();
    sheet.addRow(headers).commit();
    const { rows } = await store.pool.query({ text: sql, rowMode: 'array' });
    for (const row of rows as string[][]) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
}
