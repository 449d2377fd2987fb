import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireSession, type SessionVariables } from '../middleware/session.middleware';

const Tenant = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    industry: z.string(),
    workCities: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .openapi('Tenant');

const list = createRoute({
  method: 'get',
  path: '/tenants',
  tags: ['tenancy'],
  summary: 'The tenants the signed-in user can reach (memberships and consultant grants)',
  responses: {
    200: {
      description: 'Reachable tenants',
      content: { 'application/json': { schema: z.object({ items: z.array(Tenant), nextCursor: z.string().nullable() }) } },
    },
  },
});

export function tenantRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  app.use('/tenants', requireSession());
  return app.openapi(list, async (c) => {
    const user = c.get('user')!;
    const reachable = [...(await deps.auth.memberships(user.id)), ...(user.platformRole === 'consultant' ? await deps.auth.grants(user.id) : [])];
    const items = await Promise.all(
      reachable.map(async (t) => ({ id: t.tenantId, slug: t.slug, name: t.name, industry: t.industry, workCities: await deps.tenancy.listCities(t.tenantId) })),
    );
    return c.json({ items, nextCursor: null }, 200);
  });
}
