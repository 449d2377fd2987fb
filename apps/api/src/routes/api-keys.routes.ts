import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { API_KEY_MAX_DAYS, API_KEY_SCOPES, type ApiKeyService } from '@lianxu/auth';
import { text } from '@lianxu/plugin-sdk';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, UuidParam } from './people.schemas';

type Env = { Variables: TenantVariables };

export const ApiKeySchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'lxk_k3m9q2ab', description: 'the visible start of the key, to tell keys apart' }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().openapi({ description: 'last request made with the key (to the minute)' }),
  })
  .openapi('ApiKey');

const CreateApiKeyBody = z
  .object({
    name: text({ max: 80 }),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
    expiresInDays: z.number().int().min(1).max(API_KEY_MAX_DAYS),
  })
  .strict()
  .openapi('CreateApiKey');

const list = createRoute({
  method: 'get', path: '/api-keys', tags: ['integrations'], summary: 'The tenant\'s API keys with their last use (tenant admins)',
  middleware: [requireRole('tenant_admin')] as const,
  responses: { 200: { description: 'Keys, newest first', content: { 'application/json': { schema: z.object({ items: z.array(ApiKeySchema) }) } } }, 403: errors[403] },
});

const create = createRoute({
  method: 'post', path: '/api-keys', tags: ['integrations'],
  summary: 'Create an API key (tenant admins; not consultants). The secret is in this answer only.',
  middleware: [requireRole('tenant_admin')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CreateApiKeyBody } } } },
  responses: {
    201: { description: 'Created; `token` is shown once and stored only as a hash', content: { 'application/json': { schema: ApiKeySchema.extend({ token: z.string() }) } } },
    400: errors[400], 403: errors[403],
  },
});

const revoke = createRoute({
  method: 'post', path: '/api-keys/{id}/revoke', tags: ['integrations'], summary: 'Revoke an API key at once (tenant admins)',
  middleware: [requireRole('tenant_admin')] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Revoked', content: { 'application/json': { schema: ApiKeySchema } } }, 403: errors[403], 404: errors[404] },
});

/** Routes under /api/t/{tenant}/: the tenant's API keys (sessions of tenant admins only; keys cannot manage keys). */
export function apiKeyRoutes(deps: { apiKeys: ApiKeyService }) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ items: await deps.apiKeys.list(c.get('tenantId')) }, 200);
  });
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user')!;
    const created = await deps.apiKeys.create({
      tenantId: c.get('tenantId'),
      name: body.name,
      scopes: body.scopes,
      expiresAt: new Date(Date.now() + body.expiresInDays * 86_400_000),
      createdBy: { id: user.id, label: user.email },
    });
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });
  app.openapi(revoke, async (c) => {
    const user = c.get('user')!;
    return c.json(await deps.apiKeys.revoke({ tenantId: c.get('tenantId'), keyId: c.req.valid('param').id, revokedBy: { id: user.id, label: user.email } }), 200);
  });
  return app;
}
