import { calculateContributions, INSURANCE_NAMES_ZH, MAX_WAGE_FEN, parseYuanToFen, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { idNumberProblem } from '../shared/index';
import type { MigrationFile } from './migration.mapping';

// The row checks of a migration, pure: quality (formats, check digits, dates, required fields,
// duplicates), references (cities in the policy library, the employee on the accepted roster) and
// the per-line reconciliation (each contribution line recomputed by the policy engine, to the fen).
// A form that means one thing only (a lowercase x, full-width digits, 2024/7/1) is normalized and
// noted; anything else is quarantined with its reason, never guessed.

export type FindingLevel = 'quality' | 'reference' | 'reconciliation';
export type FindingOutcome = 'quarantined' | 'normalized' | 'noted';

export interface Finding {
  file: MigrationFile;
  row: number;
  column: string | null;
  level: FindingLevel;
  outcome: FindingOutcome;
  code: string;
  zh: string;
  en: string;
}

export interface RosterEmployee {
  idNumber: string;
  cityCode: string;
  wageFen: number;
  hukou: 'local' | 'non-local' | null;
}

export interface RuleContext {
  library: PolicyLibrary;
  today: string;
  /** Accepted roster, by normalized ID number (for coverage and contribution files). */
  roster: Map<string, RosterEmployee>;
  /** Keys seen in this file, for duplicates: key → first row. */
  seen: Map<string, number>;
  quotes: Map<string, ReturnType<typeof calculateContributions> | null>;
  /** Raw ID numbers that passed their check without a finding, and their normalized form (lines repeat a person's ID). */
  ids?: Map<string, string>;
  /** The coverage part of a contribution line is checked with its own duplicate keys (kept here, cleared per line). */
  lineView?: RuleContext;
}

export const INSURANCE_BY_ZH = new Map<string, Insurance>(Object.entries(INSURANCE_NAMES_ZH).map(([k, v]) => [v, k as Insurance]));

type Add = (column: string | null, level: FindingLevel, outcome: FindingOutcome, code: string, zh: string, en: string) => void;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The 18-digit form of a 15-digit ID (GB 11643: century 19 inserted, check character added). */
export function upgradeOldId(old15: string): string {
  const first17 = `${old15.slice(0, 6)}19${old15.slice(6)}`;
  return first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11]!;
}

/** Normalizes and checks an ID number; null when the row must be quarantined. */
export function checkIdNumber(raw: string, column: string, add: Add, today: string, noteForms = true): string | null {
  const trimmed = raw.trim();
  const halfWidth = trimmed.normalize('NFKC').replace(/\s+/g, '');
  if (noteForms && halfWidth !== trimmed) add(column, 'quality', 'normalized', 'id_full_width', '证件号码含全角字符，已转为半角', 'The ID number had full-width characters; converted to half-width');
  const value = halfWidth.toUpperCase();
  if (noteForms && value !== halfWidth) add(column, 'quality', 'normalized', 'id_lowercase_x', '证件号码末位小写 x 已改为大写 X', 'The ID number ended in a lowercase x; changed to X');
  if (!value) {
    add(column, 'quality', 'quarantined', 'required', '证件号码为空', 'The ID number is empty');
    return null;
  }
  if (/^\d{15}$/.test(value)) {
    add(column, 'quality', 'quarantined', 'id_old_15', `旧版 15 位身份证号，请换成 18 位（应为 ${upgradeOldId(value)}）`, `An old 15-digit ID number; replace it with the 18-digit one (${upgradeOldId(value)})`);
    return null;
  }
  const problem = idNumberProblem(value, today);
  if (problem === 'check_digit') {
    add(column, 'quality', 'quarantined', 'id_check_digit', '证件号码校验位不正确', 'The ID number check digit is wrong');
    return null;
  }
  if (problem) {
    add(column, 'quality', 'quarantined', 'id_invalid', '证件号码格式不正确（应为 18 位）', 'The ID number is not a valid 18-character number');
    return null;
  }
  return value;
}

const isoDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
};

/** Dates as old systems write them; each non-ISO form is noted as normalized. */
export function checkDate(raw: string, column: string, add: Add, required: boolean): string | null | undefined {
  const text = raw.trim();
  if (!text) {
    if (required) add(column, 'quality', 'quarantined', 'required', `${column}为空`, `${column} is empty`);
    return required ? undefined : null;
  }
  let m: RegExpExecArray | null;
  let value: string | null = null;
  let form = '';
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) value = isoDate(+m[1]!, +m[2]!, +m[3]!);
  else if ((m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text))) [value, form] = [isoDate(+m[1]!, +m[2]!, +m[3]!), 'date_slash'];
  else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) [value, form] = [isoDate(+m[1]!, +m[2]!, +m[3]!), 'date_compact'];
  else if (/^\d{5}$/.test(text)) [value, form] = [new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000).toISOString().slice(0, 10), 'date_excel_serial'];
  if (!value) {
    add(column, 'quality', 'quarantined', 'date_invalid', `${column}“${text}”不是有效日期`, `${column} "${text}" is not a valid date`);
    return undefined;
  }
  if (form) add(column, 'quality', 'normalized', form, `${column}“${text}”已按 ${value} 读取`, `${column} "${text}" read as ${value}`);
  return value;
}

function cityCode(raw: string, column: string, ctx: RuleContext, add: Add): string | null {
  const city = ctx.library.findCity(raw.trim());
  if (!city) add(column, 'reference', 'quarantined', 'city_unknown', `参保城市“${raw}”不在政策库中`, `The city "${raw}" is not in the policy library`);
  return city?.code ?? null;
}

function duplicate(key: string, row: number, ctx: RuleContext, add: Add, code: string, what: [string, string]): boolean {
  const first = ctx.seen.get(key);
  if (first === undefined) {
    ctx.seen.set(key, row);
    return false;
  }
  add(null, 'quality', 'quarantined', code, `与第 ${first} 行重复（${what[0]}）`, `Duplicates row ${first} (${what[1]})`);
  return true;
}

export interface RosterRecord {
  empNo: string | null;
  name: string;
  idNumber: string;
  hukou: 'local' | 'non-local' | null;
  cityCode: string;
  hireDate: string;
  leaveDate: string | null;
  wageFen: number;
}

const cell = (record: string[], cols: Record<string, number>, field: string) => (cols[field] === undefined ? '' : (record[cols[field]!] ?? ''));

export function checkRosterRow(record: string[], cols: Record<string, number>, headers: string[], row: number, ctx: RuleContext, add: Add): RosterRecord | null {
  const h = (field: string) => headers[cols[field]!] ?? field;
  const id = checkIdNumber(cell(record, cols, 'idNumber'), h('idNumber'), add, ctx.today);
  const name = cell(record, cols, 'name').trim();
  if (!name) add(h('name'), 'quality', 'quarantined', 'required', '姓名为空', 'The name is empty');
  const city = cityCode(cell(record, cols, 'city'), h('city'), ctx, add);
  const hire = checkDate(cell(record, cols, 'hireDate'), h('hireDate'), add, true);
  const leave = cols.leaveDate === undefined ? null : checkDate(cell(record, cols, 'leaveDate'), h('leaveDate'), add, false);
  const wageText = cell(record, cols, 'wage').trim();
  const wageFen = wageText ? parseYuanToFen(wageText) : null;
  if (!wageText) add(h('wage'), 'quality', 'quarantined', 'wage_missing', '月工资为空：无法复核缴费基数', 'The monthly wage is empty: the contribution base cannot be checked');
  else if (wageFen === null || wageFen <= 0 || wageFen > MAX_WAGE_FEN) add(h('wage'), 'quality', 'quarantined', 'wage_invalid', `月工资“${wageText}”无法识别`, `The wage "${wageText}" is not understood`);
  const hukouText = cell(record, cols, 'hukou').trim();
  const hukou = hukouText === '本地' || hukouText === '城镇' ? 'local' : hukouText === '外地' || hukouText === '农村' ? 'non-local' : null;
  if (!id || !name || !city || !hire || leave === undefined || wageFen === null || wageFen <= 0 || wageFen > MAX_WAGE_FEN) return null;
  if (duplicate(id, row, ctx, add, 'duplicate_employee', ['同一证件号码', 'same ID number'])) return null;
  return { empNo: cell(record, cols, 'employeeNo').trim() || null, name, idNumber: id, hukou, cityCode: city, hireDate: hire, leaveDate: leave, wageFen };
}

function checkMonth(raw: string, column: string, add: Add): string | null {
  const text = raw.trim();
  const m = /^(\d{4})-?(\d{2})$/.exec(text) ?? /^(\d{4})\/(\d{1,2})$/.exec(text);
  if (!m || +m[2]! < 1 || +m[2]! > 12) {
    add(column, 'quality', 'quarantined', 'month_invalid', `月份“${text}”无法识别`, `The month "${text}" is not understood`);
    return null;
  }
  return `${m[1]}-${m[2]!.padStart(2, '0')}`;
}

function rosterEmployee(id: string | null, column: string, ctx: RuleContext, add: Add): RosterEmployee | null {
  if (!id) return null;
  const e = ctx.roster.get(id);
  if (!e) add(column, 'reference', 'quarantined', 'employee_not_accepted', '该员工不在已通过校验的花名册中', 'This employee is not on the accepted roster');
  return e ?? null;
}

export interface CoverageRecord {
  idNumber: string;
  cityCode: string;
  insurance: Insurance;
  month: string;
}

export function checkCoverageRow(record: string[], cols: Record<string, number>, headers: string[], row: number, ctx: RuleContext, add: Add): CoverageRecord | null {
  const h = (field: string) => headers[cols[field]!] ?? field;
  const rawId = cell(record, cols, 'idNumber');
  let id = ctx.ids?.get(rawId) ?? null;
  if (id === null) {
    let found = false;
    id = checkIdNumber(rawId, h('idNumber'), (...a) => ((found = true), add(...a)), ctx.today, false);
    if (id !== null && !found) {
      ctx.ids ??= new Map();
      if (ctx.ids.size >= 100_000) ctx.ids.clear();
      ctx.ids.set(rawId, id);
    }
  }
  const employee = rosterEmployee(id, h('idNumber'), ctx, add);
  const city = cityCode(cell(record, cols, 'city'), h('city'), ctx, add);
  const insurance = INSURANCE_BY_ZH.get(cell(record, cols, 'insurance').trim());
  if (!insurance) add(h('insurance'), 'quality', 'quarantined', 'insurance_unknown', `险种“${cell(record, cols, 'insurance')}”无法识别`, `The insurance "${cell(record, cols, 'insurance')}" is not known`);
  const month = checkMonth(cell(record, cols, 'month'), h('month'), add);
  if (!id || !employee || !city || !insurance || !month) return null;
  if (duplicate(`${id}|${month}|${insurance}`, row, ctx, add, 'duplicate_coverage', ['同一人、月份和险种', 'same person, month and insurance'])) return null;
  return { idNumber: id, cityCode: city, insurance, month };
}

export interface ContributionRecord extends CoverageRecord {
  baseFen: number;
  employerFen: number;
  employeeFen: number;
}

function quote(ctx: RuleContext, city: string, month: string, wageFen: number, hukou: RosterEmployee['hukou']) {
  const key = `${city}|${month}|${wageFen}|${hukou}`;
  let q = ctx.quotes.get(key);
  if (q === undefined) {
    try {
      q = calculateContributions({ city, month, wageFen, hukou: hukou ?? undefined });
    } catch {
      q = null;
    }
    // Bounded: lines come grouped by person and month, so recent quotes are the ones asked again;
    // an unbounded cache held one quote per employee-month of the whole file.
    if (ctx.quotes.size >= 20_000) ctx.quotes.clear();
    ctx.quotes.set(key, q);
  }
  return q;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

export function checkContributionRow(record: string[], cols: Record<string, number>, headers: string[], row: number, ctx: RuleContext, add: Add): ContributionRecord | null {
  // The coverage checks of the line without its duplicate rule (a line's duplicate key is checked below).
  const view = (ctx.lineView ??= { ...ctx, seen: new Map() });
  view.seen.clear();
  const base = checkCoverageRow(record, cols, headers, row, view, add);
  ctx.ids = view.ids;
  const money = (field: string) => {
    const v = parseYuanToFen(cell(record, cols, field).trim());
    if (v === null || v < 0) add(headers[cols[field]!] ?? field, 'quality', 'quarantined', 'amount_invalid', `金额“${cell(record, cols, field)}”无法识别`, `The amount "${cell(record, cols, field)}" is not understood`);
    return v;
  };
  const baseFen = money('base');
  const employerFen = money('employer');
  const employeeFen = money('employee');
  if (!base || baseFen === null || employerFen === null || employeeFen === null || baseFen < 0 || employerFen < 0 || employeeFen < 0) return null;
  if (duplicate(`${base.idNumber}|${base.month}|${base.insurance}`, row, ctx, add, 'duplicate_line', ['同一人、月份和险种', 'same person, month and insurance'])) return null;
  const employee = ctx.roster.get(base.idNumber)!;
  const expected = quote(ctx, base.cityCode, base.month, employee.wageFen, employee.hukou)?.lines.find((l) => l.insurance === base.insurance);
  const column = headers[cols.base!] ?? 'base';
  if (!expected) {
    add(column, 'reconciliation', 'quarantined', 'not_recomputable', '政策库中没有该城市该月份该险种的费率，无法复核', 'The policy library has no rates for this city, month and insurance: the line cannot be checked');
    return null;
  }
  const floor = quote(ctx, base.cityCode, base.month, 1, employee.hukou)?.lines.find((l) => l.insurance === base.insurance)?.baseFen;
  const cap = quote(ctx, base.cityCode, base.month, MAX_WAGE_FEN, employee.hukou)?.lines.find((l) => l.insurance === base.insurance)?.baseFen;
  if (floor !== undefined && baseFen < floor) {
    add(column, 'reconciliation', 'quarantined', 'base_below_floor', `缴费基数 ${yuan(baseFen)} 低于下限 ${yuan(floor)}`, `The base ${yuan(baseFen)} is below the floor ${yuan(floor)}`);
    return null;
  }
  if (cap !== undefined && baseFen > cap) {
    add(column, 'reconciliation', 'quarantined', 'base_above_cap', `缴费基数 ${yuan(baseFen)} 高于上限 ${yuan(cap)}`, `The base ${yuan(baseFen)} is above the cap ${yuan(cap)}`);
    return null;
  }
  if (baseFen !== expected.baseFen || employerFen !== expected.employerFen || employeeFen !== expected.employeeFen) {
    const diff = employerFen + employeeFen - expected.employerFen - expected.employeeFen;
    add(column, 'reconciliation', 'quarantined', 'amount_mismatch', `按政策复核应为基数 ${yuan(expected.baseFen)}、单位 ${yuan(expected.employerFen)}、个人 ${yuan(expected.employeeFen)}（差 ${diff} 分）`, `The policy gives base ${yuan(expected.baseFen)}, employer ${yuan(expected.employerFen)}, employee ${yuan(expected.employeeFen)} (${diff} fen apart)`);
    return null;
  }
  return { ...base, baseFen, employerFen, employeeFen };
}
