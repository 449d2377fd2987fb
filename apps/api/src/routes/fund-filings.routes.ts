import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { listFundFilings, markFundFilingFiled } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, FundFiledBody, FundFilingSchema, UuidParam } from './people.schemas';

type Env = { Variables: TenantVariables };

const list = createRoute({
  method: 'get', path: '/fund-filings', tags: ['filing'],
  summary: "The housing fund's filings with the cities' fund centres (缴存登记, 封存): those to file, nearest deadline first, and the 50 filed last",
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  responses: { 200: { description: 'Housing-fund filings', content: { 'application/json': { schema: z.object({ toFile: z.array(FundFilingSchema), filed: z.array(FundFilingSchema) }) } } }, 403: errors[403] },
});

const filed = createRoute({
  method: 'post', path: '/fund-filings/{id}/filed', tags: ['filing'],
  summary: "Record a housing-fund filing made on the fund centre's portal: its receipt number and the day (the same receipt again changes nothing)",
  middleware: [requireRole('tenant_admin', 'hr')] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: FundFiledBody } } } },
  responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: FundFilingSchema } } }, ...errors },
});

function tenantIdOf(c: Context<Env>) {
  return c.get('tenant').tenantId;
}

/** Routes under /api/t/{tenant}/fund-filings: the housing fund's own track. */
export function fundFilingRoutes(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(list, async (c) => c.json(await listFundFilings(deps.db, tenantIdOf(c), deps.clock.today()), 200));
  app.openapi(filed, async (c) => {
    const view = await markFundFilingFiled(deps.db, tenantIdOf(c), c.get('user')!.id, c.req.valid('param').id, c.req.valid('json'), deps.clock.today());
    return c.json(view, 200);
  });
  return app;
}
