import {
  createQuoteBuffer,
  ERR_HF_EMPLOYEE_BELOW_EMPLOYER,
  ERR_HF_EMPLOYEE_RATE,
  ERR_HF_EMPLOYER_RATE,
  ERR_HF_INTEGER_PERCENT,
  ERR_INJURY_RATE,
  HUKOU_LOCAL,
  HUKOU_NON_LOCAL,
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
import { getDefaultPolicyLibrary } from './policy.loader';
import { INSURANCES, INSURANCE_NAMES_ZH, type CityRef, type Hukou, type Insurance, type PolicyRecord, type SourceRef } from './policy.types';

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
  /** Default 'local'. */
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
}

export type ContributionWarningCode = 'figure_not_found' | 'provisional' | 'rate_ignored';

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
  hukou: Hukou;
  policyId: string;
  policyYear: number;
  /** True when the month lies after the city's latest known policy year, which is carried forward. */
  provisional: boolean;
  lines: ContributionLine[];
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
  lines: { insurance: Insurance; base: string; employerRate: string; employeeRate: string; employer: string; employee: string }[];
  totals: { employer: string; employee: string };
  warnings: { code: string; insurance: Insurance | null; message: string }[];
  sources: { id: string; grade: string | null; title: string; url: string | null }[];
}

const sourceIdCache = new WeakMap<PolicyRecord, string[]>();

/** Every source id a record cites, in first-seen order. */
export function recordSourceIds(record: PolicyRecord): string[] {
  const cached = sourceIdCache.get(record);
  if (cached) return cached;
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'sources' && Array.isArray(child)) child.forEach((s) => ids.add(String(s)));
        else walk(child);
      }
    }
  };
  walk(record.insurances);
  walk(record.cutOffDay);
  walk(record.published);
  const list = [...ids];
  sourceIdCache.set(record, list);
  return list;
}

function rateIssue(field: string, value: RateInput): PolicyIssue {
  return issue('invalid_rate', field, `费率 "${value}" 须为 0 到 1 之间的小数（最多 6 位小数）`, `rate "${value}" must be a decimal in [0, 1) with at most 6 decimals`);
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
      return issue(
        'rate_out_of_range',
        'housingFundRate',
        `公积金单位比例 ${formatMicro(hfEr)} 不在${where.zh}允许范围 ${rangeText(p.hfErMin, p.hfErMax)} 内`,
        `housing-fund employer rate ${formatMicro(hfEr)} is outside the range ${rangeText(p.hfErMin, p.hfErMax)} of ${where.en}`,
      );
    case ERR_HF_EMPLOYEE_RATE:
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
 * the policy record used and its sources. Lines whose figures are not found are left out with a warning.
 *
 * @throws PolicyInputError (code + field, zh/en message) for an unknown city, a month that is not
 *   a real month or lies before the city's first policy year, a wage that is not a positive amount,
 *   or a rate outside the city's allowed range.
 * @example
 * const q = calculateContributions({ city: '北京', month: '2024-09', wage: '40000', housingFundRate: '0.12' });
 * q.lines[0]; // { insurance: 'pension', baseFen: 3528300, employerRate: '0.16', employerFen: 564528, ... }
 */
export function calculateContributions(input: ContributionInput, library: PolicyLibrary = getDefaultPolicyLibrary()): ContributionQuote {
  const engine = library.engine;
  const issues: PolicyIssue[] = [];

  const cityIx = typeof input.city === 'string' ? engine.cityIndex(input.city) : -1;
  if (cityIx < 0) {
    const known = engine.cities.map((c) => `${c.zh} ${c.en} (${c.code})`).join(', ');
    issues.push(issue('unknown_city', 'city', `未知城市 "${String(input.city)}"，已知：${known}`, `unknown city "${String(input.city)}"; known: ${known}`));
  }

  const monthKey = typeof input.month === 'string' ? parseMonthKey(input.month) : null;
  if (monthKey === null) {
    issues.push(issue('invalid_month', 'month', `月份 "${String(input.month)}" 须为真实月份 YYYY-MM`, `month "${String(input.month)}" must be a real month YYYY-MM`));
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

  const hukou = input.hukou ?? 'local';
  if (hukou !== 'local' && hukou !== 'non-local') {
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

  const out = createQuoteBuffer();
  const code = engine.quoteFen(cityIx, monthKey!, wageFen, hukou === 'local' ? HUKOU_LOCAL : HUKOU_NON_LOCAL, injury, hfEr, hfEe, out);
  if (code < 0) {
    const pix = engine.policyIndex(cityIx, monthKey!);
    throw new PolicyInputError([rangeIssue(code, engine.policies[pix]!, injury, hfEr, hfEe)]);
  }
  const compiled = engine.policies[code]!;
  const record = compiled.record;
  const provisional = out[OUT_PROVISIONAL] === 1;

  const lines: ContributionLine[] = [];
  INSURANCES.forEach((insurance, k) => {
    const o = k * OUT_STRIDE;
    if (out[o]! < 0) return;
    lines.push({
      insurance,
      baseFen: out[o]!,
      employerRate: formatMicro(sideRate(compiled, k, 0, hukou, injury < 0 ? compiled.injuryMin : injury, hfEr)),
      employeeRate: formatMicro(sideRate(compiled, k, 1, hukou, 0, hfEe)),
      employerFen: out[o + 1]!,
      employeeFen: out[o + 2]!,
      employerFixedFen: compiled.fixed[k * 2]!,
      employeeFixedFen: compiled.fixed[k * 2 + 1]!,
    });
  });

  const warnings: ContributionWarning[] = [];
  if (provisional) {
    warnings.push({
      code: 'provisional',
      insurance: null,
      fields: [],
      message: {
        zh: `${input.month} 尚无已知的新政策年度，暂按 ${record.year} 年度（${record.effectiveFrom}..${record.effectiveTo}）计算，待新基数公布后由年度调整补差`,
        en: `no policy year is known for ${input.month}; policy year ${record.year} (${record.effectiveFrom}..${record.effectiveTo}) is carried forward until the new one is published`,
      },
    });
  }
  for (const m of compiled.missing) {
    if (m.insurance === 'housingFund' && hfEr < 0) continue;
    warnings.push({
      code: 'figure_not_found',
      insurance: m.insurance,
      fields: m.fields,
      message: {
        zh: `${INSURANCE_NAMES_ZH[m.insurance]}：${record.city.zh} ${record.year} 年度的数据未找到（${m.fields.join(', ')}），该项未计算`,
        en: `${m.insurance}: not found for ${record.city.en} policy year ${record.year} (${m.fields.join(', ')}); line left out`,
      },
    });
  }
  if (injury >= 0 && compiled.present[SLOT_WORK_INJURY] !== 1) {
    warnings.push({ code: 'rate_ignored', insurance: 'workInjury', fields: ['injuryRate'], message: { zh: '工伤数据未找到，所给工伤费率未使用', en: 'work-injury figures not found; the given injuryRate is not used' } });
  }

  return {
    city: record.city,
    month: input.month,
    hukou,
    policyId: record.id,
    policyYear: record.year,
    provisional,
    lines,
    totals: { employerFen: out[OUT_EMPLOYER_TOTAL]!, employeeFen: out[OUT_EMPLOYEE_TOTAL]! },
    warnings,
    sources: recordSourceIds(record).map((id) => library.sources.get(id) ?? { id, grade: null, title: '', url: null }),
  };
}

/** The rate (micro) a side of a line used: the sum of its parts, the hukou variant or the chosen rate. */
function sideRate(p: CompiledPolicy, k: number, side: number, hukou: Hukou, chosenInjury: number, chosenHf: number): number {
  if (k === SLOT_HOUSING_FUND) return chosenHf;
  if (k === SLOT_WORK_INJURY && side === 0) return chosenInjury;
  const i = (k * 2 + side) * 2 + (hukou === 'local' ? HUKOU_LOCAL : HUKOU_NON_LOCAL);
  let sum = 0;
  for (let j = p.partOff[i]!; j < p.partOff[i]! + p.partLen[i]!; j++) sum += p.parts[j]!;
  return sum;
}

/** The quote as the CLI/API JSON body (amounts in yuan with two decimals, English warning text). */
export function quoteToJson(q: ContributionQuote, lang: 'en' | 'zh' = 'en'): ContributionQuoteJson {
  return {
    city: q.city.code,
    month: q.month,
    policyId: q.policyId,
    provisional: q.provisional,
    lines: q.lines.map((l) => ({
      insurance: l.insurance,
      base: formatFen(l.baseFen),
      employerRate: l.employerRate,
      employeeRate: l.employeeRate,
      employer: formatFen(l.employerFen),
      employee: formatFen(l.employeeFen),
    })),
    totals: { employer: formatFen(q.totals.employerFen), employee: formatFen(q.totals.employeeFen) },
    warnings: q.warnings.map((w) => ({ code: w.code, insurance: w.insurance, message: w.message[lang] })),
    sources: q.sources.map((s) => ({ id: s.id, grade: s.grade, title: s.title, url: s.url })),
  };
}
