import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import ExcelJS from 'exceljs';
import type { EmployeeView, RecordedAnswer } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { people } from '../errors/people-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import {
  EmployeePageSchema,
  EmployeeSchema,
  EntitySchema,
  errors,
  HireBody,
  IdempotencyHeaders,
  TerminationBody,
  TransferBody,
  UuidParam,
  WageBody,
} from './people.schemas';

type Env = { Variables: TenantVariables };

// Who may do what: HR and tenant admins change employees; a granted consultant reads (never the
// full ID number); the employee role sees none of it.
const readers = () => requireRole('tenant_admin', 'hr', 'consultant');
const writers = () => requireRole('tenant_admin', 'hr');

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
  q: z.string().max(64).optional().openapi({ description: 'name prefix, or a full 18-character ID number (matched through the blind index)' }),
  status: z.enum(['active', 'terminated']).optional(),
  city: z.string().regex(/^\d{6}$/, 'a 6-digit city code').optional(),
});

const listEntities = createRoute({
  method: 'get', path: '/entities', tags: ['people'], summary: 'Employing entities and their registrations per city', middleware: [readers()] as const,
  responses: { 200: { description: 'Entities', content: { 'application/json': { schema: z.object({ items: z.array(EntitySchema) }) } } }, 403: errors[403] },
});

const hire = createRoute({
  method: 'post', path: '/employees', tags: ['people'], summary: 'Hire: records the employee and starts the enrollment (增员)', middleware: [writers()] as const,
  request: { headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: HireBody } } } },
  responses: {
    201: { description: 'Hired (a replay answers with the first answer and Idempotent-Replayed: true)', content: { 'application/json': { schema: EmployeeSchema } } },
    ...errors,
  },
});

const list = createRoute({
  method: 'get', path: '/employees', tags: ['people'], summary: 'Employees, paged, newest hire first', middleware: [readers()] as const,
  request: { query: listQuery },
  responses: { 200: { description: 'One page', content: { 'application/json': { schema: EmployeePageSchema } } }, 400: errors[400], 403: errors[403] },
});

const exportXlsx = createRoute({
  method: 'get', path: '/employees/export.xlsx', tags: ['people'], summary: 'The employee list as Excel (masked identifiers; audited)', middleware: [readers()] as const,
  request: { query: listQuery.pick({ status: true, city: true }) },
  responses: { 200: { description: 'Workbook', content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } }, 403: errors[403] },
});

const show = createRoute({
  method: 'get', path: '/employees/{id}', tags: ['people'], summary: 'One employee with coverage periods, enrollment and filing tasks', middleware: [readers()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'Employee', content: { 'application/json': { schema: EmployeeSchema } } }, 400: errors[400], 403: errors[403], 404: errors[404] },
});

const reveal = createRoute({
  method: 'post', path: '/employees/{id}/reveal-id-number', tags: ['people'], summary: 'The full ID number (HR and tenant admins; every reveal is audited)',
  middleware: [writers()] as const,
  request: { params: UuidParam },
  responses: { 200: { description: 'The full number', content: { 'application/json': { schema: z.object({ idNumber: z.string() }) } } }, 403: errors[403], 404: errors[404] },
});

const terminate = createRoute({
  method: 'post', path: '/employees/{id}/termination', tags: ['people'], summary: 'Termination: stops contributions (减员) at the month the city\'s cut-off day gives',
  middleware: [writers()] as const,
  request: { params: UuidParam, headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: TerminationBody } } } },
  responses: { 200: { description: 'Terminated', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

const transfer = createRoute({
  method: 'post', path: '/employees/{id}/transfer', tags: ['people'], summary: 'Transfer to another city: stop in the old, enroll in the new, no month uncovered',
  middleware: [writers()] as const,
  request: { params: UuidParam, headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: TransferBody } } } },
  responses: { 200: { description: 'Transferred', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

const wage = createRoute({
  method: 'post', path: '/employees/{id}/wage', tags: ['people'], summary: 'Wage change from a date', middleware: [writers()] as const,
  request: { params: UuidParam, headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: WageBody } } } },
  responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

function tenantOf(c: Context<Env>) {
  const t = c.get('tenant');
  return { id: t.tenantId, slug: t.slug };
}

function actorOf(c: Context<Env>) {
  return { id: c.get('user')!.id };
}

/** A recorded answer as a response; a replay says so in a header. */
function answer(c: Context<Env>, result: RecordedAnswer<EmployeeView>) {
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body, result.status as 200);
}

/** Routes under /api/t/{tenant}/: employees (hire, list, show, reveal, terminate, transfer, wage, export). */
export function employeeRoutes(deps: Pick<AppDeps, 'people' | 'clock'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });

  app.openapi(listEntities, async (c) => c.json({ items: await people(() => deps.people.listEntities(tenantOf(c))) }, 200));

  app.openapi(hire, async (c) => {
    const result = await people(() => deps.people.hire(tenantOf(c), actorOf(c), c.req.valid('json'), c.req.valid('header')['idempotency-key']));
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, result.status as 201);
  });

  app.openapi(list, async (c) => c.json(await people(() => deps.people.list(tenantOf(c), c.req.valid('query'))), 200));

  // Registered before /employees/{id} so "export.xlsx" is never taken for an id.
  app.openapi(exportXlsx, async (c) => {
    const rows = await people(() => deps.people.exportRows(tenantOf(c), actorOf(c), c.req.valid('query')));
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Lianxu';
    const sheet = workbook.addWorksheet('员工 Employees');
    sheet.columns = [
      { header: '姓名 Name', key: 'name', width: 14 },
      { header: '身份证号 ID number', key: 'idNumberMasked', width: 22 },
      { header: '手机 Mobile', key: 'mobile', width: 14 },
      { header: '户籍 Hukou', key: 'hukou', width: 10 },
      { header: '用工主体 Entity', key: 'entityName', width: 30 },
      { header: '工作城市 City', key: 'workCity', width: 10 },
      { header: '入职日期 Hire date', key: 'hireDate', width: 12 },
      { header: '离职日期 Termination', key: 'terminationDate', width: 12 },
      { header: '状态 Status', key: 'status', width: 11 },
      { header: '月工资（元） Monthly wage', key: 'monthlyWage', width: 14 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const r of rows) sheet.addRow({ ...r, terminationDate: r.terminationDate ?? '' });
    const buffer = await workbook.xlsx.writeBuffer();
    const filename = `employees-${tenantOf(c).slug}-${deps.clock.today()}.xlsx`;
    return c.body(new Uint8Array(buffer as ArrayBuffer), 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    }) as never;
  });

  app.openapi(show, async (c) => c.json(await people(() => deps.people.get(tenantOf(c), c.req.valid('param').id)), 200));

  app.openapi(reveal, async (c) => {
    const result = await people(() => deps.people.revealIdNumber(tenantOf(c), actorOf(c), c.req.valid('param').id));
    c.header('cache-control', 'no-store');
    return c.json(result, 200);
  });

  app.openapi(terminate, async (c) =>
    answer(c, await people(() => deps.people.terminate(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key']))),
  );

  app.openapi(transfer, async (c) =>
    answer(c, await people(() => deps.people.transfer(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key']))),
  );

  app.openapi(wage, async (c) =>
    answer(c, await people(() => deps.people.changeWage(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key']))),
  );

  return app;
}
