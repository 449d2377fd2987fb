import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';

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
  summary: 'Tenants',
  responses: {
    200: {
      description: 'All tenants',
      content: { 'application/json': { schema: z.object({ items: z.array(Tenant), nextCursor: z.string().nullable() }) } },
    },
  },
});

export function tenantRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(list, async (c) => {
    const items = await deps.tenancy.listTenants();
    return c.json({ items, nextCursor: null }, 200);
  });
}
