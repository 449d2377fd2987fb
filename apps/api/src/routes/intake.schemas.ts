import { z } from '@hono/zod-openapi';
import { businessDate, text } from '@lianxu/plugin-sdk';

// Schemas of the candidate intake routes (and their OpenAPI document). Shapes only; the intake
// service checks meaning (check digits, the ID number against sex and birth date, the start-date
// window, the city's registered entity) and names the field at fault.

const short = (max: number, example: string, description?: string) => z.string().max(max).openapi({ example, ...(description ? { description } : {}) });

export const OfferBody = z
  .object({
    name: text({ max: 200 }).openapi({ example: '王芳' }),
    mobile: short(32, '13912345678', 'mainland China mobile (11 digits); the link is sent to it by SMS'),
    cityCode: short(16, '310100', 'GB/T 2260 city code of the work city; an entity of the company must be registered there'),
    entityId: z.string().max(64).nullish().openapi({ description: 'employing entity; optional when exactly one is registered in the city' }),
    startDate: businessDate().openapi({ example: '2026-03-16', format: 'date', description: 'first working day: from 30 days ago to 90 days ahead' }),
    monthlyWage: short(32, '8500.00', 'offered monthly wage in yuan, at most 2 decimals'),
    expiresInDays: z.number().int().min(1).max(30).optional().openapi({ description: 'how long the link works (default 7 days)' }),
    delivery: z.enum(['sms', 'copy']).optional().openapi({ description: 'sms: written to the SMS outbox for the mobile; copy (default): only returned for HR to copy' }),
  })
  .strict()
  .openapi('IntakeOffer');

export const CandidatePushBody = OfferBody.extend({
  candidateId: z.string().max(128).openapi({ example: 'ats-000042', description: "the recruiting system's own candidate id: a repeat with the same id and body answers the same intake; another body is 409" }),
})
  .strict()
  .openapi('CandidatePush');

export const AnswersBody = z
  .object({
    idType: z.enum(['resident_id', 'hmt_residence_permit']).openapi({ description: 'resident ID card, or residence permit for Hong Kong, Macao and Taiwan residents' }),
    idNumber: short(64, '11010519491231002X', 'checked (GB 11643 check digit) and stored encrypted; never shown back'),
    name: z.string().max(200),
    sex: z.enum(['male', 'female']),
    birthDate: z.string().max(32).openapi({ example: '1990-05-01', format: 'date' }),
    ethnicity: z.string().max(64).openapi({ example: '汉族' }),
    hukouType: z.enum(['local-urban', 'local-rural', 'non-local-urban', 'non-local-rural']),
    hukouAddress: z.string().max(400),
    mobile: short(32, '13912345678'),
    education: z.enum(['junior-high', 'high-school', 'vocational', 'associate', 'bachelor', 'master', 'doctorate']),
    maritalStatus: z.enum(['single', 'married', 'divorced', 'widowed']),
    previousSiAccount: z.string().max(64).nullish().openapi({ description: 'personal social insurance number at the previous employer' }),
    previousHfAccount: z.string().max(64).nullish().openapi({ description: 'personal housing fund account at the previous employer' }),
    firstInsured: z.boolean().openapi({ description: 'true when never insured before' }),
    lastPaidMonth: z.string().max(16).nullish().openapi({ example: '2025-12', description: 'YYYY-MM, the last month the previous employer paid; required unless first insured' }),
    bankName: z.string().max(100).openapi({ example: '招商银行' }),
    bankCard: short(40, '6225880112345678', 'wage card number; stored encrypted, shown masked'),
  })
  .strict()
  .openapi('IntakeAnswers');

export const CorrectionsBody = AnswersBody.partial()
  .extend({
    startDate: businessDate().optional().openapi({ format: 'date' }),
    monthlyWage: z.string().max(32).optional(),
  })
  .strict()
  .openapi('IntakeCorrections');

const IntakeState = z.enum(['sent', 'submitted', 'confirmed', 'expired']);

export const GapSchema = z
  .object({
    startMonth: z.string(),
    lastPaidMonth: z.string().nullable(),
    gapMonths: z.number().int(),
    gapFrom: z.string().nullable(),
    gapTo: z.string().nullable(),
    pensionShortfall: z.string().nullable().openapi({ description: 'yuan: pension base x employee rate (8%) x months' }),
    pensionBase: z.string().nullable(),
    pensionEmployeeRate: z.string().nullable(),
    costUnavailable: z.boolean(),
  })
  .openapi('IntakeGap');

export const IntakeSummarySchema = z
  .object({
    id: z.string(),
    state: IntakeState,
    name: z.string(),
    mobile: z.string(),
    cityCode: z.string(),
    entityId: z.string(),
    startDate: z.string(),
    monthlyWage: z.string(),
    expiresAt: z.string(),
    externalId: z.string().nullable(),
    submittedAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    employeeId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('IntakeSummary');

export const IntakeSchema = IntakeSummarySchema.extend({
  answers: z
    .object({
      idType: z.enum(['resident_id', 'hmt_residence_permit']),
      idNumberMasked: z.string(),
      name: z.string(),
      sex: z.enum(['male', 'female']),
      birthDate: z.string(),
      ethnicity: z.string(),
      hukouType: z.enum(['local-urban', 'local-rural', 'non-local-urban', 'non-local-rural']),
      hukouAddress: z.string(),
      mobile: z.string(),
      education: z.enum(['junior-high', 'high-school', 'vocational', 'associate', 'bachelor', 'master', 'doctorate']),
      maritalStatus: z.enum(['single', 'married', 'divorced', 'widowed']),
      previousSiAccount: z.string().nullable().optional(),
      previousHfAccount: z.string().nullable().optional(),
      firstInsured: z.boolean(),
      lastPaidMonth: z.string().nullable().optional(),
      bankName: z.string(),
      bankCardMasked: z.string(),
    })
    .nullable(),
  gap: GapSchema.nullable(),
}).openapi('Intake');

export const CreatedIntakeSchema = z
  .object({
    intake: IntakeSchema,
    linkPath: z.string().nullable().openapi({ description: 'path of the public form, holding the token: shown once (a replayed push answers null; issue a new link instead)' }),
  })
  .openapi('CreatedIntake');

export const FormContextSchema = z
  .object({
    tenantName: z.string(),
    entityName: z.string(),
    cityCode: z.string(),
    cityName: z.string(),
    startDate: z.string(),
    name: z.string(),
    mobileMasked: z.string(),
    expiresAt: z.string(),
  })
  .openapi('IntakeFormContext');

export const SubmittedSchema = z.object({ state: z.literal('submitted'), gap: GapSchema }).openapi('IntakeSubmitted');

export const DeliveryBody = z.object({ delivery: z.enum(['sms', 'copy']).optional() }).strict();
