import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_TYPES, type WebhookService } from '@lianxu/core';
import { text } from '@lianxu/plugin-sdk';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, UuidParam } from './people.schemas';

type Env = { Variables: TenantVariables };

const admins = () => requireRole('tenant_admin');

export const WebhookEndpointSchema = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    rotating: z.boolean().openapi({ description: 'a rotated secret still signs too (for a day after the rotation)' }),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');

const WithSecret = WebhookEndpointSchema.extend({ secret: z.string().openapi({ description: 'the signing secret (whsec_…), shown in this answer only', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) }).openapi('WebhookEndpointWithSecret');

const Url = z.string().trim().min(1).max(2000).openapi({ example: 'https://hr.example.com/hooks/lianxu' });
const Events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);
const CreateBody = z.object({ url: Url, description: text({ max: 200, min: 0 }).optional(), events: Events }).strict().openapi('CreateWebhookEndpoint');
const UpdateBody = z.object({ url: Url.optional(), description: text({ max: 200, min: 0 }).optional(), events: Events.optional(), enabled: z.boolean().optional() }).strict().openapi('UpdateWebhookEndpoint');

const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().uuid().openapi({ description: 'the webhook-id header' }),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(z.object({ at: z.string(), statusCode: z.number().int().nullable(), responseMs: z.number().int(), error: z.string().nullable() })),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

const tags = ['integrations'];
const list = createRoute({ method: 'get', path: '/webhooks', tags, summary: 'Webhook endpoints of the tenant', middleware: [admins()] as const,
  responses: { 200: { description: 'Endpoints', content: { 'application/json': { schema: z.object({ items: z.array(WebhookEndpointSchema) }) } } }, 403: errors[403] } });
const create = createRoute({ method: 'post', path: '/webhooks', tags, summary: 'Register an endpoint (https, public address in production) for some events', middleware: [admins()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
  responses: { 201: { description: 'Registered; the secret is shown once', content: { 'application/json': { schema: WithSecret } } }, 400: errors[400], 403: errors[403] } });
const update = createRoute({ method: 'patch', path: '/webhooks/{id}', tags, summary: 'Change an endpoint (enabling a disabled one resumes its pending deliveries)', middleware: [admins()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: UpdateBody } } } },
  responses: { 200: { description: 'Changed', content: { 'application/json': { schema: WebhookEndpointSchema } } }, 400: errors[400], 403: errors[403], 404: errors[404] } });
const remove = createRoute({ method: 'delete', path: '/webhooks/{id}', tags, summary: 'Remove an endpoint and its delivery log', middleware: [admins()] as const,
  request: { params: UuidParam }, responses: { 204: { description: 'Removed' }, 403: errors[403], 404: errors[404] } });
const rotate = createRoute({ method: 'post', path: '/webhooks/{id}/rotate-secret', tags, summary: 'A new signing secret; the previous one keeps signing for a day', middleware: [admins()] as const,
  request: { params: UuidParam }, responses: { 200: { description: 'Rotated; the new secret is shown once', content: { 'application/json': { schema: WithSecret } } }, 403: errors[403], 404: errors[404] } });
const deliveries = createRoute({ method: 'get', path: '/webhooks/{id}/deliveries', tags, summary: 'Delivery log: each event with its attempts, status and response time', middleware: [admins()] as const,
  request: { params: UuidParam }, responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ items: z.array(DeliverySchema) }) } } }, 403: errors[403], 404: errors[404] } });
const resend = createRoute({ method: 'post', path: '/webhooks/{id}/deliveries/{deliveryId}/resend', tags, summary: 'Send a delivery again (same webhook-id)', middleware: [admins()] as const,
  request: { params: UuidParam.extend({ deliveryId: z.string().regex(/^\d{1,18}$/).openapi({ param: { name: 'deliveryId', in: 'path' } }) }) },
  responses: { 202: { description: 'Queued' }, 400: errors[400], 403: errors[403], 404: errors[404] } });
const testEvent = createRoute({ method: 'post', path: '/webhooks/{id}/test', tags, summary: 'Send a webhook.test event to this endpoint', middleware: [admins()] as const,
  request: { params: UuidParam }, responses: { 202: { description: 'Queued', content: { 'application/json': { schema: z.object({ eventId: z.string().uuid() }) } } }, 403: errors[403], 404: errors[404] } });

/** Routes under /api/t/{tenant}/: webhook endpoints, their delivery log, resend and test (tenant admins, or a key with webhooks:manage). */
export function webhookRoutes(deps: { webhooks: WebhookService }) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const actor = (c: { get(k: 'user'): { id: string } | null }) => c.get('user')!.id;
  app.openapi(list, async (c) => c.json({ items: await deps.webhooks.list(c.get('tenantId')) }, 200));
  app.openapi(create, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await deps.webhooks.create(c.get('tenantId'), actor(c), c.req.valid('json')), 201);
  });
  app.openapi(update, async (c) => c.json(await deps.webhooks.update(c.get('tenantId'), actor(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(remove, async (c) => {
    await deps.webhooks.remove(c.get('tenantId'), actor(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(rotate, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await deps.webhooks.rotateSecret(c.get('tenantId'), actor(c), c.req.valid('param').id), 200);
  });
  app.openapi(deliveries, async (c) => c.json({ items: await deps.webhooks.deliveries(c.get('tenantId'), c.req.valid('param').id) }, 200));
  app.openapi(resend, async (c) => {
    const p = c.req.valid('param');
    await deps.webhooks.resend(c.get('tenantId'), actor(c), p.id, p.deliveryId);
    return c.body(null, 202);
  });
  app.openapi(testEvent, async (c) => c.json(await deps.webhooks.sendTest(c.get('tenantId'), actor(c), c.req.valid('param').id), 202));
  return app;
}
