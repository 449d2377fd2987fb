import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { calculateContributions, INSURANCES, quoteToJson } from '@lianxu/policy';
import type { PolicyLibraryService } from '@lianxu/core';
import { localeFrom } from '../errors/messages';
import { validationHook } from '../errors/validation';
import { ErrorSchema, SourceSchema } from './policy.schemas';

// One month's contribution quote for one wage: the body `lianxu contributions --json` prints.

// Rates and wages are strings: decimals stay exact, and hostile numbers (1e309, NaN) never become floats.
export const QuoteRequest = z
  .object({
    city: z.string().max(64).openapi({ description: 'GB/T 2260 code or name', example: '北京' }),
    month: z.string().max(16).openapi({ example: '2024-09' }),
    wage: z.string().max(32).openapi({ description: 'monthly wage in yuan, at most two decimals', example: '40000' }),
    hukou: z
      .string()
      .max(16)
      .optional()
      .openapi({ description: 'local or non-local; required where a rate depends on it (Shenzhen pension), else optional' }),
    injuryRate: z.string().max(32).optional().openapi({ description: "within the city's range; default its lowest", example: '0.004' }),
    housingFundRate: z.string().max(32).optional().openapi({ description: 'both sides; without it there is no housing-fund line', example: '0.12' }),
  })
  .strict()
  .openapi('QuoteRequest');

const Insurance = z.enum(INSURANCES);

export const QuoteLine = z
  .object({
    insurance: Insurance,
    base: z.string(),
    employerRate: z.string(),
    employeeRate: z.string(),
    employer: z.string(),
    employee: z.string(),
    policyId: z.string().openapi({ description: 'the policy record (city, year, revision) whose figures the line uses', example: '310100-2026-r1' }),
    provisional: z.boolean().openapi({ description: 'some figure of the line is carried forward from an earlier policy year (not yet published for this month)' }),
    provisionalFrom: z.array(z.number().int()).openapi({ description: 'the policy years the carried figures come from; empty unless provisional', example: [2025] }),
    unverified: z.boolean().openapi({ description: 'some figure the line uses comes only from secondary sources (grade C or D)' }),
  })
  .openapi('ContributionLine');

export const MissingInsurance = z
  .object({
    insurance: Insurance,
    city: z.string().openapi({ example: '510100' }),
    policyYear: z.number().int().nullable().openapi({ description: 'the policy year that lacks it; null when no record covers the month for this insurance' }),
    fields: z.array(z.string()).openapi({ description: 'the record fields not found', example: ['insurances.pension.employer.rate'] }),
  })
  .openapi('ContributionMissingInsurance');

export const QuoteResponse = z
  .object({
    city: z.string(),
    month: z.string(),
    policyId: z.string(),
    provisional: z.boolean().openapi({ description: 'some line uses figures carried forward from an earlier policy year' }),
    complete: z.boolean().openapi({
      description: 'false when some insurance has no figures for the month even after carry-forward: the totals then cover only the lines listed and are not the month\'s contribution',
    }),
    missing: z.array(MissingInsurance).openapi({ description: 'the insurances without figures; empty when complete' }),
    lines: z.array(QuoteLine),
    totals: z.object({ employer: z.string(), employee: z.string() }).openapi({ description: 'sums of `lines`; partial unless `complete`' }),
    warnings: z.array(z.object({ code: z.string(), insurance: Insurance.nullable(), message: z.string() })),
    sources: z.array(SourceSchema),
  })
  .openapi('ContributionQuote');

const quoteRoute = createRoute({
  method: 'post',
  path: '/contributions/quote',
  tags: ['policy'],
  summary: "One month's contribution lines for one wage (the body of `lianxu contributions --json`)",
  request: { body: { required: true, content: { 'application/json': { schema: QuoteRequest } } } },
  responses: {
    200: {
      description: 'The quote; amounts are yuan strings with two decimals. Check `complete`: an incomplete quote names what is missing and its totals are partial',
      content: { 'application/json': { schema: QuoteResponse } },
    },
    400: { description: '`fields` names each bad field', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

/** The contribution calculator over the effective policy library; public. */
export function contributionQuoteRoutes(policies: PolicyLibraryService) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(quoteRoute, async (c) => {
    const body = c.req.valid('json');
    const library = await policies.library();
    // Bad input throws PolicyInputError: 400 naming each field, mapped by app.onError (fromRefusal).
    const quote = calculateContributions(
      {
        city: body.city,
        month: body.month,
        wage: body.wage,
        ...(body.hukou === undefined ? {} : { hukou: body.hukou as 'local' }), // checked by the calculator
        ...(body.injuryRate === undefined ? {} : { injuryRate: body.injuryRate }),
        ...(body.housingFundRate === undefined ? {} : { housingFundRate: body.housingFundRate }),
      },
      library,
    );
    // Same body as the CLI's --json; only the warning text follows Accept-Language.
    const lang = localeFrom(c.req.header('accept-language')) === 'en' ? 'en' : 'zh';
    return c.json(quoteToJson(quote, lang), 200);
  });
}
