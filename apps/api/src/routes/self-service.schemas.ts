import { z } from '@hono/zod-openapi';
import { text } from '@lianxu/plugin-sdk';
import type { ContinuityEvaluation } from '@lianxu/policy';
import { LocalizedSchema } from './localized.schema';

// Schemas of the self-service routes (the employee's own pages and HR's links and requests).

const Localized = z.object({ zh: z.string(), en: z.string() });

export const LinkBody = z
  .object({
    email: z.string().trim().max(254).email().openapi({ example: 'zhang.wei@example.com', description: 'e-mail of a member of this company with the employee role' }),
    employeeId: z.string().max(64).openapi({ description: 'the employee record to link' }),
  })
  .openapi('EmployeeLinkBody');

export const LinkSchema = z
  .object({ userId: z.string(), email: z.string(), employeeId: z.string(), employeeName: z.string(), createdAt: z.string() })
  .openapi('EmployeeLink');

export const UserParam = z.object({ userId: z.string().uuid().openapi({ param: { name: 'userId', in: 'path' } }) });

export const ProfileSchema = z
  .object({ id: z.string(), name: z.string(), workCity: z.string(), hukou: z.enum(['local', 'non-local']), hireDate: z.string(), terminationDate: z.string().nullable(), status: z.string(), idNumberMasked: z.string() })
  .openapi('MyProfile');

export const CoverageSchema = z
  .object({
    asOf: z.string(),
    monthsCovered: z.number().int(),
    periods: z.array(z.object({ cityCode: z.string(), startMonth: z.string(), endMonth: z.string().nullable(), insurances: z.array(z.string()) })),
  })
  .openapi('MyCoverage');

export const ContributionsSchema = z
  .object({
    months: z.array(
      z.object({
        month: z.string(),
        cityCode: z.string(),
        base: z.string().nullable(),
        employer: z.string(),
        employee: z.string(),
        lines: z.array(z.object({ insurance: z.string(), base: z.string(), employer: z.string(), employee: z.string(), provisional: z.boolean() })),
        unpriced: z.array(LocalizedSchema),
      }),
    ),
  })
  .openapi('MyContributions');

const BreakImpactSchema = z.object({
  breakMonths: z.number().int(),
  returnMonth: z.string(),
  qualifyingMonthsOnReturn: z.number().int(),
  resets: z.boolean(),
  metOnReturn: z.boolean(),
  willBeMetMonth: z.string(),
  delayMonths: z.number().int(),
});

export const RuleEvaluationSchema = z
  .object({
    ruleId: z.string(),
    purpose: z.enum(['housing-purchase', 'car-plate-lottery', 'residence-points', 'medical-waiting-period', 'school-enrollment']),
    cityCode: z.string(),
    title: Localized,
    status: z.enum(['met', 'not_met', 'lifted', 'not_sourced', 'not_in_force']),
    summary: Localized.nullable(),
    note: z.string().nullable(),
    grade: z.string().nullable(),
    effectiveFrom: z.string().nullable(),
    sources: z.array(z.object({ url: z.string().nullable(), publishedOn: z.string().nullable() })),
    requiredMonths: z.number().int().nullable(),
    qualifyingMonths: z.number().int().nullable(),
    willBeMetMonth: z.string().nullable(),
    willBeMetOn: z.string().nullable(),
    assumptions: z.array(z.object({ parameter: z.string(), note: z.string() })),
    breakImpact: BreakImpactSchema.nullable(),
  })
  .openapi('ContinuityRuleEvaluation');

/** The API's view of an evaluation: the version's provenance, not its raw requirement. */
export function evaluationView(e: ContinuityEvaluation): z.infer<typeof RuleEvaluationSchema> {
  const v = e.version;
  return {
    ruleId: e.ruleId,
    purpose: e.purpose,
    cityCode: e.city.code,
    title: e.title,
    status: e.status,
    summary: v && v.status !== 'not_sourced' ? v.summary : null,
    note: v?.note ?? null,
    grade: v && v.status !== 'not_sourced' ? v.grade : null,
    effectiveFrom: v?.effective.from ?? null,
    sources: v && v.status !== 'not_sourced' ? v.sources.map((s) => ({ url: s.url, publishedOn: s.publishedOn })) : [],
    requiredMonths: e.requiredMonths,
    qualifyingMonths: e.qualifyingMonths,
    willBeMetMonth: e.willBeMetMonth,
    willBeMetOn: e.willBeMetOn,
    assumptions: e.assumptions,
    breakImpact: e.breakImpact,
  };
}

export const ContinuitySchema = z.object({ asOf: z.string(), cityCode: z.string(), rules: z.array(RuleEvaluationSchema) }).openapi('MyContinuity');

export const ContinuityQuery = z.object({ breakMonths: z.string().max(8).optional().openapi({ description: 'also answer what a break of this many months starting next month would do' }) });

export const LeaveQuery = z.object({
  leaveDate: z.string().max(32).openapi({ example: '2026-06-30', description: 'the last working day' }),
  gapMonths: z.string().max(8).optional().openapi({ example: '3', description: 'months without coverage after leaving (default 0)' }),
});

export const LeaveEstimateSchema = z
  .object({
    leaveDate: z.string(),
    cityCode: z.string(),
    cutoffDay: z.number().int(),
    cutoffSource: z.enum(['policy', 'tenant']),
    lastCoveredMonth: z.string(),
    gapMonths: z.number().int(),
    gapFrom: z.string().nullable(),
    gapTo: z.string().nullable(),
    pension: z.object({ monthlyBase: z.string(), rate: z.string().nullable(), shortfall: z.string().nullable() }).nullable(),
    medicalWaitingMonths: z.number().int().nullable(),
    medicalWaitingRule: z.object({ id: z.string(), title: Localized, grade: z.string().nullable() }).nullable(),
    qualifications: z.array(z.object({ ruleId: z.string(), title: Localized, status: z.enum(['met', 'not_met', 'lifted', 'not_sourced', 'not_in_force']), resets: z.boolean(), willBeMetMonth: z.string(), delayMonths: z.number().int() })),
  })
  .openapi('LeaveEstimate');

export const RequestBody = z
  .object({
    kind: z.enum(['leave', 'correction']).openapi({ description: 'leave: a planned leave date; correction: something in my record is wrong' }),
    leaveDate: z.string().max(32).nullish().openapi({ example: '2026-06-30' }),
    message: text({ max: 2000 }).nullish(),
  })
  .openapi('EmployeeRequestBody');

export const RequestSchema = z
  .object({ id: z.string(), kind: z.enum(['leave', 'correction']), leaveDate: z.string().nullable(), message: z.string(), status: z.enum(['open', 'done']), createdAt: z.string(), employeeId: z.string(), employeeName: z.string().optional() })
  .openapi('EmployeeRequest');

export const MyNotificationsSchema = z
  .object({
    notices: z.array(z.object({ id: z.string(), kind: z.string(), subject: z.string(), body: z.string(), createdAt: z.string(), readAt: z.string().nullable() })),
    filings: z.array(z.object({ id: z.string(), kind: z.string(), cityCode: z.string(), month: z.string(), status: z.string(), receiptNo: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })),
  })
  .openapi('MyNotifications');
