import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { rateLimit } from '../middleware/rate-limit.middleware';
import { clientAddress, proxyHopsOf } from '../middleware/client-address';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, UuidParam } from './people.schemas';
import {
  AnswersBody,
  CandidatePushBody,
  CorrectionsBody,
  CreatedIntakeSchema,
  DeliveryBody,
  FormContextSchema,
  IntakeSchema,
  IntakeSummarySchema,
  OfferBody,
  SubmittedSchema,
} from './intake.schemas';

type Env = { Variables: TenantVariables };

const writers = () => requireRole('tenant_admin', 'hr');
const gone = { description: 'The link has expired or was already used', content: errors[404].content };
const tooMany = { description: 'Too many requests from this address; try again after Retry-After seconds', content: errors[404].content };

const create = createRoute({
  method: 'post', path: '/intakes', tags: ['intake'], summary: 'A candidate intake from an offer: the link to the 入职登记表, sent by SMS or to copy', middleware: [writers()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: OfferBody } } } },
  responses: { 201: { description: 'Created; linkPath holds the token and is shown only now', content: { 'application/json': { schema: CreatedIntakeSchema } } }, ...errors },
});

const push = createRoute({
  method: 'post', path: '/candidates', tags: ['intake'], summary: 'A recruiting system pushes a candidate (idempotent by its candidate id)', middleware: [writers()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CandidatePushBody } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CreatedIntakeSchema } } },
    200: { description: 'The same candidate id and body again: the same intake (Idempotent-Replayed: true), no link', content: { 'application/json': { schema: CreatedIntakeSchema } } },
    ...errors,
  },
});

const list = createRoute({
  method: 'get', path: '/intakes', tags: ['intake'], summary: 'Candidate intakes, newest first', middleware: [writers()] as const,
  request: { query: z.object({ state: z.enum(['sent', 'submitted', 'confirmed', 'expired']).optional() }) },
  responses: { 200: { description: 'Intakes', content: { 'application/json': { schema: z.object({ items: z.array(IntakeSummarySchema) }) } } }, 400: errors[400], 403: errors[403] },
});

const show = createRoute({
  method: 'get', path: '/intakes/{id}', tags: ['intake'], summary: 'One intake with the answers (ID and card numbers masked) and the gap', middleware: [writers()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Intake', content: { 'application/json': { schema: IntakeSchema } } }, 400: errors[400], 403: errors[403], 404: errors[404] },
});

const reissue = createRoute({
  method: 'post', path: '/intakes/{id}/link', tags: ['intake'], summary: 'A new link for an intake not yet submitted (the old one stops working)', middleware: [writers()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: DeliveryBody } } } },
  responses: { 200: { description: 'New link', content: { 'application/json': { schema: CreatedIntakeSchema } } }, ...errors },
});

const correct = createRoute({
  method: 'patch', path: '/intakes/{id}', tags: ['intake'], summary: "HR's corrections of a submitted intake (the whole form is checked again)", middleware: [writers()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: CorrectionsBody } } } },
  responses: { 200: { description: 'Corrected', content: { 'application/json': { schema: IntakeSchema } } }, ...errors },
});

const confirm = createRoute({
  method: 'post', path: '/intakes/{id}/confirm', tags: ['intake'], summary: 'Confirms the hire for the start date: creates the employee and starts the enrollment (增员)', middleware: [writers()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Confirmed (again: the same answer)', content: { 'application/json': { schema: IntakeSchema } } }, ...errors },
});

const LinkParams = z.object({
  slug: z.string().max(64).openapi({ param: { name: 'slug', in: 'path' }, example: 'demo-retail' }),
  token: z.string().max(128).openapi({ param: { name: 'token', in: 'path' } }),
});

const formContext = createRoute({
  method: 'get', path: '/intake/{slug}/{token}', tags: ['intake'], summary: 'The public form: the offer it is for (no account; nothing is shown after submission)',
  request: { params: LinkParams },
  responses: { 200: { description: 'Form context', content: { 'application/json': { schema: FormContextSchema } } }, 404: errors[404], 410: gone, 429: tooMany },
});

const submit = createRoute({
  method: 'post', path: '/intake/{slug}/{token}', tags: ['intake'], summary: 'Submits the form once; answers whether the start date leaves a gap and what it costs',
  request: { params: LinkParams, body: { required: true, content: { 'application/json': { schema: AnswersBody } } } },
  responses: { 200: { description: 'Submitted', content: { 'application/json': { schema: SubmittedSchema } } }, 400: errors[400], 404: errors[404], 410: gone, 429: tooMany },
});

function tenantOf(c: Context<Env>) {
  const t = c.get('tenant');
  return { id: t.tenantId, slug: t.slug };
}
const actorOf = (c: Context<Env>) => ({ id: c.get('user')!.id });

/** The origin links are built on: the web app's own (the first allowed origin), else the request's. */
const baseUrlOf = (deps: Pick<AppDeps, 'allowedOrigins'>, c: Context) => deps.allowedOrigins[0] ?? new URL(c.req.url).origin;

/** Routes under /api/t/{tenant}/: intakes (HR) and candidates (recruiting systems). */
export function intakeRoutes(deps: Pick<AppDeps, 'intake' | 'allowedOrigins'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });

  app.openapi(create, async (c) => {
    const { delivery, ...offer } = c.req.valid('json');
    return c.json(await deps.intake.create(tenantOf(c), actorOf(c), offer, delivery ?? 'copy', baseUrlOf(deps, c)), 201);
  });

  app.openapi(push, async (c) => {
    const { delivery, candidateId, ...offer } = c.req.valid('json');
    const result = await deps.intake.push(tenantOf(c), actorOf(c), candidateId, offer, delivery ?? 'copy', baseUrlOf(deps, c));
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ intake: result.intake, linkPath: result.linkPath }, result.replayed ? 200 : 201);
  });

  app.openapi(list, async (c) => c.json({ items: await deps.intake.list(tenantOf(c), c.req.valid('query')) }, 200));
  app.openapi(show, async (c) => c.json(await deps.intake.get(tenantOf(c), c.req.valid('param').id), 200));
  app.openapi(reissue, async (c) =>
    c.json(await deps.intake.reissue(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json').delivery ?? 'copy', baseUrlOf(deps, c)), 200),
  );
  app.openapi(correct, async (c) => c.json(await deps.intake.correct(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(confirm, async (c) => c.json(await deps.intake.confirm(tenantOf(c), actorOf(c), c.req.valid('param').id), 200));
  return app;
}

/** The public form's routes under /api: no session, rate limited per client address. */
export function publicIntakeRoutes(deps: Pick<AppDeps, 'intake' | 'trustProxy' | 'trustedProxyHops' | 'intakeRequestsPerMinute'>) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const hops = proxyHopsOf(deps);
  app.use('/intake/*', rateLimit({ max: deps.intakeRequestsPerMinute ?? 30, windowMs: 60_000, key: (c) => `intake:${clientAddress(c, hops)}` }));
  app.openapi(formContext, async (c) => {
    const { slug, token } = c.req.valid('param');
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.json(await deps.intake.publicIntake.context(slug, token), 200);
  });
  app.openapi(submit, async (c) => {
    const { slug, token } = c.req.valid('param');
    c.header('cache-control', 'no-store');
    return c.json(await deps.intake.publicIntake.submit(slug, token, c.req.valid('json')), 200);
  });
  return app;
}
