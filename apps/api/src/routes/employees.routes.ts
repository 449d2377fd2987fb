import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { buildEmployeeWorkbook, readEmployeeWorkbook, XLSX_MEDIA_TYPE, type EmployeeView, type RecordedAnswer } from '@lianxu/core';
import { addLocalizedIssue, text } from '@lianxu/plugin-sdk';
import { ApiError } from '../errors/api-error';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import {
  CustomFieldValuesSchema,
  EmployeePageSchema,
  EmployeeSchema,
  EntitySchema,
  errors,
  HireBody,
  HirePreviewSchema,
  IdempotencyHeaders,
  TerminationBody,
  TerminationPreviewSchema,
  TransferPreviewSchema,
  TransferBody,
  UuidParam,
  WageBody,
  PayrollWageBody,
} from './people.schemas';

type Env = { Variables: TenantVariables };

// Who may do what: HR and tenant admins change employees; a granted consultant reads (never the
// full ID number); the employee role sees none of it.
const readers = () => requireRole('tenant_admin', 'hr', 'consultant');
const writers = () => requireRole('tenant_admin', 'hr');

const XLSX = XLSX_MEDIA_TYPE;

// cf.<key>=value filters ride along as extra query keys (one per custom field), so the schema lets
// extra keys through as text; the people service reads them with each field's type.
const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).optional(),
    q: text({ max: 64, min: 0 }).optional().openapi({ description: 'any part of the name (a given name finds 王小明), the last four characters of the ID number, or a full 18-character ID number (matched through the blind index)' }),
    status: z.enum(['active', 'terminated']).optional(),
    city: z
      .string()
      .superRefine((v, ctx) => {
        if (!/^\d{6}$/.test(v)) addLocalizedIssue(ctx, { 'zh-CN': '城市代码应为 6 位数字，例如 310100', en: 'A city code is 6 digits, e.g. 310100' });
      })
      .optional()
      .openapi({ description: 'GB/T 2260 city code, 6 digits' }),
    sort: z.string().max(80).optional().openapi({ description: 'hireDate, name or cf.<field key>; a leading - sorts descending (default -hireDate)' }),
  })
  .catchall(z.string().max(200).openapi({ description: 'cf.<field key>=value: employees whose custom field holds the value (a multi-select holds the choice)' }));

/** The cf.<key> filters of a query. */
function customFieldFilters(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (name.startsWith('cf.') && typeof value === 'string') out[name.slice(3)] = value;
  return out;
}

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

const previewHire = createRoute({
  method: 'post', path: '/employees/preview', tags: ['people'],
  summary: 'What a hire would file (the enrollment\'s first month, base and monthly amounts), its legal deadline with the days used and left, and for a deadline passed the late fee and fine exposure; writes nothing',
  middleware: [writers()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: HireBody } } } },
  responses: { 200: { description: 'The preview', content: { 'application/json': { schema: HirePreviewSchema } } }, ...errors },
});

const list = createRoute({
  method: 'get', path: '/employees', tags: ['people'], summary: 'Employees, paged, newest hire first', middleware: [readers()] as const,
  request: { query: listQuery },
  responses: { 200: { description: 'One page', content: { 'application/json': { schema: EmployeePageSchema } } }, 400: errors[400], 403: errors[403] },
});

const exportXlsx = createRoute({
  method: 'get', path: '/employees/export.xlsx', tags: ['people'], summary: 'The employee list as Excel (masked identifiers; audited)', middleware: [readers()] as const,
  request: { query: listQuery.pick({ status: true, city: true }).catchall(z.string().max(200)) },
  responses: { 200: { description: 'Workbook (custom fields marked for export included)', content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } }, 400: errors[400], 403: errors[403] },
});

const ImportResultSchema = z
  .object({
    updated: z.number().int(),
    unchanged: z.number().int(),
    hired: z.number().int(),
    rows: z.array(z.object({ row: z.number().int(), employeeId: z.string(), action: z.enum(['updated', 'unchanged', 'hired']) })),
  })
  .openapi('EmployeeImportResult');

const importXlsx = createRoute({
  method: 'post', path: '/employees/import.xlsx', tags: ['people'],
  summary: 'Excel import: columns mapped by label; existing employees (full ID number, or employee ID) get their custom fields updated, others are hired. All or nothing.',
  middleware: [writers()] as const,
  // The workbook as the raw body (a multipart form's `file` works too; not declared, so no form validator runs).
  request: { body: { required: true, content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } } },
  responses: {
    200: { description: 'Imported', content: { 'application/json': { schema: ImportResultSchema } } },
    400: { description: 'A bad file, column or cell; `fields` names rows[<row>].<column header> or columns.<header>; nothing written', content: errors[400].content },
    403: errors[403],
    415: { description: 'Not an .xlsx upload', content: errors[400].content },
  },
});

const patchCustomFields = createRoute({
  method: 'patch', path: '/employees/{id}/custom-fields', tags: ['people'], summary: 'Change custom field values of an employee (null removes one)',
  middleware: [writers()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: CustomFieldValuesSchema } } } },
  responses: { 200: { description: 'The employee', content: { 'application/json': { schema: EmployeeSchema } } }, 400: errors[400], 403: errors[403], 404: errors[404] },
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

const previewTermination = createRoute({
  method: 'post', path: '/employees/{id}/termination/preview', tags: ['people'],
  summary: 'What a termination would file and say (last contribution month, stop deadline, the monthly cost that stops, the SMS text); writes nothing',
  middleware: [writers()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: TerminationBody } } } },
  responses: { 200: { description: 'The preview', content: { 'application/json': { schema: TerminationPreviewSchema } } }, ...errors },
});

const transfer = createRoute({
  method: 'post', path: '/employees/{id}/transfer', tags: ['people'], summary: 'Transfer to another city: stop in the old, enroll in the new, no month uncovered',
  middleware: [writers()] as const,
  request: { params: UuidParam, headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: TransferBody } } } },
  responses: { 200: { description: 'Transferred', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

const previewTransfer = createRoute({
  method: 'post', path: '/employees/{id}/transfer/preview', tags: ['people'],
  summary: 'What a transfer would file and say (last month in the old city, first in the new, deadlines, the cost per insurance and its change, the SMS text); writes nothing',
  middleware: [writers()] as const,
  request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: TransferBody } } } },
  responses: { 200: { description: 'The preview', content: { 'application/json': { schema: TransferPreviewSchema } } }, ...errors },
});

const wage = createRoute({
  method: 'post', path: '/employees/{id}/wage', tags: ['people'], summary: 'Wage change from a date', middleware: [writers()] as const,
  request: { params: UuidParam, headers: IdempotencyHeaders, body: { required: true, content: { 'application/json': { schema: WageBody } } } },
  responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

const payrollWage = createRoute({
  method: 'post', path: '/payroll/wages', tags: ['people'],
  summary: "A payroll system's monthly wage for an employee: a wage change from a date, idempotent by the payroll record id",
  middleware: [writers()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: PayrollWageBody } } } },
  responses: { 200: { description: 'Recorded (Idempotent-Replayed: true when the record id was sent before with the same body)', content: { 'application/json': { schema: EmployeeSchema } } }, ...errors },
});

/** An uploaded workbook: the raw body (.xlsx media type) or a multipart form's `file`. */
async function readUpload(req: Request): Promise<Uint8Array> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null);
    const file = form?.get('file');
    if (!file || typeof file === 'string') throw ApiError.of(400, 'validation_failed', { file: { 'zh-CN': '请上传文件（字段名 file）', en: 'upload the workbook in the field "file"' } });
    return new Uint8Array(await file.arrayBuffer());
  }
  if (!type.startsWith(XLSX)) throw new ApiError(415, 'unsupported_media_type', { 'zh-CN': '请上传 Excel（.xlsx）文件', en: `Upload an Excel workbook (${XLSX})` }, { 'content-type': { 'zh-CN': `应为 ${XLSX}`, en: `Expected ${XLSX}` } });
  return new Uint8Array(await req.arrayBuffer());
}

function tenantOf(c: Context<Env>) {
  const t = c.get('tenant');
  return { id: t.tenantId, slug: t.slug };
}

function actorOf(c: Context<Env>) {
  return { id: c.get('user')!.id };
}

/** The enabled plugins' columns for these employees: one employeeListColumns call for the whole page (or export). */
async function pluginColumns(deps: Pick<AppDeps, 'plugins'>, tenantId: string, employeeIds: string[]) {
  if (!deps.plugins || !employeeIds.length) return [];
  return deps.plugins.extensions.employeeListColumns(tenantId, { employeeIds });
}

/** A recorded answer as a response; a replay says so in a header. */
function answer(c: Context<Env>, result: RecordedAnswer<EmployeeView>) {
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body, result.status as 200);
}

/** Routes under /api/t/{tenant}/: employees (hire and its preview, list, show, reveal, terminate and its preview, transfer, wage, custom field values, export, import). */
export function employeeRoutes(deps: Pick<AppDeps, 'people' | 'clock' | 'plugins'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });

  app.openapi(listEntities, async (c) => c.json({ items: await deps.people.listEntities(tenantOf(c)) }, 200));

  app.openapi(hire, async (c) => {
    const result = await deps.people.hire(tenantOf(c), actorOf(c), c.req.valid('json'), c.req.valid('header')['idempotency-key']);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, result.status as 201);
  });

  app.openapi(previewHire, async (c) => c.json(await deps.people.previewHire(tenantOf(c), c.req.valid('json')), 200));

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const page = await deps.people.list(tenantOf(c), { ...query, customFields: customFieldFilters(query) });
    return c.json({ ...page, pluginColumns: await pluginColumns(deps, tenantOf(c).id, page.items.map((e) => e.id)) }, 200);
  });

  // Registered before /employees/{id} so "export.xlsx" is never taken for an id.
  app.openapi(exportXlsx, async (c) => {
    const query = c.req.valid('query');
    const { rows, fields } = await deps.people.exportRows(tenantOf(c), actorOf(c), { status: query.status, city: query.city, customFields: customFieldFilters(query) });
    const extra = await pluginColumns(deps, tenantOf(c).id, rows.map((r) => r.id));
    const body = await buildEmployeeWorkbook(rows.map((r) => ({ ...r, customFields: r.customFields })), fields, extra);
    const filename = `employees-${tenantOf(c).slug}-${deps.clock.today()}.xlsx`;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    }) as never;
  });

  app.openapi(importXlsx, async (c) => {
    const content = await readUpload(c.req.raw);
    const tenant = tenantOf(c);
    const fields = await deps.people.customFieldDefinitions(tenant);
    const read = await readEmployeeWorkbook(content, fields);
    if (Object.keys(read.problems).length) throw ApiError.of(400, 'validation_failed', read.problems);
    return c.json(await deps.people.importEmployees(tenant, actorOf(c), read.rows, read.headers), 200);
  });

  app.openapi(patchCustomFields, async (c) =>
    c.json(await deps.people.updateCustomFields(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(show, async (c) => c.json(await deps.people.get(tenantOf(c), c.req.valid('param').id), 200));

  app.openapi(reveal, async (c) => {
    const result = await deps.people.revealIdNumber(tenantOf(c), actorOf(c), c.req.valid('param').id);
    c.header('cache-control', 'no-store');
    return c.json(result, 200);
  });

  app.openapi(terminate, async (c) =>
    answer(c, await deps.people.terminate(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key'])),
  );

  app.openapi(previewTermination, async (c) => c.json(await deps.people.previewTermination(tenantOf(c), c.req.valid('param').id, c.req.valid('json')), 200));

  app.openapi(transfer, async (c) =>
    answer(c, await deps.people.transfer(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key'])),
  );

  app.openapi(previewTransfer, async (c) => c.json(await deps.people.previewTransfer(tenantOf(c), c.req.valid('param').id, c.req.valid('json')), 200));

  app.openapi(wage, async (c) =>
    answer(c, await deps.people.changeWage(tenantOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.req.valid('header')['idempotency-key'])),
  );

  app.openapi(payrollWage, async (c) => {
    const { recordId, employeeId, ...change } = c.req.valid('json');
    return answer(c, await deps.people.changeWage(tenantOf(c), actorOf(c), employeeId, change, `payroll-wage:${recordId}`));
  });

  return app;
}
