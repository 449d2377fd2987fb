import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText, workbookToCsv } from './migration.xlsx';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('an Excel export as CSV files', () => {
  it('writes each sheet as <sheet>.csv, the merged title row first, Chinese text intact across chunk boundaries', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-xlsx-'));
    dirs.push(dir);
    const file = path.join(dir, 'export.xlsx');
    const sink = createWriteStream(file);
    const closed = new Promise((resolve) => sink.on('close', () => resolve(null)));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
    const rows: string[][] = [];
    for (const name of ['花名册', '缴费明细']) {
      const sheet = wb.addWorksheet(name);
      const title = sheet.addRow([`示例公司${name}`]);
      sheet.mergeCells(1, 1, 1, 3);
      title.commit();
      sheet.addRow(['证件号码', '姓名', '备注']).commit();
      // Enough three-byte characters that the XML's chunks split some of them.
      for (let i = 0; i < 6000; i += 1) {
        const row = [`1101051990${String(i).padStart(8, '0')}`, `张三丰${i}`, i % 7 === 0 ? '含逗号,与"引号"' : '参保缴费明细'.repeat(8)];
        if (name === '花名册') rows.push(row);
        sheet.addRow(row).commit();
      }
      sheet.commit();
    }
    await wb.commit();
    await closed;
    const files = await workbookToCsv(file, dir);
    expect(files.map((f) => path.basename(f))).toEqual(['花名册.csv', '缴费明细.csv']);
    const lines = (await readFile(files[0]!, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('示例公司花名册');
    expect(lines[1]).toBe('证件号码,姓名,备注');
    expect(lines).toHaveLength(6002);
    expect(lines.join('\n')).not.toContain('\ufffd');
    expect(lines[2 + 7]).toBe(`${rows[7]![0]},${rows[7]![1]},"含逗号,与""引号"""`);
  });

  it('gives dates as YYYY-MM-DD, formulas as their result and rich text as its text', () => {
    expect(cellText(new Date(Date.UTC(2024, 6, 1)))).toBe('2024-07-01');
    expect(cellText(45474)).toBe('45474');
    expect(cellText({ formula: 'A1*2', result: 24000 } as ExcelJS.CellValue)).toBe('24000');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] } as ExcelJS.CellValue)).toBe('张三');
    expect(cellText(null)).toBe('');
  });
});
