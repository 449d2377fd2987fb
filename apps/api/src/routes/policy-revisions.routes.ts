import { text } from '@lianxu/plugin-sdk';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { GRADES } from '@lianxu/policy';
import type { PolicyLibraryService } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { ApiError, type Localized } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireSession, type SessionVariables } from '../middleware/session.middleware';
import { ErrorSchema, unknownCity } from './policy.schemas';

// A consultant revises a city's policy year: platform data every tenant's quotes read, audited.

const NewSourceSchema = z
  .object({
    id: z.string().max(40).openapi({ example: 'SZ2025-1' }),
    title: z.string().max(500),
    url: z.string().max(2000).nullable().optional(),
    grade: z.enum(GRADES).nullable().optional(),
  })
  .strict()
  .openapi('PolicyNewSource');

const RevisionRequest = z
  .object({
    record: z.record(z.string(), z.unknown()).openapi({ description: 'the record, same shape as packages/policy/data/*.yaml; `revision` is assigned by the server' }),
    note: text({ max: 2000, multiline: true }).openapi({ description: 'what changed and why', example: 'Pension floor per the 2024 notice' }),
    sources: z.array(NewSourceSchema).max(20).optional().openapi({ description: 'source register entries this revision cites and the register lacks' }),
  })
  .strict()
  .openapi('PolicyRevisionRequest');

const revisionRoute = createRoute({
  method: 'post',
  path: '/policies/{city}/{year}/revisions',
  tags: ['policy'],
  summary: 'A consultant adds a revision of a city policy year (platform data; audited)',
  request: {
    params: z.object({ city: z.string().min(1).max(64), year: z.string().max(16) }),
    body: { required: true, content: { 'application/json': { schema: RevisionRequest } } },
  },
  responses: {
    201: {
      description: 'Stored and effective for new quotes',
      content: { 'application/json': { schema: z.object({ id: z.string(), revision: z.number().int(), city: z.string(), year: z.number().int() }).openapi('PolicyRevisionCreated') } },
    },
    400: { description: '`fields` names the record field at fault (record.insurances.pension.floor, ...)', content: { 'application/json': { schema: ErrorSchema } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
    403: { description: 'Not a consultant or platform admin', content: { 'application/json': { schema: ErrorSchema } } },
    409: { description: 'A concurrent revision took the number; try again', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const FORBIDDEN = () =>
  new ApiError(403, 'forbidden_role', { 'zh-CN': '只有顾问或平台管理员可以修订政策', en: 'Only consultants and platform admins can revise policies' });



/** Adding a revision needs a consultant (with a second factor outside demo mode) or a platform admin. */
export function policyRevisionRoutes(deps: Pick<AppDeps, 'auth'>, policies: PolicyLibraryService) {
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  app.use('/policies/:city/:year/revisions', requireSession());

  return app.openapi(revisionRoute, async (c) => {
    const user = c.get('user')!;
    if (user.platformRole !== 'consultant' && user.platformRole !== 'platform_admin') throw FORBIDDEN();
    // Platform data changes every tenant's money: the same second-factor rule as entering a tenant.
    if (user.platformRole === 'consultant' && !deps.auth.consultantSessionAllowed(user, c.get('session')!)) {
      throw new ApiError(403, 'two_factor_required', { 'zh-CN': '修订政策前请先启用两步验证', en: 'Enable a second factor before revising policies' });
    }
    const { city, year } = c.req.valid('param');
    const body = c.req.valid('json');
    const library = await policies.library();
    // A known city by code or name; a new city only by its 6-digit code.
    const cityCode = library.findCity(city)?.code ?? (/^\d{6}$/.test(city) ? city : null);
    if (!cityCode) throw unknownCity(city);
    if (!/^\d{4}$/.test(year)) {
      const m: Localized = { 'zh-CN': `"${year}" 不是年份`, en: `"${year}" is not a year` };
      throw new ApiError(400, 'validation_failed', m, { year: m });
    }
    // A refused revision is a PolicyRevisionError (a DomainError): app.onError answers it.
    const created = await policies.addRevision(body, { id: user.id, email: user.email }, { cityCode, year: Number(year) });
    c.header('location', `/api/policy-records/${created.id}`);
    return c.json({ id: created.id, revision: created.record.revision, city: created.record.city.code, year: created.record.year }, 201);
  });
}
