import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, FiledByHandBody, ReceiptBody, ResubmitBody, TaskSchema, UuidParam } from './people.schemas';

type Env = { Variables: TenantVariables };

const list = createRoute({
  method: 'get', path: '/tasks', tags: ['filing'], summary: 'Enrollment and stop filings, nearest legal deadline first',
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  request: { query: z.object({ open: z.enum(['true', 'false']).optional().openapi({ description: 'only open (true) or only closed (false) tasks' }) }) },
  responses: { 200: { description: 'Tasks', content: { 'application/json': { schema: z.object({ items: z.array(TaskSchema) }) } } }, 400: errors[400], 403: errors[403] },
});

const write = () => requireRole('tenant_admin', 'hr');

const approve = createRoute({
  method: 'post', path: '/tasks/{id}/approve', tags: ['filing'], summary: 'Approve an enrollment waiting for HR approval', middleware: [write()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Approved; the workflow files it', content: { 'application/json': { schema: TaskSchema } } }, 403: errors[403], 404: errors[404], 409: errors[409] },
});

const receipt = createRoute({
  method: 'post', path: '/tasks/{id}/receipt', tags: ['filing'], summary: 'Enter the bureau\'s receipt number of a filing made by hand (filing-file gateway)',
  middleware: [write()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: ReceiptBody } } } },
  responses: { 200: { description: 'Entered; the workflow confirms it', content: { 'application/json': { schema: TaskSchema } } }, ...errors },
});

const filedByHand = createRoute({
  method: 'post', path: '/tasks/{id}/filed-by-hand', tags: ['filing'],
  summary: "Record that an overdue online filing was made by hand at the bureau's counter: its receipt number and day (audited); the workflow stops waiting for the online filing and closes the task as confirmed. The same receipt again changes nothing",
  middleware: [write()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: FiledByHandBody } } } },
  responses: { 200: { description: 'Recorded; the workflow closes the task', content: { 'application/json': { schema: TaskSchema } } }, ...errors },
});

const resubmit = createRoute({
  method: 'post', path: '/tasks/{id}/resubmit', tags: ['filing'], summary: 'Correct the employee\'s data after a rejection and file again', middleware: [write()] as const,
  request: { params: UuidParam, body: { required: false, content: { 'application/json': { schema: ResubmitBody } } } },
  responses: { 200: { description: 'Resubmitted', content: { 'application/json': { schema: TaskSchema } } }, ...errors },
});

function tenantOf(c: Context<Env>) {
  const t = c.get('tenant');
  return { id: t.tenantId, slug: t.slug };
}

const sheet = createRoute({
  method: 'get', path: '/tasks/{id}/filing-sheet.xlsx', tags: ['filing'],
  summary: 'The city\'s enrollment (增员) or stop (减员) sheet of a filing, to upload to the government portal by hand; holds the full ID number, so the download is audited',
  middleware: [write()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Excel workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } } }, 403: errors[403], 404: errors[404], 409: errors[409] },
});

/** Routes under /api/t/{tenant}/tasks: the filing tasks the lifecycle workflows carry. */
export function taskRoutes(deps: Pick<AppDeps, 'people'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const { open } = c.req.valid('query');
    const items = await deps.people.listTasks(tenantOf(c), open === undefined ? {} : { open: open === 'true' });
    return c.json({ items }, 200);
  });
  app.openapi(approve, async (c) => c.json(await deps.people.approve(tenantOf(c), { id: c.get('user')!.id }, c.req.valid('param').id), 200));
  app.openapi(receipt, async (c) =>
    c.json(await deps.people.enterReceipt(tenantOf(c), { id: c.get('user')!.id }, c.req.valid('param').id, c.req.valid('json').receiptNo), 200),
  );
  app.openapi(filedByHand, async (c) =>
    c.json(await deps.people.markFiledByHand(tenantOf(c), { id: c.get('user')!.id }, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(resubmit, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return c.json(await deps.people.resubmit(tenantOf(c), { id: c.get('user')!.id }, c.req.valid('param').id, body ?? {}), 200);
  });
  app.openapi(sheet, async (c) => {
    const file = await deps.people.filingSheet(tenantOf(c), { id: c.get('user')!.id }, c.req.valid('param').id);
    c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('content-disposition', `attachment; filename="${file.fileName}"`);
    c.header('cache-control', 'no-store');
    return c.body(new Uint8Array(file.content), 200) as never;
  });
  return app;
}
