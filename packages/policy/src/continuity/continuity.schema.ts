import { z } from 'zod';
import { isRealDate } from '@lianxu/db/business-clock';
import { parseMonthKey } from '../money';
import { GRADES, SOCIAL_INSURANCES } from '../policy.types';

// The continuity rule file (continuity/rules.yaml) as a zod schema. A rule is one city and purpose with
// dated versions; a version is sourced (its requirement states which parameters a source gives and
// which Lianxu assumed), lifted (a source says records are no longer checked) or not_sourced.

export const CONTINUITY_PURPOSES = ['housing-purchase', 'car-plate-lottery', 'residence-points', 'medical-waiting-period', 'school-enrollment'] as const;
export type ContinuityPurpose = (typeof CONTINUITY_PURPOSES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' }).refine(isRealDate, { error: 'must be a real calendar date' });
/** A publication date may be known only to the month ("2025-12"). */
const publishedOn = z.union([isoDate, z.string().refine((s) => parseMonthKey(s) !== null, { error: 'must be YYYY-MM-DD or YYYY-MM' }), z.null()]);
const text = z.string().trim().min(1, { error: 'must be a non-empty text' });
const localized = z.strictObject({ zh: text, en: text });

const basis = z.enum(['source', 'assumption']);
/** One requirement parameter: its value and whether a source states it or Lianxu assumed it (then with a note). */
function param<T extends z.ZodType>(value: T) {
  return z
    .strictObject({ value, basis, note: text.optional() })
    .refine((p) => p.basis === 'source' || p.note !== undefined, { error: 'an assumed parameter needs a note saying why', path: ['note'] });
}

const months = z.number().int().min(1).max(600);

export const requirementSchema = z
  .strictObject({
    months: param(months),
    insurances: param(z.array(z.enum(SOCIAL_INSURANCES)).min(1)),
    mode: param(z.enum(['continuous', 'cumulative'])),
    /** The window (months ending with the as-of month) inside which months count; null: no window. */
    lookBackMonths: param(months.nullable()),
    /** Continuous mode: the longest run of missed months that does not reset the count. */
    maxBreakMonths: param(z.number().int().min(0).max(120).nullable()),
    backPayCounts: param(z.boolean()),
    /** instead: a month with income-tax records counts without insurance; also-required: both are needed; no: tax records do not count. */
    taxRecords: param(z.enum(['instead', 'also-required', 'no'])),
  })
  .superRefine((r, ctx) => {
    if (r.lookBackMonths.value !== null && r.lookBackMonths.value < r.months.value) ctx.addIssue({ code: 'custom', path: ['lookBackMonths'], message: 'the window is shorter than the months required' });
    if (r.mode.value === 'continuous' && r.maxBreakMonths.value === null) ctx.addIssue({ code: 'custom', path: ['maxBreakMonths'], message: 'a continuous rule needs the longest tolerated break' });
  });

export const waitingPeriodSchema = z.strictObject({
  fixedMonths: param(z.number().int().min(0).max(24)),
  extraMonthsPerYear: param(z.number().int().min(0).max(12)),
  /** The first whole year of break that adds extra months (2: each further year beyond the first). */
  extraFromYear: param(z.number().int().min(1).max(10)),
  minimumAfterYears: param(z.strictObject({ years: z.number().int().min(1), months: z.number().int().min(0) })),
});

const sourceRef = z.strictObject({ id: text, url: z.url().nullable(), publishedOn });
const effective = z.strictObject({ from: isoDate.nullable(), to: isoDate.nullable() });

const sourced = z.strictObject({
  effective,
  status: z.literal('sourced'),
  grade: z.enum(GRADES),
  sources: z.array(sourceRef).min(1),
  summary: localized,
  note: text.optional(),
  requirement: requirementSchema.optional(),
  waitingPeriod: waitingPeriodSchema.optional(),
});
const lifted = z.strictObject({ effective, status: z.literal('lifted'), grade: z.enum(GRADES), sources: z.array(sourceRef).min(1), summary: localized, note: text.optional() });
const notSourced = z.strictObject({ effective, status: z.literal('not_sourced'), note: text, checked: z.array(text).optional() });

export const ruleVersionSchema = z.discriminatedUnion('status', [sourced, lifted, notSourced]);

export const continuityRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z]+(\.[a-z0-9-]+)+$/, { error: 'must be city.purpose[.variant] in lower case' }),
    city: z.strictObject({ code: z.string().regex(/^\d{6}$/), zh: text, en: text }),
    purpose: z.enum(CONTINUITY_PURPOSES),
    title: localized,
    versions: z.array(ruleVersionSchema).min(1),
  })
  .superRefine((rule, ctx) => {
    rule.versions.forEach((v, i) => {
      if (v.status === 'sourced') {
        const isWaiting = rule.purpose === 'medical-waiting-period';
        if (isWaiting && !v.waitingPeriod) ctx.addIssue({ code: 'custom', path: ['versions', i, 'waitingPeriod'], message: 'a sourced waiting-period rule needs its waiting period' });
        if (!isWaiting && !v.requirement) ctx.addIssue({ code: 'custom', path: ['versions', i, 'requirement'], message: 'a sourced rule needs its requirement' });
      }
      if (v.effective.from && v.effective.to && v.effective.to < v.effective.from) ctx.addIssue({ code: 'custom', path: ['versions', i, 'effective', 'to'], message: 'ends before it starts' });
      const next = rule.versions[i + 1];
      if (next && (!v.effective.to || !next.effective.from || next.effective.from <= v.effective.to)) {
        ctx.addIssue({ code: 'custom', path: ['versions', i + 1, 'effective', 'from'], message: 'versions must follow each other without overlapping' });
      }
    });
  });

export const continuityFileSchema = z.strictObject({ rules: z.array(continuityRuleSchema).min(1) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
    seen.add(r.id);
  });
});

export type ContinuityRule = z.infer<typeof continuityRuleSchema>;
export type ContinuityRuleVersion = z.infer<typeof ruleVersionSchema>;
export type ContinuityRequirement = z.infer<typeof requirementSchema>;
export type WaitingPeriodSpec = z.infer<typeof waitingPeriodSchema>;
export type ContinuityFile = z.infer<typeof continuityFileSchema>;
