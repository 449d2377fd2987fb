import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createSelfService, invalidField } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, UuidParam } from './people.schemas';
import {
  ContinuityQuery,
  ContinuitySchema,
  ContributionsSchema,
  CoverageSchema,
  evaluationView,
  LeaveEstimateSchema,
  LeaveQuery,
  LinkBody,
  LinkSchema,
  MyNotificationsSchema,
  ProfileSchema,
  RequestBody,
  RequestSchema,
  UserParam,
} from './self-service.schemas';

type Env = { Variables: TenantVariables };
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

// The employee's own pages answer only a member with the employee role, linked to a record by HR.
const self = () => requireRole('employee');
const hr = () => requireRole('tenant_admin', 'hr');
const tags = ['self-service'];

const routes = {
  link: createRoute({ method: 'post', path: '/employee-links', tags, summary: 'Link a member with the employee role to their employee record (HR)', middleware: [hr()] as const, request: { body: { content: { 'application/json': { schema: LinkBody } }, required: true } }, responses: { 201: json(LinkSchema, 'Linked'), 400: errors[400], 403: errors[403], 409: errors[409] } }),
  links: createRoute({ method: 'get', path: '/employee-links', tags, summary: 'Members linked to employee records (HR)', middleware: [hr()] as const, responses: { 200: json(z.object({ items: z.array(LinkSchema) }), 'Links'), 403: errors[403] } }),
  unlink: createRoute({ method: 'delete', path: '/employee-links/{userId}', tags, summary: 'Remove a link (HR)', middleware: [hr()] as const, request: { params: UserParam }, responses: { 204: { description: 'Removed' }, 403: errors[403], 404: errors[404] } }),
  hrRequests: createRoute({ method: 'get', path: '/employee-requests', tags, summary: "Employees' requests to HR (leave dates, corrections), open first", middleware: [hr()] as const, responses: { 200: json(z.object({ items: z.array(RequestSchema) }), 'Requests'), 403: errors[403] } }),
  closeRequest: createRoute({ method: 'post', path: '/employee-requests/{id}/done', tags, summary: "Mark an employee's request done (HR)", middleware: [hr()] as const, request: { params: UuidParam }, responses: { 204: { description: 'Done' }, 403: errors[403], 404: errors[404] } }),
  me: createRoute({ method: 'get', path: '/me/employee', tags, summary: 'My employee record', middleware: [self()] as const, responses: { 200: json(ProfileSchema, 'My record'), 403: errors[403], 404: errors[404] } }),
  coverage: createRoute({ method: 'get', path: '/me/coverage', tags, summary: 'My coverage timeline per city and insurance', middleware: [self()] as const, responses: { 200: json(CoverageSchema, 'Timeline'), 403: errors[403], 404: errors[404] } }),
  contributions: createRoute({ method: 'get', path: '/me/contributions', tags, summary: 'My contributions per month (base, employer and employee amounts), newest first', middleware: [self()] as const, responses: { 200: json(ContributionsSchema, 'Months'), 403: errors[403], 404: errors[404] } }),
  continuity: createRoute({ method: 'get', path: '/me/continuity', tags, summary: "My months against each continuity rule of my city, with the date each will be met", middleware: [self()] as const, request: { query: ContinuityQuery }, responses: { 200: json(ContinuitySchema, 'Rules'), 400: errors[400], 403: errors[403], 404: errors[404] } }),
  leave: createRoute({ method: 'get', path: '/me/leave-estimate', tags, summary: 'What if I leave: last covered month under the cut-off rule and the cost of a gap', middleware: [self()] as const, request: { query: LeaveQuery }, responses: { 200: json(LeaveEstimateSchema, 'Estimate'), 400: errors[400], 403: errors[403], 404: errors[404] } }),
  createRequest: createRoute({ method: 'post', path: '/me/requests', tags, summary: 'Send HR a leave date or a correction', middleware: [self()] as const, request: { body: { content: { 'application/json': { schema: RequestBody } }, required: true } }, responses: { 201: json(RequestSchema, 'Sent'), 400: errors[400], 403: errors[403], 404: errors[404] } }),
  myRequests: createRoute({ method: 'get', path: '/me/requests', tags, summary: 'My requests to HR', middleware: [self()] as const, responses: { 200: json(z.object({ items: z.array(RequestSchema) }), 'Requests'), 403: errors[403], 404: errors[404] } }),
  myRequest: createRoute({ method: 'get', path: '/me/requests/{id}', tags, summary: 'One of my requests', middleware: [self()] as const, request: { params: UuidParam }, responses: { 200: json(RequestSchema, 'Request'), 403: errors[403], 404: errors[404] } }),
  notifications: createRoute({ method: 'get', path: '/me/notifications', tags, summary: 'Notices to me and every filing about me', middleware: [self()] as const, responses: { 200: json(MyNotificationsSchema, 'Notices and filings'), 403: errors[403], 404: errors[404] } }),
};

function ids(c: Context<Env>) {
  return { tenant: { id: c.get('tenant').tenantId }, userId: c.get('user')!.id };
}

function monthsParam(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,3}$/.test(value) || Number(value) > 120) throw invalidField(field, '月数应为 0 到 120 的整数', 'Months must be a whole number from 0 to 120');
  return Number(value);
}

/** Routes under /api/t/{tenant}/: HR's links and requests, and the employee's own pages under /me. */
export function selfServiceRoutes(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const service = createSelfService({ db: deps.db, clock: deps.clock });
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(routes.link, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.link(tenant, userId, c.req.valid('json')), 201);
  });
  app.openapi(routes.links, async (c) => c.json({ items: await service.listLinks(ids(c).tenant) }, 200));
  app.openapi(routes.unlink, async (c) => {
    const { tenant, userId } = ids(c);
    await service.unlink(tenant, userId, c.req.valid('param').userId);
    return c.body(null, 204);
  });
  app.openapi(routes.hrRequests, async (c) => c.json({ items: await service.hrRequests(ids(c).tenant) }, 200));
  app.openapi(routes.closeRequest, async (c) => {
    const { tenant, userId } = ids(c);
    await service.closeRequest(tenant, userId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.me, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.me(tenant, userId), 200);
  });
  app.openapi(routes.coverage, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.coverage(tenant, userId), 200);
  });
  app.openapi(routes.contributions, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.contributions(tenant, userId), 200);
  });
  app.openapi(routes.continuity, async (c) => {
    const { tenant, userId } = ids(c);
    const breakMonths = monthsParam('breakMonths', c.req.valid('query').breakMonths);
    const result = await service.continuity(tenant, userId, breakMonths === undefined ? {} : { breakMonths });
    return c.json({ ...result, rules: result.rules.map(evaluationView) }, 200);
  });
  app.openapi(routes.leave, async (c) => {
    const { tenant, userId } = ids(c);
    const q = c.req.valid('query');
    return c.json(await service.leaveEstimate(tenant, userId, { leaveDate: q.leaveDate, gapMonths: monthsParam('gapMonths', q.gapMonths) ?? 0 }), 200);
  });
  app.openapi(routes.createRequest, async (c) => {
    const { tenant, userId } = ids(c);
    const body = c.req.valid('json');
    return c.json(await service.createRequest(tenant, userId, { kind: body.kind, leaveDate: body.leaveDate ?? null, message: body.message ?? null }), 201);
  });
  app.openapi(routes.myRequests, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json({ items: await service.myRequests(tenant, userId) }, 200);
  });
  app.openapi(routes.myRequest, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.myRequest(tenant, userId, c.req.valid('param').id), 200);
  });
  app.openapi(routes.notifications, async (c) => {
    const { tenant, userId } = ids(c);
    return c.json(await service.notifications(tenant, userId), 200);
  });
  return app;
}
