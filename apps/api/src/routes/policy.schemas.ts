import { z } from '@hono/zod-openapi';
import { GRADES, INSURANCES } from '@lianxu/policy';
import { ApiError, type Localized } from '../errors/api-error';

// Schemas shared by the policy routes (library listing, revisions, quote); also their OpenAPI document.

export const Status = z.enum(['given', 'notApplicable', 'notFound']);
export const GradeSchema = z.enum(GRADES).nullable();

export const FigureSchema = z
  .object({
    status: Status,
    /** Money as yuan with two decimals, rates as exact decimals, flags as "true"/"false". */
    value: z.string().nullable().openapi({ description: 'yuan ("6821.00") for money, an exact decimal ("0.16") for rates; null unless given' }),
    sources: z.array(z.string()),
    grade: GradeSchema,
    derived: z.boolean().openapi({ description: 'inferred by arithmetic from published figures' }),
    unverified: z.boolean().openapi({ description: 'not found, or its grade is below B' }),
    note: z.string().optional(),
  })
  .openapi('PolicyFigure');

export const RatePartSchema = z
  .object({ name: z.string(), value: z.string(), sources: z.array(z.string()), grade: GradeSchema, derived: z.boolean(), unverified: z.boolean(), note: z.string().optional() })
  .openapi('PolicyRatePart');

export const RateSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('single'), rate: FigureSchema, parts: z.array(RatePartSchema).nullable() }),
    z.object({ kind: z.literal('byHukou'), local: FigureSchema, nonLocal: FigureSchema }),
    z.object({ kind: z.literal('range'), min: FigureSchema, max: FigureSchema }),
  ])
  .openapi('PolicyRate');

export const SideSchema = z
  .object({
    rate: RateSchema,
    fixed: FigureSchema.nullable().openapi({ description: 'a fixed amount in yuan added after rounding' }),
    rounding: z.object({
      rule: z.enum(['half-up-fen', 'half-up-yuan', 'up-jiao']),
      isDefault: z.boolean().openapi({ description: 'no source gives the rule; the project default applies' }),
      sources: z.array(z.string()),
      grade: GradeSchema,
      derived: z.boolean(),
      note: z.string().optional(),
    }),
  })
  .openapi('PolicySide');

export const InsuranceSchema = z
  .object({
    insurance: z.enum(INSURANCES),
    status: Status,
    sources: z.array(z.string()).openapi({ description: 'for an insurance not given: where it was looked for' }),
    note: z.string().optional(),
    floor: FigureSchema.nullable(),
    cap: FigureSchema.nullable(),
    employer: SideSchema.nullable(),
    employee: SideSchema.nullable(),
    includesMaternity: FigureSchema.nullable(),
    rules: z
      .object({ integerPercent: FigureSchema.nullable(), employeeNotBelowEmployer: FigureSchema.nullable(), note: z.string().optional() })
      .nullable(),
  })
  .openapi('PolicyInsurance');

export const CitySchema = z.object({ code: z.string().openapi({ example: '110100' }), name: z.string().openapi({ example: '北京' }), nameEn: z.string().openapi({ example: 'Beijing' }) });
export const SourceSchema = z.object({ id: z.string(), grade: z.string().nullable(), title: z.string(), url: z.string().nullable() }).openapi('PolicySource');

export const YearSummary = z.object({
  year: z.number().int().openapi({ description: 'calendar year in which the policy year starts' }),
  policyId: z.string(),
  effectiveFrom: z.string().openapi({ example: '2024-07' }),
  effectiveTo: z.string().openapi({ example: '2025-06' }),
  lowestGrade: GradeSchema.openapi({ description: 'the weakest grade among the given figures; null when none is given' }),
  hasNotFound: z.boolean().openapi({ description: 'some insurance or contribution figure is marked not found' }),
  carriedForward: z.boolean().openapi({ description: "the city's latest known year: later months are quoted with it, marked provisional" }),
});

export const RevisionSchema = z
  .object({
    id: z.string().openapi({ example: '440300-2024-r2' }),
    revision: z.number().int(),
    shipped: z.boolean().openapi({ description: 'from the shipped data files rather than a consultant' }),
    effective: z.boolean(),
    note: z.string().nullable(),
    createdAt: z.string().nullable(),
  })
  .openapi('PolicyRevision');

export const PolicyRecordSchema = z
  .object({
    id: z.string(),
    city: CitySchema,
    codeNote: z.string().optional(),
    ...YearSummary.shape,
    revision: z.number().int(),
    cutOffDay: FigureSchema,
    insurances: z.array(InsuranceSchema),
    published: z.record(z.string(), z.object({ sources: z.array(z.string()), grade: GradeSchema, amounts: z.record(z.string(), z.string()) })),
    notes: z.array(z.string()),
    sources: z.array(SourceSchema),
    effective: z.boolean().openapi({ description: 'this revision is the one new quotes use' }),
    revisions: z.array(RevisionSchema).openapi({ description: 'every revision of this city and year, oldest first' }),
  })
  .openapi('PolicyRecord');

export const PolicyList = z
  .object({ items: z.array(z.object({ city: CitySchema, years: z.array(YearSummary) })), nextCursor: z.null() })
  .openapi('PolicyList');

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) })
  .openapi('Error');

/** A 404 naming the path parameter at fault, in both languages. */
export function notFound(code: string, field: string, zh: string, en: string): ApiError {
  const message: Localized = { 'zh-CN': zh, en };
  return new ApiError(404, code, message, { [field]: message });
}

export function unknownCity(city: string): ApiError {
  return notFound('unknown_city', 'city', `未知城市 "${city}"`, `Unknown city "${city}"`);
}
