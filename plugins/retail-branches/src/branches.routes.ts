import { Hono } from 'hono';
import { z } from 'zod';
import { businessDate, documentRoutes, parseInput, text, pluginRequest, readJson, requirePluginRole, type PluginEnv, type PluginRoutesContext } from '@lianxu/plugin-sdk';
import { assignInBulk } from './assignments.service';
import { branchSummaries } from './branch-summary';
import { branchCostCsv, saveBranchForm } from './branches.extensions';
import { createBranchesService } from './branches.service';
import { BranchAnswer, BranchEmployeeAnswer, BranchSummaryAnswer, BulkAssignmentAnswer, itemsOf } from './branches.schemas';

const uuid = z.uuid();
const cityCode = z.string().regex(/^[1-8]\d{5}$/, 'a GB/T 2260 city code has six digits');
const mobile = z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland China mobile number');

const NewBranch = z
  .object({ name: text({ max: 100 }), cityCode, address: text({ max: 300 }), managerName: text({ max: 50 }), managerMobile: mobile.nullable().optional() })
  .strict();
const BranchPatch = NewBranch.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change', path: ['(body)'] });
const BulkAssignment = z
  .object({
    employeeIds: z
      .array(uuid)
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'an employee is listed twice'),
    branchId: uuid,
    effectiveDate: businessDate().optional(),
  })
  .strict();

const BranchFormValues = z.object({ values: z.object({ branch: uuid.nullable().optional() }).strict() }).strict();

const readerRoles = ['tenant_admin', 'hr', 'consultant'] as const;
const writerRoles = ['tenant_admin', 'hr'] as const;
const byId = z.object({ id: uuid });
const invalid = { description: 'A field is invalid; `fields` names each' };

/** What /api/openapi.json says about each route below (one entry per route; a test checks it). */
export const branchesRouteDocs = documentRoutes([
  { method: 'get', path: '/branches', summary: "The tenant's branches", roles: readerRoles, responses: { 200: { description: '`{items}`: every branch', schema: itemsOf(BranchAnswer) } } },
  {
    method: 'post',
    path: '/branches',
    summary: 'Open a branch (its city decides the policy of the people assigned to it)',
    roles: writerRoles,
    body: { schema: NewBranch },
    responses: { 201: { description: 'The branch', schema: BranchAnswer }, 400: invalid, 409: { description: 'A branch of that name exists' } },
  },
  { method: 'get', path: '/branches/summary', summary: 'Every branch with headcount, coverage, this month\'s cost and open tasks', roles: readerRoles, responses: { 200: { description: '`{items}`: one summary per branch', schema: itemsOf(BranchSummaryAnswer) } } },
  { method: 'get', path: '/branches/:id', summary: 'One branch', roles: readerRoles, params: byId, responses: { 200: { description: 'The branch', schema: BranchAnswer }, 400: invalid } },
  {
    method: 'patch',
    path: '/branches/:id',
    summary: 'Change a branch (only the fields given)',
    roles: writerRoles,
    params: byId,
    body: { schema: BranchPatch },
    responses: { 200: { description: 'The branch as changed', schema: BranchAnswer }, 400: invalid, 409: { description: 'A branch of that name exists, or the city changes while people are assigned' } },
  },
  { method: 'delete', path: '/branches/:id', summary: 'Delete an empty branch', roles: writerRoles, params: byId, responses: { 204: { description: 'Deleted' }, 400: invalid, 409: { description: 'People are still assigned to it' } } },
  { method: 'get', path: '/branches/:id/summary', summary: "One branch's headcount, coverage, cost and open tasks", roles: readerRoles, params: byId, responses: { 200: { description: 'The summary', schema: BranchSummaryAnswer }, 400: invalid } },
  { method: 'get', path: '/branches/:id/employees', summary: 'The people assigned to a branch', roles: readerRoles, params: byId, responses: { 200: { description: '`{items}`: the people', schema: itemsOf(BranchEmployeeAnswer) }, 400: invalid } },
  {
    method: 'post',
    path: '/assignments/bulk',
    summary: 'Assign people to a branch; a move to a branch in another city starts a transfer',
    roles: writerRoles,
    body: { schema: BulkAssignment },
    responses: { 200: { description: 'What was assigned, and the transfers started', schema: BulkAssignmentAnswer }, 400: invalid },
  },
  {
    method: 'put',
    path: '/employee-form/:employeeId',
    summary: "Save the employee form's branch section: assign the employee to the branch (a branch in another city starts a transfer)",
    roles: writerRoles,
    params: z.object({ employeeId: uuid }),
    body: { schema: BranchFormValues },
    responses: { 200: { description: '`{saved, result?}`' }, 400: invalid, 404: { description: 'No such employee' }, 409: { description: 'The transfer could not be started' } },
  },
  {
    method: 'get',
    path: '/reports/branch-cost.csv',
    summary: "This month's expected social insurance cost per branch, as CSV",
    roles: readerRoles,
    responses: { 200: { description: 'The report', mediaType: 'text/csv' } },
  },
]);

/** The plugin's API, mounted under /api/t/{tenant}/plugins/retail-branches/. */
export function branchesRoutes({ host }: PluginRoutesContext) {
  const app = new Hono<PluginEnv>();
  const branches = createBranchesService(host);
  const readers = requirePluginRole('tenant_admin', 'hr', 'consultant');
  const writers = requirePluginRole('tenant_admin', 'hr');

  app.get('/branches', readers, async (c) => c.json({ items: await branches.list(pluginRequest(c).tenantId) }));
  app.post('/branches', writers, async (c) => {
    const p = pluginRequest(c);
    return c.json(await branches.create(p.tenantId, p.actor.id, parseInput(NewBranch, await readJson(c))), 201);
  });
  // Across all branches, for the comparison chart.
  app.get('/branches/summary', readers, async (c) => c.json({ items: await branchSummaries(host, pluginRequest(c).tenantId) }));
  app.get('/branches/:id', readers, async (c) => c.json(await branches.get(pluginRequest(c).tenantId, parseInput(uuid, c.req.param('id'), 'id'))));
  app.patch('/branches/:id', writers, async (c) => {
    const p = pluginRequest(c);
    return c.json(await branches.update(p.tenantId, p.actor.id, parseInput(uuid, c.req.param('id'), 'id'), parseInput(BranchPatch, await readJson(c))));
  });
  app.delete('/branches/:id', writers, async (c) => {
    const p = pluginRequest(c);
    await branches.remove(p.tenantId, p.actor.id, parseInput(uuid, c.req.param('id'), 'id'));
    return c.body(null, 204);
  });
  app.get('/branches/:id/summary', readers, async (c) => {
    const p = pluginRequest(c);
    const id = parseInput(uuid, c.req.param('id'), 'id');
    await branches.get(p.tenantId, id);
    return c.json((await branchSummaries(host, p.tenantId, id))[0]);
  });
  app.get('/branches/:id/employees', readers, async (c) => {
    const p = pluginRequest(c);
    return c.json({ items: await branches.employees(p.tenantId, parseInput(uuid, c.req.param('id'), 'id')) });
  });

  app.post('/assignments/bulk', writers, async (c) => {
    const p = pluginRequest(c);
    const body = parseInput(BulkAssignment, await readJson(c));
    const result = await assignInBulk(host, { id: p.tenantId, slug: p.tenantSlug }, { id: p.actor.id }, { ...body, effectiveDate: body.effectiveDate ?? host.clock.today() });
    return c.json(result, 200);
  });

  app.put('/employee-form/:employeeId', writers, async (c) => {
    const p = pluginRequest(c);
    const employeeId = parseInput(uuid, c.req.param('employeeId'), 'employeeId');
    const body = parseInput(BranchFormValues, await readJson(c));
    return c.json(await saveBranchForm(host, { id: p.tenantId, slug: p.tenantSlug }, { id: p.actor.id }, employeeId, body.values.branch));
  });

  app.get('/reports/branch-cost.csv', readers, async (c) => {
    const { month, csv } = await branchCostCsv(host, pluginRequest(c).tenantId);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="branch-cost-${month}.csv"; filename*=UTF-8''${encodeURIComponent(`门店成本-${month}.csv`)}`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
