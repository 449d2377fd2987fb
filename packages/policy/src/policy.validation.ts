import { PolicyDataError } from './errors';
import { formatMicro, parseDecimalScaled, parseMonthKey, ROUNDING_RULES, type RoundingRule } from './money';
import {
  GRADES,
  INSURANCES,
  SOCIAL_INSURANCES,
  type Figure,
  type Grade,
  type HousingFundRules,
  type Insurance,
  type InsuranceSpec,
  type PolicyRecord,
  type Provenance,
  type RatePart,
  type RateSpec,
  type RoundingSpec,
  type SideSpec,
} from './policy.types';

// Plain hand-written validation (no schema library): every failure names origin, city, year and field.

type Raw = Record<string, unknown>;

class Ctx {
  city: string | null = null;
  year: number | null = null;
  constructor(
    readonly origin: string,
    readonly knownSources: ReadonlySet<string> | null,
  ) {}
  fail(field: string, problem: string): never {
    throw new PolicyDataError(this.origin, this.city, this.year, field, problem);
  }
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(ctx: Ctx, v: unknown, field: string, allowed: readonly string[]): Raw {
  if (!isObject(v)) ctx.fail(field, 'must be an object');
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) ctx.fail(`${field}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return v;
}

function str(ctx: Ctx, v: unknown, field: string): string {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  ctx.fail(field, 'must be a non-empty string');
}

function optNote(ctx: Ctx, v: unknown, field: string): { note?: string } {
  if (v === undefined || v === null) return {};
  return { note: str(ctx, v, field) };
}

function provenance(ctx: Ctx, raw: Raw, field: string, requireSources: boolean): Provenance {
  const sourcesRaw = raw['sources'];
  const sources: string[] = [];
  if (sourcesRaw !== undefined) {
    if (!Array.isArray(sourcesRaw)) ctx.fail(`${field}.sources`, 'must be a list of source ids');
    sourcesRaw.forEach((s, i) => {
      const id = str(ctx, s, `${field}.sources[${i}]`);
      if (ctx.knownSources && !ctx.knownSources.has(id)) ctx.fail(`${field}.sources[${i}]`, `unknown source id "${id}"`);
      sources.push(id);
    });
  }
  if (requireSources && sources.length === 0) ctx.fail(`${field}.sources`, 'a given figure needs at least one source id');
  let grade: Grade | null = null;
  if (raw['grade'] !== undefined) {
    const g = str(ctx, raw['grade'], `${field}.grade`);
    if (!(GRADES as readonly string[]).includes(g)) ctx.fail(`${field}.grade`, `unknown grade "${g}" (known: ${GRADES.join(', ')})`);
    grade = g as Grade;
  } else if (requireSources) {
    ctx.fail(`${field}.grade`, 'a given figure needs a confidence grade');
  }
  const derived = raw['derived'];
  if (derived !== undefined && typeof derived !== 'boolean') ctx.fail(`${field}.derived`, 'must be true or false');
  return { sources, grade, derived: derived === true, ...optNote(ctx, raw['note'], `${field}.note`) };
}

const FIGURE_KEYS = ['value', 'notFound', 'notApplicable', 'sources', 'grade', 'derived', 'note'] as const;

/** Reads a figure: {value, sources, grade} | {notFound: true} | {notApplicable: true}. */
function figure<T>(ctx: Ctx, v: unknown, field: string, parse: (value: unknown, field: string) => T, allowNotApplicable: boolean): Figure<T> {
  const raw = obj(ctx, v, field, FIGURE_KEYS);
  const notFound = raw['notFound'] === true;
  const notApplicable = raw['notApplicable'] === true;
  const hasValue = raw['value'] !== undefined;
  if (Number(notFound) + Number(notApplicable) + Number(hasValue) !== 1) {
    ctx.fail(field, 'give exactly one of value, notFound: true, notApplicable: true');
  }
  if (notApplicable && !allowNotApplicable) ctx.fail(field, 'notApplicable is not allowed here');
  if (hasValue) {
    const prov = provenance(ctx, raw, field, true);
    return { status: 'given', value: parse(raw['value'], `${field}.value`), ...prov };
  }
  return { status: notFound ? 'notFound' : 'notApplicable', ...provenance(ctx, raw, field, false) };
}

function moneyParser(ctx: Ctx) {
  return (v: unknown, field: string): number => {
    const fen = parseDecimalScaled(str(ctx, v, field), 2);
    if (fen === null) ctx.fail(field, 'must be a non-negative yuan amount with at most 2 decimals');
    return fen;
  };
}

function rateParser(ctx: Ctx) {
  return (v: unknown, field: string): number => {
    const text = str(ctx, v, field);
    const micro = parseDecimalScaled(text, 6);
    if (micro === null) ctx.fail(field, `rate "${text}" must be a plain decimal with at most 6 decimals`);
    if (micro >= 1_000_000) ctx.fail(field, `rate ${text} must lie in [0, 1)`);
    return micro;
  };
}

function boolParser(ctx: Ctx) {
  return (v: unknown, field: string): boolean => {
    if (typeof v !== 'boolean') ctx.fail(field, 'must be true or false');
    return v;
  };
}

function rounding(ctx: Ctx, v: unknown, field: string, fallback: RoundingRule): RoundingSpec {
  if (v === undefined) return { rule: fallback, isDefault: true, sources: [], grade: null, derived: false };
  const raw = obj(ctx, v, field, ['rule', 'default', 'sources', 'grade', 'derived', 'note']);
  const rule = str(ctx, raw['rule'], `${field}.rule`);
  if (!(ROUNDING_RULES as readonly string[]).includes(rule)) {
    ctx.fail(`${field}.rule`, `unknown rounding rule "${rule}" (known: ${ROUNDING_RULES.join(', ')})`);
  }
  const isDefault = raw['default'] === true;
  return { rule: rule as RoundingRule, isDefault, ...provenance(ctx, raw, field, !isDefault) };
}

function rateSpec(ctx: Ctx, side: Raw, field: string): RateSpec {
  const rate = rateParser(ctx);
  if (side['rateRange'] !== undefined) {
    if (side['rate'] !== undefined) ctx.fail(field, 'give either rate or rateRange, not both');
    const range = obj(ctx, side['rateRange'], `${field}.rateRange`, ['min', 'max']);
    const min = figure(ctx, range['min'], `${field}.rateRange.min`, rate, false);
    const max = figure(ctx, range['max'], `${field}.rateRange.max`, rate, false);
    if (min.status === 'given' && max.status === 'given' && min.value > max.value) {
      ctx.fail(`${field}.rateRange`, `min ${formatMicro(min.value)} is above max ${formatMicro(max.value)}`);
    }
    return { kind: 'range', min, max };
  }
  const r = side['rate'];
  if (isObject(r) && r['byHukou'] !== undefined) {
    const byHukou = obj(ctx, obj(ctx, r, `${field}.rate`, ['byHukou'])['byHukou'], `${field}.rate.byHukou`, ['local', 'nonLocal']);
    return {
      kind: 'byHukou',
      local: figure(ctx, byHukou['local'], `${field}.rate.byHukou.local`, rate, false),
      nonLocal: figure(ctx, byHukou['nonLocal'], `${field}.rate.byHukou.nonLocal`, rate, false),
    };
  }
  const single = figure(ctx, r, `${field}.rate`, rate, false);
  let parts: RatePart[] | null = null;
  if (side['parts'] !== undefined) {
    if (!Array.isArray(side['parts']) || side['parts'].length === 0) ctx.fail(`${field}.parts`, 'must be a non-empty list');
    if (single.status !== 'given') ctx.fail(`${field}.parts`, 'parts need a given rate');
    parts = side['parts'].map((p, i) => {
      const pf = `${field}.parts[${i}]`;
      const raw = obj(ctx, p, pf, ['name', 'value', 'sources', 'grade', 'derived', 'note']);
      return { name: str(ctx, raw['name'], `${pf}.name`), value: rate(raw['value'], `${pf}.value`), ...provenance(ctx, raw, pf, true) };
    });
    const sum = parts.reduce((s, p) => s + p.value, 0);
    if (sum !== single.value) ctx.fail(`${field}.parts`, `parts add up to ${formatMicro(sum)}, not the rate ${formatMicro(single.value)}`);
  }
  return { kind: 'single', rate: single, parts };
}

/** The national maximum housing-fund rate per side (12%). */
const NATIONAL_HF_MAX = 120_000;

function period(ctx: Ctx, v: unknown, field: string): { from: string; to: string } {
  const eff = obj(ctx, v, field, ['from', 'to']);
  const from = str(ctx, eff['from'], `${field}.from`);
  const to = str(ctx, eff['to'], `${field}.to`);
  const fromKey = parseMonthKey(from);
  const toKey = parseMonthKey(to);
  if (fromKey === null) ctx.fail(`${field}.from`, `"${from}" is not a month (YYYY-MM)`);
  if (toKey === null) ctx.fail(`${field}.to`, `"${to}" is not a month (YYYY-MM)`);
  if (toKey < fromKey) ctx.fail(`${field}.to`, `${to} is before ${from}`);
  return { from, to };
}

function sideSpec(ctx: Ctx, v: unknown, field: string, defaultRule: RoundingRule): SideSpec {
  const raw = obj(ctx, v, field, ['rate', 'rateRange', 'parts', 'fixed', 'rounding']);
  if (raw['rate'] === undefined && raw['rateRange'] === undefined) ctx.fail(`${field}.rate`, 'missing (give a rate, a rateRange, or {notFound: true})');
  return {
    rate: rateSpec(ctx, raw, field),
    fixed: raw['fixed'] === undefined ? null : figure(ctx, raw['fixed'], `${field}.fixed`, moneyParser(ctx), false),
    rounding: rounding(ctx, raw['rounding'], `${field}.rounding`, defaultRule),
  };
}

function insuranceSpec(ctx: Ctx, v: unknown, name: Insurance): InsuranceSpec {
  const field = name === 'housingFund' ? 'housingFund' : `insurances.${name}`;
  if (v === undefined) ctx.fail(field, 'missing: every insurance must be given, notApplicable or notFound');
  if (!isObject(v)) ctx.fail(field, 'must be an object');
  const status = v['status'];
  const effective = v['effective'] === undefined ? {} : { effective: period(ctx, v['effective'], `${field}.effective`) };
  if (status === 'notFound' || status === 'notApplicable') {
    const raw = obj(ctx, v, field, ['status', 'effective', 'sources', 'note']);
    const prov = provenance(ctx, raw, field, false);
    return { status, ...effective, sources: prov.sources, ...(prov.note === undefined ? {} : { note: prov.note }) };
  }
  if (status !== 'given') ctx.fail(`${field}.status`, 'must be one of given, notApplicable, notFound');
  const raw = obj(ctx, v, field, ['status', 'effective', 'floor', 'cap', 'employer', 'employee', 'includesMaternity', 'rules']);
  const money = moneyParser(ctx);
  const floor = figure(ctx, raw['floor'], `${field}.floor`, money, true);
  const cap = figure(ctx, raw['cap'], `${field}.cap`, money, true);
  if (floor.status === 'given' && cap.status === 'given' && floor.value > cap.value) {
    ctx.fail(`${field}.floor`, `floor ${floor.value / 100} is above cap ${cap.value / 100}`);
  }
  const defaultRule: RoundingRule = name === 'housingFund' ? 'half-up-yuan' : 'half-up-fen';
  const employer = sideSpec(ctx, raw['employer'], `${field}.employer`, defaultRule);
  const employee = sideSpec(ctx, raw['employee'], `${field}.employee`, defaultRule);
  if ((name === 'workInjury' || name === 'housingFund') && employer.rate.kind !== 'range') {
    ctx.fail(`${field}.employer.rateRange`, 'the employer rate here is chosen by the tenant: give a rateRange');
  }
  if (name === 'housingFund' && employee.rate.kind !== 'range') ctx.fail(`${field}.employee.rateRange`, 'give a rateRange');
  if (name !== 'workInjury' && name !== 'housingFund' && (employer.rate.kind === 'range' || employee.rate.kind === 'range')) {
    ctx.fail(`${field}`, 'a rateRange is only allowed for workInjury and housingFund');
  }
  if (name === 'workInjury' && employee.rate.kind === 'range') ctx.fail(`${field}.employee.rateRange`, 'give a single employee rate');
  let rules: HousingFundRules | null = null;
  if (raw['rules'] !== undefined) {
    if (name !== 'housingFund') ctx.fail(`${field}.rules`, 'rules are only known for housingFund');
    const r = obj(ctx, raw['rules'], `${field}.rules`, ['integerPercent', 'employeeNotBelowEmployer', 'note']);
    const bool = boolParser(ctx);
    rules = {
      integerPercent: r['integerPercent'] === undefined ? null : figure(ctx, r['integerPercent'], `${field}.rules.integerPercent`, bool, false),
      employeeNotBelowEmployer:
        r['employeeNotBelowEmployer'] === undefined ? null : figure(ctx, r['employeeNotBelowEmployer'], `${field}.rules.employeeNotBelowEmployer`, bool, false),
      ...optNote(ctx, r['note'], `${field}.rules.note`),
    };
  }
  if (name === 'housingFund') {
    for (const s of ['employer', 'employee'] as const) {
      const r = (s === 'employer' ? employer : employee).rate;
      if (r.kind === 'range' && r.max.status === 'given' && r.max.value > NATIONAL_HF_MAX) {
        ctx.fail(`${field}.${s}.rateRange.max`, `${formatMicro(r.max.value)} is above the national maximum ${formatMicro(NATIONAL_HF_MAX)}`);
      }
    }
  }
  return {
    status: 'given',
    ...effective,
    floor,
    cap,
    employer,
    employee,
    includesMaternity: raw['includesMaternity'] === undefined ? null : figure(ctx, raw['includesMaternity'], `${field}.includesMaternity`, boolParser(ctx), false),
    rules,
  };
}

const RECORD_KEYS = [
  'city', 'codeNote', 'year', 'revision', 'effective', 'cutOffDay', 'insurances', 'housingFund',
  'publishedEmployerAtCap', 'publishedHousingFundMonthlyTotal', 'notes',
] as const;

/**
 * Validates one raw policy record (parsed YAML/JSON or a consultant's API body) and returns it
 * normalised (money in fen, rates in micro). Throws PolicyDataError naming origin, city, year and field.
 * `knownSources`, when given, rejects source ids not in the register.
 * @example
 * const record = validatePolicyRecord(body, `api:consultant:${userId}`, new Set(loadSources().map((s) => s.id)));
 * const library = createPolicyLibrary([...shipped.records.filter((r) => r.id !== replacedId), record], loadSources());
 */
export function validatePolicyRecord(raw: unknown, origin: string, knownSources?: ReadonlySet<string>): PolicyRecord {
  const ctx: Ctx = new Ctx(origin, knownSources ?? null);
  const rec = obj(ctx, raw, '(record)', RECORD_KEYS);
  const city = obj(ctx, rec['city'], 'city', ['code', 'zh', 'en']);
  const code = str(ctx, city['code'], 'city.code');
  if (!/^\d{6}$/.test(code)) ctx.fail('city.code', 'must be a 6-digit GB/T 2260 code');
  ctx.city = code;
  const zh = str(ctx, city['zh'], 'city.zh');
  const en = str(ctx, city['en'], 'city.en');
  const year = rec['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2999) ctx.fail('year', 'must be a calendar year');
  ctx.year = year;
  const revision = rec['revision'] ?? 1;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) ctx.fail('revision', 'must be a positive integer');
  const eff = obj(ctx, rec['effective'], 'effective', ['from', 'to']);
  const from = str(ctx, eff['from'], 'effective.from');
  const to = str(ctx, eff['to'], 'effective.to');
  const fromKey = parseMonthKey(from);
  const toKey = parseMonthKey(to);
  if (fromKey === null) ctx.fail('effective.from', `"${from}" is not a month (YYYY-MM)`);
  if (toKey === null) ctx.fail('effective.to', `"${to}" is not a month (YYYY-MM)`);
  if (toKey < fromKey) ctx.fail('effective.to', `${to} is before ${from}`);
  if (Math.floor(fromKey / 12) !== year) ctx.fail('effective.from', `the policy year ${year} must start in ${year}`);
  const cutOffDay = figure(
    ctx,
    rec['cutOffDay'] ?? { notFound: true },
    'cutOffDay',
    (v, f) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 31) ctx.fail(f, 'must be a day of month 1..31');
      return v;
    },
    false,
  );
  const insRaw = obj(ctx, rec['insurances'], 'insurances', SOCIAL_INSURANCES);
  const insurances = {} as Record<Insurance, InsuranceSpec>;
  for (const name of INSURANCES) {
    insurances[name] = insuranceSpec(ctx, name === 'housingFund' ? rec['housingFund'] : insRaw[name], name);
  }
  const published: PolicyRecord['published'] = {};
  for (const key of ['publishedEmployerAtCap', 'publishedHousingFundMonthlyTotal'] as const) {
    if (rec[key] === undefined) continue;
    const p = obj(ctx, rec[key], key, ['sources', 'grade', 'amounts']);
    const prov = provenance(ctx, p, key, true);
    const amounts = obj(ctx, p['amounts'], `${key}.amounts`, [...INSURANCES, 'subtotal', 'min', 'max']);
    const out: Record<string, string> = {};
    for (const [k, a] of Object.entries(amounts)) {
      const text = str(ctx, a, `${key}.amounts.${k}`);
      if (parseDecimalScaled(text, 2) === null) ctx.fail(`${key}.amounts.${k}`, 'must be a yuan amount');
      out[k] = text;
    }
    published[key] = { sources: prov.sources, grade: prov.grade, amounts: out };
  }
  const notesRaw = rec['notes'] ?? [];
  if (!Array.isArray(notesRaw)) ctx.fail('notes', 'must be a list of strings');
  const notes = notesRaw.map((n, i) => str(ctx, n, `notes[${i}]`));
  return {
    id: `${code}-${year}-r${revision}`,
    origin,
    city: { code, zh, en },
    ...(rec['codeNote'] === undefined ? {} : { codeNote: str(ctx, rec['codeNote'], 'codeNote') }),
    year,
    revision,
    effectiveFrom: from,
    effectiveTo: to,
    cutOffDay,
    insurances,
    published,
    notes,
  };
}

/**
 * Checks a set of records together: one record per city and year, consistent city names,
 * and no overlapping effective periods within a city. Throws PolicyDataError naming the later file.
 */
export function validatePolicySet(records: readonly PolicyRecord[]): void {
  const byCity = new Map<string, PolicyRecord[]>();
  for (const r of records) {
    const list = byCity.get(r.city.code) ?? [];
    list.push(r);
    byCity.set(r.city.code, list);
  }
  for (const list of byCity.values()) {
    list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const first = list[0]!;
      if (r.city.zh !== first.city.zh || r.city.en !== first.city.en) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'city', `names ${r.city.zh}/${r.city.en} differ from ${first.origin} (${first.city.zh}/${first.city.en})`);
      }
      const prev = list[i - 1];
      if (!prev) continue;
      if (prev.year === r.year) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'year', `a record for this city and year already comes from ${prev.origin}`);
      }
      if (r.effectiveFrom <= prev.effectiveTo) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'effective.from', `${r.effectiveFrom} overlaps ${prev.origin} (effective ${prev.effectiveFrom}..${prev.effectiveTo})`);
      }
    }
    // Each insurance's own periods (policy-year conventions differ per insurance) must not overlap either.
    for (const name of INSURANCES) {
      const periods = list
        .map((r) => ({ r, p: r.insurances[name].effective ?? { from: r.effectiveFrom, to: r.effectiveTo }, own: r.insurances[name].effective !== undefined }))
        .sort((a, b) => a.p.from.localeCompare(b.p.from));
      for (let i = 1; i < periods.length; i++) {
        const a = periods[i - 1]!;
        const b = periods[i]!;
        if (b.p.from <= a.p.to) {
          const field = b.own ? `${name === 'housingFund' ? 'housingFund' : `insurances.${name}`}.effective.from` : 'effective.from';
          throw new PolicyDataError(b.r.origin, b.r.city.code, b.r.year, field, `${name} from ${b.p.from} overlaps ${a.r.origin} (${name} ${a.p.from}..${a.p.to})`);
        }
      }
    }
  }
}
