import {
  calculateContributions,
  createQuoteBuffer,
  HUKOU_LOCAL,
  HUKOU_NON_LOCAL,
  HUKOU_UNKNOWN,
  INSURANCE_NAMES_ZH,
  INSURANCES,
  MAX_WAGE_FEN,
  OUT_MISSING,
  OUT_STRIDE,
  parseMonthKey,
  parseYuanToFen,
  type Insurance,
  type PolicyLibrary,
} from '@lianxu/policy';
import { idNumberProblem } from '../shared/index';
import type { MigrationFile } from './migration.mapping';
import { entityProblem, type CityEntities } from './migration.entities';

// The row checks of a migration, pure: quality (formats, check digits, dates, required fields,
// duplicates), references (cities in the policy library, an employing entity registered in the
// roster row's city, the employee on the accepted roster) and
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
  /** The tenant's entities registered per city (roster rows): a city without exactly one quarantines the row. */
  entities?: CityEntities;
  /** Accepted roster, by normalized ID number (for coverage and contribution files). */
  roster: Map<string, RosterEmployee>;
  /** Roster keys seen in this file, for duplicates: ID number → first row. */
  seen: Map<string, number>;
  /** Raw ID numbers that passed their check without a finding, and their normalized form (lines repeat a person's ID). */
  ids?: Map<string, string>;
  /** Per person, the months and insurances of coverage rows or contribution lines seen: key → first row. */
  lines?: Map<string, Map<number, number>>;
  months?: Map<string, string>;
  /** The last line's ID number as written and its checked form (one that passed without a finding). */
  lastId?: { raw: string; id: string };
  cities?: Map<string, string>;
  bounds?: Map<string, { floor: Map<Insurance, number>; cap: Map<Insurance, number> }>;
  /** The last quote asked (lines come grouped by person and month), in the engine's flat buffer. */
  quote?: Quote;
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
  const entity = city && ctx.entities ? entityProblem(ctx.entities, city, cell(record, cols, 'city').trim()) : null;
  if (entity) add(h('city'), 'reference', 'quarantined', entity.code, entity.zh, entity.en);
  const hire = checkDate(cell(record, cols, 'hireDate'), h('hireDate'), add, true);
  const leave = cols.leaveDate === undefined ? null : checkDate(cell(record, cols, 'leaveDate'), h('leaveDate'), add, false);
  const wageText = cell(record, cols, 'wage').trim();
  const wageFen = wageText ? parseYuanToFen(wageText) : null;
  if (!wageText) add(h('wage'), 'quality', 'quarantined', 'wage_missing', '月工资为空：无法复核缴费基数', 'The monthly wage is empty: the contribution base cannot be checked');
  else if (wageFen === null || wageFen <= 0 || wageFen > MAX_WAGE_FEN) add(h('wage'), 'quality', 'quarantined', 'wage_invalid', `月工资“${wageText}”无法识别`, `The wage "${wageText}" is not understood`);
  const hukouText = cell(record, cols, 'hukou').trim();
  const hukou = hukouText === '本地' || hukouText === '城镇' ? 'local' : hukouText === '外地' || hukouText === '农村' ? 'non-local' : null;
  if (!id || !name || !city || entity || !hire || leave === undefined || wageFen === null || wageFen <= 0 || wageFen > MAX_WAGE_FEN) return null;
  if (duplicate(id, row, ctx, add, 'duplicate_employee', ['同一证件号码', 'same ID number'])) return null;
  return { empNo: cell(record, cols, 'employeeNo').trim() || null, name, idNumber: id, hukou, cityCode: city, hireDate: hire, leaveDate: leave, wageFen };
}

/**
 * A copy of a string that owns its characters. A cell as parsed can be a slice of the whole decoded
 * chunk it came from; kept as a map key it kept that chunk alive (every chunk of a million-line file).
 */
export const detach = (text: string): string => (text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8'));

/** Months as old systems write them (2024-07, 202407, 2024/7), as YYYY-MM; the forms seen are remembered per file. */
function checkMonth(raw: string, column: string, add: Add, ctx: RuleContext): string | null {
  const known = ctx.months?.get(raw);
  if (known) return known;
  const text = raw.trim();
  const m = /^(\d{4})-?(\d{2})$/.exec(text) ?? /^(\d{4})\/(\d{1,2})$/.exec(text);
  if (!m || +m[2]! < 1 || +m[2]! > 12) {
    add(column, 'quality', 'quarantined', 'month_invalid', `月份“${text}”无法识别`, `The month "${text}" is not understood`);
    return null;
  }
  const month = `${m[1]}-${m[2]!.padStart(2, '0')}`;
  (ctx.months ??= new Map()).set(detach(raw), month);
  return month;
}

function rosterEmployee(id: string | null, column: string, ctx: RuleContext, add: Add): RosterEmployee | null {
  if (!id) return null;
  const e = ctx.roster.get(id);
  if (!e) add(column, 'reference', 'quarantined', 'employee_not_accepted', '该员工不在已通过校验的花名册中', 'This employee is not on the accepted roster');
  return e ?? null;
}

/** A city name or code as written, to its code; the names seen are remembered per file. */
function lineCity(raw: string, column: string, ctx: RuleContext, add: Add): string | null {
  const known = ctx.cities?.get(raw);
  if (known) return known;
  const code = cityCode(raw, column, ctx, add);
  if (code) (ctx.cities ??= new Map()).set(detach(raw), code);
  return code;
}

/** A raw ID number to its checked form; one that passed without a finding is remembered (lines repeat a person's ID). */
function lineId(rawId: string, column: string, ctx: RuleContext, add: Add): string | null {
  // A person's lines follow each other: the previous line's ID, compared as text, is the one seen again.
  const last = ctx.lastId;
  if (last !== undefined && last.raw === rawId) return last.id;
  const known = ctx.ids?.get(rawId);
  if (known) {
    ctx.lastId = { raw: detach(rawId), id: known };
    return known;
  }
  let found = false;
  const checked = checkIdNumber(rawId, column, (...a) => ((found = true), add(...a)), ctx.today, false);
  if (checked === null) return null;
  const id = detach(checked);
  if (!found) {
    ctx.ids ??= new Map();
    if (ctx.ids.size >= 100_000) ctx.ids.clear();
    const raw = detach(rawId);
    ctx.ids.set(raw, id);
    ctx.lastId = { raw, id };
  }
  return id;
}

export interface CoverageRecord {
  idNumber: string;
  cityCode: string;
  insurance: Insurance;
  month: string;
}

const headerOf = (headers: string[], cols: Record<string, number>, field: string) => headers[cols[field]!] ?? field;

/** The checks a coverage row and a contribution line share: person, city, insurance, month (no duplicate rule). */
function coverageOf(record: string[], cols: Record<string, number>, headers: string[], ctx: RuleContext, add: Add): CoverageRecord | null {
  const id = lineId(cell(record, cols, 'idNumber'), headerOf(headers, cols, 'idNumber'), ctx, add);
  const employee = rosterEmployee(id, headerOf(headers, cols, 'idNumber'), ctx, add);
  const city = lineCity(cell(record, cols, 'city'), headerOf(headers, cols, 'city'), ctx, add);
  const insuranceText = cell(record, cols, 'insurance');
  const insurance = INSURANCE_BY_ZH.get(insuranceText) ?? INSURANCE_BY_ZH.get(insuranceText.trim());
  if (!insurance) add(headerOf(headers, cols, 'insurance'), 'quality', 'quarantined', 'insurance_unknown', `险种“${insuranceText}”无法识别`, `The insurance "${insuranceText}" is not known`);
  const month = checkMonth(cell(record, cols, 'month'), headerOf(headers, cols, 'month'), add, ctx);
  if (!id || !employee || !city || !insurance || !month) return null;
  return { idNumber: id, cityCode: city, insurance, month };
}

const INSURANCE_INDEX = new Map<Insurance, number>([...INSURANCE_BY_ZH.values()].map((insurance, i) => [insurance, i]));

/**
 * Duplicate rule of a person's month and insurance. Kept per person as small numbers (month × 16 +
 * insurance) rather than one string per line: a million lines held about 100 MB of keys.
 */
function duplicateLine(c: CoverageRecord, row: number, ctx: RuleContext, add: Add, code: string): boolean {
  let months = ctx.lines?.get(c.idNumber);
  if (!months) (ctx.lines ??= new Map()).set(c.idNumber, (months = new Map()));
  const m = c.month; // YYYY-MM, checked: read as digits without slicing
  const year = (m.charCodeAt(0) - 48) * 1000 + (m.charCodeAt(1) - 48) * 100 + (m.charCodeAt(2) - 48) * 10 + (m.charCodeAt(3) - 48);
  const key = (year * 12 + (m.charCodeAt(5) - 48) * 10 + (m.charCodeAt(6) - 48)) * 16 + INSURANCE_INDEX.get(c.insurance)!;
  const first = months.get(key);
  if (first === undefined) {
    months.set(key, row);
    return false;
  }
  add(null, 'quality', 'quarantined', code, `与第 ${first} 行重复（同一人、月份和险种）`, `Duplicates row ${first} (same person, month and insurance)`);
  return true;
}

/** Remembers an accepted row's person, month and insurance (re-validation: later rows are checked against it). */
export const rememberLine = (ctx: RuleContext, c: CoverageRecord, row: number): void => void duplicateLine(c, row, ctx, () => undefined, 'seen');

export function checkCoverageRow(record: string[], cols: Record<string, number>, headers: string[], row: number, ctx: RuleContext, add: Add): CoverageRecord | null {
  const c = coverageOf(record, cols, headers, ctx, add);
  if (!c || duplicateLine(c, row, ctx, add, 'duplicate_coverage')) return null;
  return c;
}

export interface ContributionRecord extends CoverageRecord {
  baseFen: number;
  employerFen: number;
  employeeFen: number;
}

interface Quote {
  out: Float64Array;
  city: string;
  month: string;
  wageFen: number;
  hukou: RosterEmployee['hukou'];
  /** The engine's answer was a quote (not an error code). */
  ok: boolean;
  monthKeys: Map<string, number>;
}

const SLOT_OF = new Map<Insurance, number>(INSURANCES.map((insurance, k) => [insurance, k]));

/**
 * The policy engine's line of an insurance for a month and wage, as calculateContributions would
 * give it (null where it would refuse, or give no line for the insurance): the engine's flat quote
 * into a buffer kept on the context, without building a quote object per person and month. The
 * answer's offset in `ctx.quote.out` (base, employer fen, employee fen), or -1.
 */
export function expectedLine(ctx: RuleContext, city: string, month: string, wageFen: number, hukou: RosterEmployee['hukou'], insurance: Insurance): number {
  const q = (ctx.quote ??= { out: createQuoteBuffer(), city: '', month: '', wageFen: -1, hukou: null, ok: false, monthKeys: new Map() });
  if (q.city !== city || q.month !== month || q.wageFen !== wageFen || q.hukou !== hukou) {
    const engine = ctx.library.engine;
    let monthKey = q.monthKeys.get(month);
    if (monthKey === undefined) q.monthKeys.set(month, (monthKey = parseMonthKey(month) ?? -1));
    const cityIx = engine.cityIndex(city);
    const hukouCode = hukou === null ? HUKOU_UNKNOWN : hukou === 'local' ? HUKOU_LOCAL : HUKOU_NON_LOCAL;
    q.ok = cityIx >= 0 && monthKey >= 0 && Number.isSafeInteger(wageFen) && engine.quoteFen(cityIx, monthKey, wageFen, hukouCode, -1, -1, -1, q.out) >= 0;
    q.city = city;
    q.month = month;
    q.wageFen = wageFen;
    q.hukou = hukou;
  }
  if (!q.ok) return -1;
  const k = SLOT_OF.get(insurance)!;
  const o = k * OUT_STRIDE;
  return q.out[o]! < 0 || (q.out[OUT_MISSING]! & (1 << k)) !== 0 ? -1 : o;
}

/** Bases at the floor and the cap of a city's month, by insurance (the quote at the smallest and largest wage). */
function bounds(ctx: RuleContext, city: string, month: string, hukou: RosterEmployee['hukou']) {
  const key = `${city}|${month}|${hukou}`;
  let b = ctx.bounds?.get(key);
  if (!b) {
    const base = (wageFen: number) => {
      try {
        return new Map(calculateContributions({ city, month, wageFen, hukou: hukou ?? undefined }, ctx.library).lines.map((l) => [l.insurance, l.baseFen]));
      } catch {
        return new Map<Insurance, number>();
      }
    };
    b = { floor: base(1), cap: base(MAX_WAGE_FEN) };
    (ctx.bounds ??= new Map()).set(key, b);
  }
  return b;
}

/** Amounts as legacy exports write them ("4448.00"), read without a regular expression; anything else through parseYuanToFen. */
function fenOf(text: string): number | null {
  const n = text.length;
  if (n >= 4 && n <= 15 && text.charCodeAt(n - 3) === 46) {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (i === n - 3) continue;
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return parseYuanToFen(text);
      v = v * 10 + d;
    }
    return v;
  }
  return parseYuanToFen(text);
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

function amount(record: string[], cols: Record<string, number>, headers: string[], field: string, add: Add): number | null {
  const text = cell(record, cols, field);
  const v = fenOf(text.trim());
  if (v === null || v < 0) add(headerOf(headers, cols, field), 'quality', 'quarantined', 'amount_invalid', `金额“${text}”无法识别`, `The amount "${text}" is not understood`);
  return v;
}

export function checkContributionRow(record: string[], cols: Record<string, number>, headers: string[], row: number, ctx: RuleContext, add: Add): ContributionRecord | null {
  const base = coverageOf(record, cols, headers, ctx, add);
  const baseFen = amount(record, cols, headers, 'base', add);
  const employerFen = amount(record, cols, headers, 'employer', add);
  const employeeFen = amount(record, cols, headers, 'employee', add);
  if (!base || baseFen === null || employerFen === null || employeeFen === null || baseFen < 0 || employerFen < 0 || employeeFen < 0) return null;
  if (duplicateLine(base, row, ctx, add, 'duplicate_line')) return null;
  const employee = ctx.roster.get(base.idNumber)!;
  const at = expectedLine(ctx, base.cityCode, base.month, employee.wageFen, employee.hukou, base.insurance);
  const column = headerOf(headers, cols, 'base');
  if (at < 0) {
    add(column, 'reconciliation', 'quarantined', 'not_recomputable', '政策库中没有该城市该月份该险种的费率，无法复核', 'The policy library has no rates for this city, month and insurance: the line cannot be checked');
    return null;
  }
  const out = ctx.quote!.out;
  if (baseFen !== out[at] || employerFen !== out[at + 1] || employeeFen !== out[at + 2]) {
    const expected = { baseFen: out[at]!, employerFen: out[at + 1]!, employeeFen: out[at + 2]! };
    const { floor: floors, cap: caps } = bounds(ctx, base.cityCode, base.month, employee.hukou);
    const floor = floors.get(base.insurance);
    const cap = caps.get(base.insurance);
    if (floor !== undefined && baseFen < floor) {
      add(column, 'reconciliation', 'quarantined', 'base_below_floor', `缴费基数 ${yuan(baseFen)} 低于下限 ${yuan(floor)}`, `The base ${yuan(baseFen)} is below the floor ${yuan(floor)}`);
      return null;
    }
    if (cap !== undefined && baseFen > cap) {
      add(column, 'reconciliation', 'quarantined', 'base_above_cap', `缴费基数 ${yuan(baseFen)} 高于上限 ${yuan(cap)}`, `The base ${yuan(baseFen)} is above the cap ${yuan(cap)}`);
      return null;
    }
    const diff = employerFen + employeeFen - expected.employerFen - expected.employeeFen;
    add(column, 'reconciliation', 'quarantined', 'amount_mismatch', `按政策复核应为基数 ${yuan(expected.baseFen)}、单位 ${yuan(expected.employerFen)}、个人 ${yuan(expected.employeeFen)}（差 ${diff} 分）`, `The policy gives base ${yuan(expected.baseFen)}, employer ${yuan(expected.employerFen)}, employee ${yuan(expected.employeeFen)} (${diff} fen apart)`);
    return null;
  }
  // Built field by field: an object spread here was most of a million-line load's checking time.
  return { idNumber: base.idNumber, cityCode: base.cityCode, insurance: base.insurance, month: base.month, baseFen, employerFen, employeeFen };
}
