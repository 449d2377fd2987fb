import { isRealDate } from '@lianxu/db/business-clock';
import { formatMonthKey, parseMonthKey } from '../money';
import type { SocialInsurance } from '../policy.types';
import type { ContinuityRequirement, ContinuityRule, ContinuityRuleVersion, WaitingPeriodSpec } from './continuity.schema';

// The continuity evaluator: pure functions over a person's months. Months are integer keys
// (year * 12 + month - 1). The as-of month itself is "pending": when it is not on record yet it is
// neither counted nor treated as a missed month, since this month's contribution is usually paid in it.

/** One month of social insurance on record for a person in a city. */
export interface CoverageMonth {
  month: string;
  city: string;
  insurances: readonly string[];
  /** Paid late as 补缴 (back-payment) rather than in the month. */
  backPaid?: boolean;
}

/** A person's months: insurance months and, optionally, months with income-tax records. */
export interface ContinuityHistory {
  coverage: readonly CoverageMonth[];
  taxMonths?: readonly { month: string; city: string }[];
}

export interface Assumption {
  parameter: string;
  note: string;
}

export type ContinuityStatus = 'met' | 'not_met' | 'lifted' | 'not_sourced' | 'not_in_force';

export interface BreakImpact {
  breakMonths: number;
  /** The first month back after the break (coverage assumed to resume then). */
  returnMonth: string;
  /** Months counted as of the return month, the return month included. */
  qualifyingMonthsOnReturn: number;
  /** True when the break is longer than the rule tolerates, so the count starts again. */
  resets: boolean;
  metOnReturn: boolean;
  /** First month the rule is met again (or for the first time) after the break. */
  willBeMetMonth: string;
  /** Months later than without the break (0 when the break costs nothing). */
  delayMonths: number;
}

export interface ContinuityEvaluation {
  ruleId: string;
  purpose: ContinuityRule['purpose'];
  city: ContinuityRule['city'];
  title: ContinuityRule['title'];
  status: ContinuityStatus;
  asOf: string;
  version: ContinuityRuleVersion | null;
  requiredMonths: number | null;
  qualifyingMonths: number | null;
  /** The month as of which the rule is met with continued coverage; the as-of month when already met; null when not evaluable. */
  willBeMetMonth: string | null;
  /** The first day of willBeMetMonth. */
  willBeMetOn: string | null;
  /** Months on record that did not count only because they were back-paid. */
  backPaidMonthsNotCounted: number;
  assumptions: Assumption[];
  breakImpact: BreakImpact | null;
}

export interface EvaluateOptions {
  /** Also answer what a break of this many months starting next month would do. */
  breakMonths?: number;
}

export class ContinuityInputError extends Error {
  constructor(
    readonly field: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'ContinuityInputError';
  }
}

const monthKey = (field: string, month: string): number => {
  const key = parseMonthKey(month);
  if (key === null) throw new ContinuityInputError(field, `月份“${month}”无效，应为 YYYY-MM`, `month "${month}" is not a month YYYY-MM`);
  return key;
};

/** The version of a rule in force on a date (YYYY-MM-DD), or null. */
export function versionOn(rule: ContinuityRule, date: string): ContinuityRuleVersion | null {
  return rule.versions.find((v) => (v.effective.from === null || v.effective.from <= date) && (v.effective.to === null || date <= v.effective.to)) ?? null;
}

/** The months (keys) that count for a requirement in a city, and how many back-paid months were left out. */
export function qualifyingMonthKeys(req: ContinuityRequirement, cityCode: string, history: ContinuityHistory): { keys: Set<number>; backPaidNotCounted: number } {
  const needed = req.insurances.value as readonly SocialInsurance[];
  const si = new Set<number>();
  const backPaidOnly = new Set<number>();
  history.coverage.forEach((m, i) => {
    const key = monthKey(`coverage[${i}].month`, m.month);
    if (m.city !== cityCode || !needed.every((ins) => m.insurances.includes(ins))) return;
    if (m.backPaid && !req.backPayCounts.value) backPaidOnly.add(key);
    else si.add(key);
  });
  for (const k of si) backPaidOnly.delete(k);
  const tax = new Set<number>();
  (history.taxMonths ?? []).forEach((m, i) => {
    const key = monthKey(`taxMonths[${i}].month`, m.month);
    if (m.city === cityCode) tax.add(key);
  });
  const mode = req.taxRecords.value;
  const keys = new Set<number>();
  if (mode === 'no') for (const k of si) keys.add(k);
  else if (mode === 'instead') for (const k of [...si, ...tax]) keys.add(k);
  else for (const k of si) if (tax.has(k)) keys.add(k);
  let backPaidNotCounted = 0;
  for (const k of backPaidOnly) if (!keys.has(k)) backPaidNotCounted++;
  return { keys, backPaidNotCounted };
}

/** Months counted as of month `asOf` (a key) for a set of qualifying month keys. */
export function countQualifying(req: ContinuityRequirement, keys: ReadonlySet<number>, asOf: number): number {
  const end = keys.has(asOf) ? asOf : asOf - 1; // the as-of month is pending, not missed: the window then ends before it
  const window = req.lookBackMonths.value;
  const lo = window === null ? -Infinity : end - window + 1;
  if (req.mode.value === 'cumulative') {
    let n = 0;
    for (const k of keys) if (k >= lo && k <= end) n++;
    return n;
  }
  const maxBreak = req.maxBreakMonths.value ?? 0;
  let count = 0;
  let gap = 0;
  const first = Math.min(...keys);
  for (let k = end; k >= lo && k >= first; k--) {
    if (keys.has(k)) {
      count++;
      gap = 0;
    } else if (++gap > maxBreak) break;
  }
  return count;
}

/** The first month M >= from such that, with every month from `from` to M added, the requirement is met as of M. */
function firstMetMonth(req: ContinuityRequirement, keys: ReadonlySet<number>, from: number): number {
  const projected = new Set(keys);
  for (let m = from; ; m++) {
    projected.add(m);
    if (countQualifying(req, projected, m) >= req.months.value) return m;
    if (m > from + req.months.value + (req.lookBackMonths.value ?? 0)) throw new Error('continuity projection did not converge'); // unreachable: a run of `months` months always meets
  }
}

function assumptionsOf(req: ContinuityRequirement): Assumption[] {
  const out: Assumption[] = [];
  for (const [parameter, p] of Object.entries(req) as [string, { basis: string; note?: string }][]) {
    if (parameter === 'maxBreakMonths' && req.mode.value === 'cumulative') continue;
    if (p.basis === 'assumption') out.push({ parameter, note: p.note ?? '' });
  }
  return out;
}

const firstDay = (key: number) => `${formatMonthKey(key)}-01`;

/**
 * Evaluates one rule for one person as of a date: months counted, met or not, the month it will be
 * met with continued coverage, and (with `breakMonths`) what a break starting next month would do.
 *
 * @example
 * evaluateContinuity(rule, { coverage: [{ month: '2026-01', city: '110100', insurances: ['pension'] }] }, '2026-01-15', { breakMonths: 2 })
 */
export function evaluateContinuity(rule: ContinuityRule, history: ContinuityHistory, asOf: string, options: EvaluateOptions = {}): ContinuityEvaluation {
  if (!isRealDate(asOf)) throw new ContinuityInputError('asOf', `日期“${asOf}”无效，应为 YYYY-MM-DD`, `date "${asOf}" is not a date YYYY-MM-DD`);
  const breakMonths = options.breakMonths;
  if (breakMonths !== undefined && (!Number.isInteger(breakMonths) || breakMonths < 0 || breakMonths > 120)) {
    throw new ContinuityInputError('breakMonths', '断缴月数应为 0 到 120 的整数', 'break months must be a whole number from 0 to 120');
  }
  const asOfKey = monthKey('asOf', asOf.slice(0, 7));
  const version = versionOn(rule, asOf);
  const base = { ruleId: rule.id, purpose: rule.purpose, city: rule.city, title: rule.title, asOf, version };
  const none = { requiredMonths: null, qualifyingMonths: null, willBeMetMonth: null, willBeMetOn: null, backPaidMonthsNotCounted: 0, assumptions: [], breakImpact: null };
  if (!version) return { ...base, ...none, status: 'not_in_force' };
  if (version.status !== 'sourced' || !version.requirement) return { ...base, ...none, status: version.status === 'lifted' ? 'lifted' : 'not_sourced' };
  const req = version.requirement;
  const { keys, backPaidNotCounted } = qualifyingMonthKeys(req, rule.city.code, history);
  const qualifying = countQualifying(req, keys, asOfKey);
  const met = qualifying >= req.months.value;
  const metMonth = met ? asOfKey : firstMetMonth(req, keys, asOfKey);
  let impact: BreakImpact | null = null;
  if (breakMonths !== undefined) {
    const withCurrent = new Set(keys);
    withCurrent.add(asOfKey);
    for (let m = asOfKey + 1; m <= asOfKey + breakMonths; m++) withCurrent.delete(m);
    const back = asOfKey + breakMonths + 1;
    const onReturn = new Set(withCurrent);
    onReturn.add(back);
    const count = countQualifying(req, onReturn, back);
    const againMonth = firstMetMonth(req, withCurrent, back);
    impact = {
      breakMonths,
      returnMonth: formatMonthKey(back),
      qualifyingMonthsOnReturn: count,
      resets: req.mode.value === 'continuous' && breakMonths > (req.maxBreakMonths.value ?? 0),
      metOnReturn: count >= req.months.value,
      willBeMetMonth: formatMonthKey(againMonth),
      // compared with no break, from the return month on: met then anyway, or met at metMonth
      delayMonths: Math.max(0, againMonth - Math.max(metMonth, back)),
    };
  }
  return {
    ...base,
    status: met ? 'met' : 'not_met',
    requiredMonths: req.months.value,
    qualifyingMonths: qualifying,
    willBeMetMonth: formatMonthKey(metMonth),
    willBeMetOn: firstDay(metMonth),
    backPaidMonthsNotCounted: backPaidNotCounted,
    assumptions: assumptionsOf(req),
    breakImpact: impact,
  };
}

/** The waiting period (months) after a break of `breakMonths` months, under a waiting-period rule. */
export function waitingPeriodMonths(spec: WaitingPeriodSpec, breakMonths: number): number {
  if (breakMonths <= 0) return 0;
  const years = Math.floor(breakMonths / 12);
  const extraYears = Math.max(0, years - spec.extraFromYear.value + 1);
  const total = spec.fixedMonths.value + extraYears * spec.extraMonthsPerYear.value;
  const min = spec.minimumAfterYears.value;
  return years >= min.years ? Math.max(total, min.months) : total;
}

/** A month key helper for callers: "2026-03" → "2026-03" + n months. */
export function addMonthsToMonth(month: string, n: number): string {
  return formatMonthKey(monthKey('month', month) + n);
}
