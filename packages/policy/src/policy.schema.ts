import { z } from 'zod';
import { formatMicro, parseDecimalScaled, parseMonthKey, parseYuanToFen, ROUNDING_RULES } from './money';
import { GRADES, INSURANCES, NATIONAL_HF_RATE_MAX_MICRO, type Insurance } from './policy.types';

// The policy file format (data/*.yaml, and records consultants enter through the API) as a zod schema.
// It checks the raw file as written (yuan and decimal strings); policy.validation.ts turns a checked
// record into a PolicyRecord (fen, micro). z.toJSONSchema of `policyFileSchema` is policy.schema.json,
// which YAML/JSON authors point their editor at. Messages name the problem; the field is the issue's path.

/** A strict object whose unknown keys are reported as `unknown field (allowed: ...)`. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field (allowed: ${allowed})` : iss.input === undefined ? 'missing' : 'must be an object'),
  });
}

const text = z.union([z.string().trim().min(1), z.number()], { error: 'must be a non-empty string' });
/** A decimal written as a string ("0.0535", "6821.00") or a plain YAML number. */
const decimal = z.union([z.string(), z.number()], { error: 'must be a decimal (string or number)' });

export const decimalText = (v: string | number): string => String(v).trim();

const grade = z.enum(GRADES, { error: (iss) => `unknown grade "${String(iss.input)}" (known: ${GRADES.join(', ')})` });
const flag = z.boolean({ error: 'must be true or false' });

const provenanceShape = {
  sources: z.array(text, { error: 'must be a list of source ids' }).optional().meta({ description: 'source ids from sources.yaml' }),
  grade: grade.optional(),
  derived: flag.optional().meta({ description: 'true for a figure inferred by arithmetic from published ones' }),
  note: text.optional(),
};

type Ctx = z.core.$RefinementCtx;
const fail = (ctx: Ctx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

/** A given figure needs at least one source id and a grade. */
function requireProvenance(ctx: Ctx, p: { sources?: unknown[] | undefined; grade?: unknown }, path: (string | number)[] = []): void {
  if (!p.sources || p.sources.length === 0) fail(ctx, [...path, 'sources'], 'a given figure needs at least one source id');
  else if (p.grade === undefined) fail(ctx, [...path, 'grade'], 'a given figure needs a confidence grade');
}

/** A money value: a non-negative yuan amount with at most 2 decimals. */
const money = decimal.superRefine((v, ctx) => {
  if (parseYuanToFen(v) === null) fail(ctx, [], 'must be a non-negative yuan amount with at most 2 decimals');
});

/** A rate value: a plain decimal in [0, 1) with at most 6 decimals. */
const rate = decimal.superRefine((v, ctx) => {
  const t = decimalText(v);
  const micro = parseDecimalScaled(t, 6);
  if (micro === null) fail(ctx, [], `rate "${t}" must be a plain decimal with at most 6 decimals`);
  else if (micro >= 1_000_000) fail(ctx, [], `rate ${t} must lie in [0, 1)`);
});

const day = z.number({ error: 'must be a day of month 1..31' }).int({ error: 'must be a day of month 1..31' }).min(1, { error: 'must be a day of month 1..31' }).max(31, { error: 'must be a day of month 1..31' });

/** A sourced figure: {value, sources, grade} | {notFound: true} | {notApplicable: true}. */
function figure<T extends z.ZodType>(value: T, allowNotApplicable: boolean, shape: z.ZodRawShape = {}) {
  return strict({ value: value.optional(), notFound: z.literal(true).optional(), notApplicable: z.literal(true).optional(), ...provenanceShape, ...shape }).superRefine((f, ctx) => {
    const given = f.value !== undefined;
    if (Number(given) + Number(f.notFound === true) + Number(f.notApplicable === true) !== 1) {
      fail(ctx, [], 'give exactly one of value, notFound: true, notApplicable: true');
    } else if (f.notApplicable && !allowNotApplicable) fail(ctx, [], 'notApplicable is not allowed here');
    else if (given) requireProvenance(ctx, f);
  });
}

const moneyFigure = figure(money, false).meta({ title: 'MoneyFigure', description: 'a yuan amount with its sources and grade, or notFound' });
const limitFigure = figure(money, true).meta({ title: 'LimitFigure', description: 'a floor or cap in yuan with its sources and grade, notFound, or notApplicable (no cap)' });
const rateFigure = figure(rate, false).meta({ title: 'RateFigure', description: 'a rate (decimal, e.g. "0.16") with its sources and grade, or notFound' });
const flagFigure = figure(flag, false).meta({ title: 'FlagFigure' });

const month = z.string({ error: 'must be a month (YYYY-MM)' }).superRefine((v, ctx) => {
  if (parseMonthKey(v.trim()) === null) fail(ctx, [], `"${v}" is not a month (YYYY-MM)`);
});

/** An inclusive period of months. */
const period = strict({ from: month, to: month }).superRefine((p, ctx) => {
  const from = parseMonthKey(p.from)!;
  const to = parseMonthKey(p.to)!;
  if (to < from) fail(ctx, ['to'], `${p.to} is before ${p.from}`);
}).meta({ title: 'Period', description: 'inclusive months YYYY-MM..YYYY-MM' });

const rounding = strict({
  rule: z.enum(ROUNDING_RULES, { error: (iss) => `unknown rounding rule "${String(iss.input)}" (known: ${ROUNDING_RULES.join(', ')})` }),
  default: flag.optional().meta({ description: 'true: no source gives the rule, the project default applies' }),
  ...provenanceShape,
}).superRefine((r, ctx) => {
  if (r.default !== true) requireProvenance(ctx, r);
}).meta({ title: 'Rounding' });

const byHukou = strict({ byHukou: strict({ local: rateFigure, nonLocal: rateFigure }) });
/**
 * A side's single rate. `byHukou` is refused outright here (not as an unknown key, which zod treats
 * as recoverable and would prefer this branch of the union), so a mistake inside byHukou is reported there.
 */
const singleRate = figure(rate, false, { byHukou: z.never().optional() }).meta({ title: 'SingleRate' });
const ratePart = strict({ name: text, value: rate, ...provenanceShape }).superRefine((p, ctx) => requireProvenance(ctx, p));

const givenMicro = (f: { value?: string | number | undefined } | undefined): number | null =>
  f?.value === undefined ? null : parseDecimalScaled(decimalText(f.value), 6);

/** One side (employer or employee) of an insurance. */
const side = strict({
  rate: z.union([byHukou, singleRate]).optional(),
  rateRange: strict({ min: rateFigure, max: rateFigure }).optional(),
  parts: z.array(ratePart).optional().meta({ description: 'the rate as parts rounded separately (Shanghai medical 8.5% + 0.5%)' }),
  fixed: moneyFigure.optional().meta({ description: "a fixed amount added after rounding (Beijing's 3 yuan)" }),
  rounding: rounding.optional(),
}).superRefine((s, ctx) => {
  if (s.rate !== undefined && s.rateRange !== undefined) return fail(ctx, [], 'give either rate or rateRange, not both');
  if (s.rate === undefined && s.rateRange === undefined) return fail(ctx, ['rate'], 'missing (give a rate, a rateRange, or {notFound: true})');
  if (s.rateRange) {
    const min = givenMicro(s.rateRange.min);
    const max = givenMicro(s.rateRange.max);
    if (min !== null && max !== null && min > max) fail(ctx, ['rateRange'], `min ${formatMicro(min)} is above max ${formatMicro(max)}`);
  }
  if (s.parts !== undefined) {
    const single = s.rate && !('byHukou' in s.rate) ? givenMicro(s.rate) : null;
    if (s.parts.length === 0) fail(ctx, ['parts'], 'must be a non-empty list');
    else if (single === null) fail(ctx, ['parts'], 'parts need a given rate');
    else {
      const sum = s.parts.reduce((n, p) => n + parseDecimalScaled(decimalText(p.value), 6)!, 0);
      if (sum !== single) fail(ctx, ['parts'], `parts add up to ${formatMicro(sum)}, not the rate ${formatMicro(single)}`);
    }
  }
}).meta({ title: 'Side', description: 'employer or employee: a rate (or byHukou), or a rateRange the tenant chooses in' });

const housingFundRules = strict({ integerPercent: flagFigure.optional(), employeeNotBelowEmployer: flagFigure.optional(), note: text.optional() });

const missingInsurance = strict({
  status: z.enum(['notFound', 'notApplicable']),
  effective: period.optional(),
  sources: provenanceShape.sources,
  note: text.optional(),
}).meta({ title: 'MissingInsurance' });

function givenInsurance(name: Insurance) {
  return strict({
    status: z.literal('given'),
    effective: period.optional().meta({ description: "this insurance's own months when they differ from the record's (e.g. medical by calendar year)" }),
    floor: limitFigure,
    cap: limitFigure,
    employer: side,
    employee: side,
    includesMaternity: flagFigure.optional(),
    rules: housingFundRules.optional(),
  }).superRefine((ins, ctx) => {
    const floor = ins.floor.value === undefined ? null : parseYuanToFen(ins.floor.value);
    const cap = ins.cap.value === undefined ? null : parseYuanToFen(ins.cap.value);
    if (floor !== null && cap !== null && floor > cap) fail(ctx, ['floor'], `floor ${floor / 100} is above cap ${cap / 100}`);
    const chosen = name === 'workInjury' || name === 'housingFund';
    if (chosen && ins.employer.rateRange === undefined) fail(ctx, ['employer', 'rateRange'], 'the employer rate here is chosen by the tenant: give a rateRange');
    if (name === 'housingFund' && ins.employee.rateRange === undefined) fail(ctx, ['employee', 'rateRange'], 'give a rateRange');
    if (!chosen && (ins.employer.rateRange !== undefined || ins.employee.rateRange !== undefined)) fail(ctx, [], 'a rateRange is only allowed for workInjury and housingFund');
    if (name === 'workInjury' && ins.employee.rateRange !== undefined) fail(ctx, ['employee', 'rateRange'], 'give a single employee rate');
    if (name !== 'housingFund' && ins.rules !== undefined) fail(ctx, ['rules'], 'rules are only known for housingFund');
    if (name === 'housingFund') {
      for (const s of ['employer', 'employee'] as const) {
        const max = givenMicro(ins[s].rateRange?.max);
        if (max !== null && max > NATIONAL_HF_RATE_MAX_MICRO) {
          fail(ctx, [s, 'rateRange', 'max'], `${formatMicro(max)} is above the national maximum ${formatMicro(NATIONAL_HF_RATE_MAX_MICRO)}`);
        }
      }
    }
  });
}

function insurance(name: Insurance) {
  return z.discriminatedUnion('status', [givenInsurance(name), missingInsurance], {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'must be one of given, notApplicable, notFound'
        : iss.input === undefined
          ? 'missing: every insurance must be given, notApplicable or notFound'
          : 'must be an object',
  });
}

const amountKeys = [...INSURANCES, 'subtotal', 'min', 'max'] as const;
const published = strict({
  sources: z.array(text),
  grade: grade.optional(),
  amounts: strict(Object.fromEntries(amountKeys.map((k) => [k, money.optional()])) as Record<(typeof amountKeys)[number], z.ZodOptional<typeof money>>),
}).superRefine((p, ctx) => requireProvenance(ctx, p));

/** One city's policy for one policy year, as written in data/*.yaml. */
export const policyFileSchema = strict({
  city: strict({
    code: z.string({ error: 'must be a 6-digit GB/T 2260 code' }).regex(/^\d{6}$/, { error: 'must be a 6-digit GB/T 2260 code' }),
    zh: text,
    en: text,
  }),
  codeNote: text.optional(),
  year: z.number({ error: 'must be a calendar year' }).int({ error: 'must be a calendar year' }).min(1990, { error: 'must be a calendar year' }).max(2999, { error: 'must be a calendar year' }),
  revision: z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).min(1, { error: 'must be a positive integer' }).optional(),
  effective: period.meta({ description: 'the policy year: July-June in most cities, the calendar year in Zhejiang and Sichuan' }),
  cutOffDay: figure(day, false).optional(),
  insurances: strict({
    pension: insurance('pension'),
    medical: insurance('medical'),
    maternity: insurance('maternity'),
    unemployment: insurance('unemployment'),
    workInjury: insurance('workInjury'),
  }),
  housingFund: insurance('housingFund'),
  publishedEmployerAtCap: published.optional(),
  publishedHousingFundMonthlyTotal: published.optional(),
  notes: z.array(text, { error: 'must be a list of strings' }).optional(),
}).superRefine((r, ctx) => {
  const from = parseMonthKey(r.effective.from)!;
  if (Math.floor(from / 12) !== r.year) fail(ctx, ['effective', 'from'], `the policy year ${r.year} must start in ${r.year}`);
}).meta({ title: 'Lianxu policy record', description: "One city's social-insurance and housing-fund figures for one policy year; every figure names its sources and grade." });

export type PolicyFile = z.infer<typeof policyFileSchema>;

/** The JSON Schema of the policy file format (written to packages/policy/policy.schema.json). */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policyFileSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  // Shared parts come out as $defs "__schemaN": name them after their title where one is set.
  const defs = (schema['$defs'] ?? {}) as Record<string, { title?: string }>;
  const names = new Map<string, string>();
  const taken = new Set(Object.keys(defs));
  for (const [key, def] of Object.entries(defs)) {
    if (def.title && !taken.has(def.title)) {
      names.set(key, def.title);
      taken.add(def.title);
    }
  }
  const text = JSON.stringify(schema).replace(/"#\/\$defs\/(__schema\d+)"/g, (m, key: string) => (names.has(key) ? `"#/$defs/${names.get(key)}"` : m));
  const out = JSON.parse(text) as Record<string, unknown>;
  if (out['$defs']) out['$defs'] = Object.fromEntries(Object.entries(out['$defs'] as Record<string, unknown>).map(([k, v]) => [names.get(k) ?? k, v]));
  return out;
}

/** The field an issue names: "insurances.pension.cap.sources[0]"; unknown keys are appended. */
export function issueField(issue: z.core.$ZodIssue): string {
  let field = '';
  for (const seg of issue.path) field += typeof seg === 'number' ? `[${seg}]` : field === '' ? String(seg) : `.${String(seg)}`;
  if (issue.code === 'unrecognized_keys') return `${field === '' ? '(record)' : field}.${issue.keys[0]}`;
  return field === '' ? '(record)' : field;
}

/**
 * The issue to report first: inside a union, the branch that matched the input's shape best (fewest
 * shape mismatches, then fewest issues), with its path under the union's.
 */
export function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const issue = issues[0]!;
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  // A shape mismatch (an issue at the branch's root, or a key the branch refuses outright) means the
  // input was not meant for that branch.
  const mismatch = (i: z.core.$ZodIssue) => i.path.length === 0 || (i.code === 'invalid_type' && i.expected === 'never');
  const score = (branch: z.core.$ZodIssue[]) => branch.filter(mismatch).length * 1000 + branch.length;
  const best = [...issue.errors].sort((a, b) => score(a) - score(b))[0]!;
  const inner = firstIssue(best);
  return { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue;
}
