import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, NOT_FOR_USERS, SYNONYMS } from '../../apps/web/src/i18n/glossary';

// #19: the glossary the web messages follow (apps/web/src/i18n/glossary.ts) holds for what leaves
// the product too: the SMS texts employees receive and the headers and labels of every export
// (risk report PDF/Excel, payroll and finance exports, the filing sheets, the close's files, the
// quarantine export, the employee list, the plugins' reports). The texts are read from the source
// files that write them: every string with Chinese in it, and the English written beside it (the
// next string, `'zh-CN': '…', en: '…'` or `f('…', '…')`), so a new column or SMS is checked too.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Where SMS texts are written. */
const SMS_FILES = ['packages/core/src/coverage/stop-notice.ts', 'packages/core/src/intake/intake.service.ts'];

/** Where export headers and labels are written. */
const EXPORT_FILES = [
  'packages/core/src/documents/document.labels.ts',
  'packages/core/src/documents/risk-report.xlsx.ts',
  'packages/core/src/documents/risk-report.pdf.ts',
  'packages/core/src/risk/risk-report.rows.ts',
  // The risk report's rows: each rule's title and suggested action.
  'packages/core/src/risk/rules/base.rules.ts',
  'packages/core/src/risk/rules/contribution.rules.ts',
  'packages/core/src/risk/rules/coverage.rules.ts',
  'packages/core/src/risk/rules/fund.rules.ts',
  'packages/core/src/risk/rules/stop.rules.ts',
  'plugins/manufacturing-shifts/src/overtime-base.risk.ts',
  'plugins/retail-branches/src/branch-city.risk.ts',
  'packages/core/src/payroll-exports/payroll-exports.files.ts',
  'packages/core/src/payroll-exports/month-deductions.ts',
  'packages/core/src/payroll-exports/month-vouchers.ts',
  'packages/core/src/payroll-exports/finance-vouchers.ts',
  'packages/core/src/filing/filing-sheet.service.ts',
  'packages/core/src/filing/base-change-sheet.ts',
  'packages/core/src/base-adjustment/base-adjustment.sheet.ts',
  'packages/core/src/close/close.import-table.ts',
  'packages/core/src/data-migration/migration.quarantine-file.ts',
  'packages/core/src/people/employee-workbook.ts',
  'plugins/manufacturing-shifts/src/headcount.report.ts',
  'plugins/retail-branches/src/branch-summary.ts',
];

type Text = { file: string; zh: string; en?: string };

const CJK = /[\u4e00-\u9fff]/;

/** Every string literal of a source file with Chinese in it, with the English literal written right after it, if any. */
export function textsOf(file: string): Text[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    // A former header (`formerly: { zh, en }`) is read by an import of old files, never written.
    .replace(/formerly:\s*\{[^}]*\}/g, '');
  const literals = [...source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)].map((m) => ({ text: m[1] ?? m[2] ?? m[3] ?? '', start: m.index!, end: m.index! + m[0].length }));
  const texts: Text[] = [];
  literals.forEach((l, i) => {
    if (!CJK.test(l.text)) return;
    const next = literals[i + 1];
    const between = next ? source.slice(l.end, next.start) : '';
    const paired = next && !CJK.test(next.text) && /[a-z]/i.test(next.text) && /^\s*,\s*(en\s*:\s*)?$/.test(between);
    texts.push({ file, zh: l.text, en: paired ? next.text : undefined });
  });
  // Pairs inside a template literal (`${pick(lang, { 'zh-CN': '城市', en: 'City' })}: …`) too.
  for (const m of source.matchAll(/'zh-CN':\s*'([^'\n]*)',\s*en:\s*'([^'\n]*)'/g)) texts.push({ file, zh: m[1]!, en: m[2]! });
  return texts;
}

const sms = SMS_FILES.flatMap(textsOf);
const exports = EXPORT_FILES.flatMap(textsOf);

function offGlossary(texts: Text[]): string[] {
  const off: string[] = [];
  for (const t of texts) {
    for (const w of NOT_FOR_USERS) if (t.zh.includes(w.word)) off.push(`${t.file}: "${t.zh}" says ${w.word} (say ${w.instead})`);
    for (const s of SYNONYMS) {
      if (s.zh && t.zh.includes(s.zh)) off.push(`${t.file}: "${t.zh}" says ${s.zh} (the glossary says ${s.term})`);
      if (s.en && t.en && s.en.test(t.en)) off.push(`${t.file}: "${t.en}" says ${s.en} (the glossary says ${s.term})`);
    }
    if (t.en === undefined) continue;
    for (const term of GLOSSARY) if (t.zh.includes(term.zh) && !term.enPattern.test(t.en)) off.push(`${t.file}: ${term.zh} → "${term.en}" missing in "${t.en}"`);
  }
  return off;
}

describe('the glossary beyond the pages', () => {
  it('finds the texts it checks (the SMS texts and the export headers are where the test reads them)', () => {
    expect(sms.some((t) => t.zh.includes('减员已确认'))).toBe(true);
    expect(sms.some((t) => t.zh.includes('入职登记表'))).toBe(true);
    expect(exports.filter((t) => t.en !== undefined).length).toBeGreaterThan(40);
    expect(exports.some((t) => t.zh === '涉及金额（元）' && t.en === 'At stake (CNY)')).toBe(true);
  });

  it('holds for the SMS texts employees receive', () => {
    expect(offGlossary(sms)).toEqual([]);
  });

  it('holds for every export header and label, in Chinese and in the English beside it', () => {
    expect(offGlossary(exports)).toEqual([]);
  });
});
