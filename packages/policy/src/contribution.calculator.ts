import {
  createQuoteBuffer,
  ERR_HF_EMPLOYEE_BELOW_EMPLOYER,
  ERR_HF_EMPLOYEE_RATE,
  ERR_HF_EMPLOYER_RATE,
  ERR_HF_INTEGER_PERCENT,
  ERR_HUKOU_REQUIRED,
  ERR_INJURY_RATE,
  HUKOU_LOCAL,
  HUKOU_NON_LOCAL,
  HUKOU_UNKNOWN,
  NATIONAL_HF_RATE_MAX_MICRO,
  OUT_EMPLOYEE_TOTAL,
  OUT_EMPLOYER_TOTAL,
  OUT_PROVISIONAL,
  OUT_STRIDE,
  SLOT_HOUSING_FUND,
  SLOT_WORK_INJURY,
  type CompiledPolicy,
} from './contribution.engine';
import { issue, PolicyInputError, type BilingualMessage, type PolicyIssue } from './errors';
import { formatFen, formatMicro, formatMonthKey, MAX_WAGE_FEN, parseMonthKey, parseRateToMicro, parseYuanToFen } from './money';
import type { PolicyLibrary } from './policy.library';
import { quotePlan, type PlannedLine } from './contribution.plan';
export { recordSourceIds } from './contribution.sources';
import { getDefaultPolicyLibrary } from './policy.loader';
import { INSURANCES, type CityRef, type Hukou, type Insurance, type SourceRef } from './policy.types';

export type RateInput = string | number;

export interface ContributionInput {
  /** GB/T 2260 code ("110100"), Chinese ("北京") or English ("Beijing") name. */
  city: string;
  /** Contribution month 'YYYY-MM'. */
  month: string;
  /** Monthly wage in yuan as a decimal string ("35283.00"); or give `wageFen`. */
  wage?: string | number;
  /** Monthly wage in integer fen; takes precedence over `wage`. */
  wageFen?: number;
  /** Required where a rate of the city depends on it (Shenzhen pension); never defaulted. */
  hukou?: Hukou;
  /** Work-injury employer rate within the city's range; default the lowest rate. */
  injuryRate?: RateInput;
  /** Housing-fund rate for both sides, or per side. Without it there is no housing-fund line. */
  housingFundRate?: RateInput | { employer: RateInput; employee: RateInput };
}

export interface ContributionLine {
  insurance: Insurance;
  baseFen: number;
  /** exact decimal, e.g. "0.16" */
  employerRate: string;
  employeeRate: string;
  employerFen: number;
  employeeFen: number;
  /** fixed amounts included in the side's amount (Beijing: 300 fen on employee medical) */
  employerFixedFen: number;
  employeeFixedFen: number;
  /** The record whose (resolved) figures this line uses. */
  policyId: string;
  policyYear: number;
  /** True when some figure of the line comes from an earlier policy year (carried forward). */
  provisional: boolean;
  /** The policy years the carried figures come from (empty when not provisional). */
  provisionalFrom: number[];
  /** True when some figure the line uses is graded C or D (secondary sources): used, but unverified. */
  unverified: boolean;
}

/** An insurance that has no figures for the month even after carry-forward. */
export interface MissingInsuranceLine {
  insurance: Insurance;
  city: string;
  /** The policy year that lacks it (null when no record covers the month for this insurance). */
  policyYear: number | null;
  fields: string[];
}

export type ContributionWarningCode = 'incomplete' | 'figure_not_found' | 'provisional' | 'unverified' | 'rate_ignored' | 'national_rate_limit';

export interface ContributionWarning {
  code: ContributionWarningCode;
  insurance: Insurance | null;
  /** record fields that are marked not found */
  fields: string[];
  message: BilingualMessage;
}

export interface ContributionQuote {
  city: CityRef;
  month: string;
  /** As given; null when not given (allowed only where no rate depends on it). */
  hukou: Hukou | null;
  /** The policy year the month belongs to (the city's record whose period covers it, or the latest). */
  policyId: string;
  policyYear: number;
  /** True when some line uses figures carried forward from an earlier policy year. */
  provisional: boolean;
  /**
   * False when some insurance has no figures at all for the month (see `missing`): the totals are
   * then only the sum of the lines present and must not be used as the month's contribution.
   */
  complete: boolean;
  missing: MissingInsuranceLine[];
  lines: ContributionLine[];
  /** Sums of `lines`; partial when `complete` is false. */
  totals: { employerFen: number; employeeFen: number };
  warnings: ContributionWarning[];
  sources: SourceRef[];
}

/** The CLI/API JSON shape: amounts as yuan strings with two decimals. */
export interface ContributionQuoteJson {
  city: string;
  month: string;
  policyId: string;
  provisional: boolean;
  complete: boolean;
  missing: MissingInsuranceLine[];
  lines: {
    insurance: Insurance;
    base: string;
    employerRate: string;
    employeeRate: string;
    employer: string;
    employee: string;
    policyId: string;
    provisional: boolean;
    provisionalFrom: number[];
    unverified: boolean;
  }[];
  totals: { employer: string; employee: string };
  warnings: { code: string; insurance: Insurance | null; message: string }[];
  sources: { id: string; grade: string | null; title: string; url: string | null }[];
}

function rateIssue(field: string, value: RateInput): PolicyIssue {
  return issue('invalid_rate', field, `费率“${value}”无法识别：请填写百分比或小数，例如 12% 或 0.12`, `The rate "${value}" is not understood: enter a percentage or a decimal, e.g. 12% or 0.12`);
}

function parseRate(field: string, value: RateInput, issues: PolicyIssue[]): number {
  const micro = parseRateToMicro(value);
  if (micro === null || micro >= 1_000_000) {
    issues.push(rateIssue(field, value));
    return -1;
  }
  return micro;
}

function rangeText(min: number, max: number): string {
  return `${formatMicro(min)}–${formatMicro(max)}`;
}

function nationalMaxIssue(sideZh: string, sideEn: string, micro: number): PolicyIssue {
  const max = formatMicro(NATIONAL_HF_RATE_MAX_MICRO);
  return issue(
    'rate_out_of_range',
    'housingFundRate',
    `公积金${sideZh}比例 ${formatMicro(micro)} 超过全国上限 ${max}`,
    `housing-fund ${sideEn} rate ${formatMicro(micro)} is above the national maximum ${max}`,
  );
}

function hukouIssue(p: CompiledPolicy): PolicyIssue {
  const r = p.record;
  return issue(
    'hukou_required',
    'hukou',
    `${r.city.zh} ${r.year} 年度的费率因户籍而异：请给出户籍 hukou（local 本地 / non-local 非本地）`,
    `rates of ${r.city.en} policy year ${r.year} depend on hukou: give hukou (local or non-local)`,
  );
}

function rangeIssue(code: number, p: CompiledPolicy, injury: number, hfEr: number, hfEe: number): PolicyIssue {
  const r = p.record;
  const where = { zh: `${r.city.zh} ${r.year} 年度`, en: `${r.city.en} policy year ${r.year}` };
  switch (code) {
    case ERR_INJURY_RATE:
      return issue(
        'rate_out_of_range',
        'injuryRate',
        `工伤费率 ${formatMicro(injury)} 不在${where.zh}允许范围 ${rangeText(p.injuryMin, p.injuryMax)} 内`,
        `work-injury rate ${formatMicro(injury)} is outside the range ${rangeText(p.injuryMin, p.injuryMax)} of ${where.en}`,
      );
    case ERR_HF_EMPLOYER_RATE:
      if (hfEr > NATIONAL_HF_RATE_MAX_MICRO) return nationalMaxIssue('单位', 'employer', hfEr);
      return issue(
        'rate_out_of_range',
        'housingFundRate',
        `公积金单位比例 ${formatMicro(hfEr)} 不在${where.zh}允许范围 ${rangeText(p.hfErMin, p.hfErMax)} 内`,
        `housing-fund employer rate ${formatMicro(hfEr)} is outside the range ${rangeText(p.hfErMin, p.hfErMax)} of ${where.en}`,
      );
    case ERR_HF_EMPLOYEE_RATE:
      if (hfEe > NATIONAL_HF_RATE_MAX_MICRO) return nationalMaxIssue('个人', 'employee', hfEe);
      return issue(
        'rate_out_of_range',
        'housingFundRate',
        `公积金个人比例 ${formatMicro(hfEe)} 不在${where.zh}允许范围 ${rangeText(p.hfEeMin, p.hfEeMax)} 内`,
        `housing-fund employee rate ${formatMicro(hfEe)} is outside the range ${rangeText(p.hfEeMin, p.hfEeMax)} of ${where.en}`,
      );
    case ERR_HF_INTEGER_PERCENT:
      return issue('rate_not_allowed', 'housingFundRate', `${where.zh}公积金比例须为整数百分比`, `${where.en} allows only whole-percent housing-fund rates`);
    case ERR_HF_EMPLOYEE_BELOW_EMPLOYER:
      return issue('rate_not_allowed', 'housingFundRate', `${where.zh}公积金个人比例不得低于单位比例`, `${where.en} requires the employee housing-fund rate to be at least the employer rate`);
    default:
      throw new Error(`unexpected engine code ${code}`);
  }
}

/**
 * Computes one month's contribution lines for one employee: every insurance's base (wage clamped
 * to that insurance's floor and cap), rates, employer and employee amounts in integer fen, totals,
 * the policy record used and its sources. An insurance whose figures a policy year lacks uses the
 * last known ones (the line is marked provisional, with the year they come from); one that has none
 * at all makes the quote incomplete (`complete: false`, `missing` names it), never a silent total.
 *
 * @throws PolicyInputError (code + field, zh/en message) for an unknown city, a month that is not
 *   a real month or lies before the city's first policy year, a wage that is not a positive amount,
 *   a rate outside the city's allowed range (housing fund: never above the national 12%), or no
 *   hukou where a rate depends on it.
 * @example
 * const q = calculateContributions({ city: '北京', month: '2024-09', wage: '40000', housingFundRate: '0.12' });
 * q.lines[0]; // { insurance: 'pension', baseFen: 3528300, employerRate: '0.16', employerFen: 564528, ... }
 */
export function calculateContributions(input: ContributionInput, library: PolicyLibrary = getDefaultPolicyLibrary()): ContributionQuote {
  const engine = library.engine;
  const issues: PolicyIssue[] = [];

  const cityIx = typeof input.city === 'string' ? engine.cityIndex(input.city) : -1;
  if (cityIx < 0) {
    const known = engine.cities.map((c) => `${c.zh}（${c.code}）`).join('、');
    const knownEn = engine.cities.map((c) => `${c.en} (${c.code})`).join(', ');
    issues.push(issue('unknown_city', 'city', `未知城市 "${String(input.city)}"，已知：${known}`, `unknown city "${String(input.city)}"; known: ${knownEn}`));
  }

  const monthKey = typeof input.month === 'string' ? parseMonthKey(input.month) : null;
  if (monthKey === null) {
    issues.push(issue('invalid_month', 'month', `月份 "${String(input.month)}" 不是真实的月份，请填写例如 2024-09`, `month "${String(input.month)}" is not a real month; enter one such as 2024-09`));
  } else if (cityIx >= 0 && monthKey < engine.firstMonthKey(cityIx)) {
    const first = formatMonthKey(engine.firstMonthKey(cityIx));
    issues.push(
      issue('month_before_policy', 'month', `${input.month} 早于该城市最早的已知政策年度（自 ${first} 起）`, `${input.month} is before the city's earliest known policy year (from ${first})`),
    );
  }

  let wageFen = -1;
  if (input.wageFen !== undefined) {
    if (!Number.isSafeInteger(input.wageFen)) issues.push(issue('invalid_wage', 'wage', '工资（分）须为整数', 'wage in fen must be an integer'));
    else wageFen = input.wageFen;
  } else if (input.wage === undefined || input.wage === null || (typeof input.wage !== 'string' && typeof input.wage !== 'number')) {
    issues.push(issue('invalid_wage', 'wage', '缺少月工资', 'monthly wage is missing'));
  } else {
    const trimmed = String(input.wage).trim();
    if (/^-\d/.test(trimmed)) issues.push(issue('wage_not_positive', 'wage', '月工资须大于 0', 'monthly wage must be greater than 0'));
    else {
      const fen = parseYuanToFen(input.wage);
      if (fen === null) issues.push(issue('invalid_wage', 'wage', `月工资 "${trimmed}" 须为以元为单位的金额，最多两位小数`, `monthly wage "${trimmed}" must be an amount in yuan with at most 2 decimals`));
      else wageFen = fen;
    }
  }
  if (wageFen !== -1 && !issues.some((i) => i.field === 'wage')) {
    if (wageFen <= 0) issues.push(issue('wage_not_positive', 'wage', '月工资须大于 0', 'monthly wage must be greater than 0'));
    else if (wageFen > MAX_WAGE_FEN) issues.push(issue('wage_too_large', 'wage', `月工资不得超过 ${formatFen(MAX_WAGE_FEN)} 元`, `monthly wage must not exceed ${formatFen(MAX_WAGE_FEN)} yuan`));
  }

  const hukou = input.hukou ?? null;
  if (hukou !== null && hukou !== 'local' && hukou !== 'non-local') {
    issues.push(issue('invalid_hukou', 'hukou', '户籍须为 local（本地）或 non-local（非本地）', 'hukou must be local or non-local'));
  }

  const injury = input.injuryRate === undefined ? -1 : parseRate('injuryRate', input.injuryRate, issues);
  let hfEr = -1;
  let hfEe = -1;
  const hf = input.housingFundRate;
  if (hf !== undefined) {
    if (typeof hf === 'object' && hf !== null) {
      hfEr = parseRate('housingFundRate', hf.employer, issues);
      if (hfEr >= 0) hfEe = parseRate('housingFundRate', hf.employee, issues);
    } else {
      hfEr = hfEe = parseRate('housingFundRate', hf, issues);
    }
  }
  if (issues.length > 0) throw new PolicyInputError(issues);

  const out = scratch;
  const hukouCode = hukou === null ? HUKOU_UNKNOWN : hukou === 'local' ? HUKOU_LOCAL : HUKOU_NON_LOCAL;
  const code = engine.quoteFen(cityIx, monthKey!, wageFen, hukouCode, injury, hfEr, hfEe, out);
  if (code < 0) throw new PolicyInputError([engineIssue(engine, cityIx, monthKey!, code, injury, hfEr, hfEe)]);
  const record = engine.policies[code]!.record;
  const plan = quotePlan(library, cityIx, monthKey!, hfEr >= 0);
  const month = input.month;
  const h = hukou === 'non-local' ? 1 : 0;

  const lines: ContributionLine[] = [];
  const warnings: ContributionWarning[] = [];
  const missing: MissingInsuranceLine[] = [];
  for (let k = 0; k < plan.slots.length; k++) {
    const s = plan.slots[k];
    if (s === null || s === undefined) continue;
    if (!('policy' in s)) {
      missing.push({ insurance: s.insurance, city: record.city.code, policyYear: s.policyYear, fields: s.fields });
      const zh = s.policyYear === null ? s.zhHead + month + s.zhTail : s.zhHead;
      const en = s.policyYear === null ? s.enHead + month + s.enTail : s.enHead;
      warnings.push({ code: 'figure_not_found', insurance: s.insurance, fields: s.fields, message: { zh, en } });
      continue;
    }
    const o = k * OUT_STRIDE;
    const p = s.policy;
    lines.push({
      insurance: s.insurance,
      baseFen: out[o]!,
      employerRate: employerRateText(s, k, h, injury, hfEr),
      employeeRate: k === SLOT_HOUSING_FUND ? formatMicro(hfEe) : s.employeeRate[h]!,
      employerFen: out[o + 1]!,
      employeeFen: out[o + 2]!,
      employerFixedFen: p.fixed[k * 2]!,
      employeeFixedFen: p.fixed[k * 2 + 1]!,
      policyId: p.record.id,
      policyYear: p.record.year,
      provisional: s.provisionalFrom.length > 0,
      provisionalFrom: s.provisionalFrom,
      unverified: s.unverified !== null,
    });
    if (s.unverified !== null) warnings.push({ code: 'unverified', insurance: s.insurance, fields: s.unverified.fields, message: { zh: s.unverified.zh, en: s.unverified.en } });
    const pv = s.provisional;
    if (pv !== null) {
      warnings.push({ code: 'provisional', insurance: s.insurance, fields: pv.fields, message: { zh: pv.zhHead + month + pv.zhTail, en: pv.enHead + month + pv.enTail } });
    }
    if (s.national !== null) warnings.push({ code: 'national_rate_limit', insurance: s.insurance, fields: s.national.fields, message: { zh: s.national.zh, en: s.national.en } });
  }

  const inc = plan.incomplete;
  if (inc !== null) {
    warnings.unshift({ code: 'incomplete', insurance: null, fields: inc.fields, message: { zh: inc.zhHead + month + inc.zhTail, en: inc.enHead + month + inc.enTail } });
  }
  if (injury >= 0 && !plan.hasInjuryLine) {
    warnings.push({ code: 'rate_ignored', insurance: 'workInjury', fields: ['injuryRate'], message: { zh: '工伤数据未找到，所给工伤费率未使用', en: 'work-injury figures not found; the given injuryRate is not used' } });
  }

  return {
    city: record.city,
    month,
    hukou,
    policyId: record.id,
    policyYear: record.year,
    provisional: out[OUT_PROVISIONAL] === 1,
    complete: missing.length === 0,
    missing,
    lines,
    totals: { employerFen: out[OUT_EMPLOYER_TOTAL]!, employeeFen: out[OUT_EMPLOYEE_TOTAL]! },
    warnings,
    sources: plan.sources.slice(),
  };
}

/** One buffer for every quote: calculateContributions reads it right after quoteFen writes it (synchronously). */
const scratch = createQuoteBuffer();

/** The employer rate text of a line: the caller's housing-fund or work-injury rate, else the policy's (per hukou). */
function employerRateText(s: PlannedLine, k: number, h: number, injury: number, hfEr: number): string {
  if (k === SLOT_HOUSING_FUND) return formatMicro(hfEr);
  if (k === SLOT_WORK_INJURY) return injury < 0 ? s.injuryMinRate : formatMicro(injury);
  return s.employerRate[h]!;
}

/** The input issue behind a negative quoteFen code, naming the policy year whose rule refused it. */
function engineIssue(engine: PolicyLibrary['engine'], cityIx: number, monthKey: number, code: number, injury: number, hfEr: number, hfEe: number): PolicyIssue {
  const slotOf = code === ERR_INJURY_RATE ? SLOT_WORK_INJURY : code === ERR_HUKOU_REQUIRED ? -1 : SLOT_HOUSING_FUND;
  let p: CompiledPolicy | undefined;
  if (slotOf >= 0) p = engine.policies[engine.slot(cityIx, monthKey, slotOf).policy];
  else {
    for (let k = 0; k < INSURANCES.length && !p; k++) {
      const s = engine.slot(cityIx, monthKey, k);
      const c = engine.policies[s.policy];
      if (c && c.needsHukou[k] === 1 && (s.state === 'ok' || s.state === 'provisional')) p = c;
    }
  }
  p ??= engine.policies[engine.policyIndex(cityIx, monthKey)]!;
  if (code === ERR_HUKOU_REQUIRED) return hukouIssue(p);
  return rangeIssue(code, p, injury, hfEr, hfEe);
}

/** The quote as the CLI/API JSON body (amounts in yuan with two decimals, English warning text). */
export function quoteToJson(q: ContributionQuote, lang: 'en' | 'zh' = 'en'): ContributionQuoteJson {
  return {
    city: q.city.code,
    month: q.month,
    policyId: q.policyId,
    provisional: q.provisional,
    complete: q.complete,
    missing: q.missing,
    lines: q.lines.map((l) => ({
      insurance: l.insurance,
      base: formatFen(l.baseFen),
      employerRate: l.employerRate,
      employeeRate: l.employeeRate,
      employer: formatFen(l.employerFen),
      employee: formatFen(l.employeeFen),
      policyId: l.policyId,
      provisional: l.provisional,
      provisionalFrom: l.provisionalFrom,
      unverified: l.unverified,
    })),
    totals: { employer: formatFen(q.totals.employerFen), employee: formatFen(q.totals.employeeFen) },
    warnings: q.warnings.map((w) => ({ code: w.code, insurance: w.insurance, message: w.message[lang] })),
    sources: q.sources.map((s) => ({ id: s.id, grade: s.grade, title: s.title, url: s.url })),
  };
}
