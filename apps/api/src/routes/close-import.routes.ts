import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { XLSX_MEDIA_TYPE, type CloseColumnMapping, type CloseService, type ImportFormat } from '@lianxu/core';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import type { CloseWorkflowControl } from './close.routes';
import { errors } from './people.schemas';

// File imports of the close under /api/t/{tenant}: payroll's export (CSV or Excel) as the month's
// deductions, the city's Excel bill (companies filing by hand) as the month's bill, and the
// tenant's saved column mappings. A file is the raw body (text/csv or the .xlsx media type) or a
// multipart form's `file` with an optional `mapping` (JSON: field -> column header).

type Env = { Variables: TenantVariables };

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const City = z.string().regex(/^\d{6}$/, 'a 6-digit city code');
const KeyParams = z.object({ entityId: z.string().uuid(), city: City, month: Month });
const Kind = z.enum(['deductions', 'bill']);
const Mapping = z.record(z.string().max(40), z.string().min(1).max(100)).openapi('CloseColumnMapping', { description: 'field -> column header', example: { idNumber: '身份证号', pension: '养老保险(个人)' } });
const Imported = z.object({ rows: z.number(), unknownPeople: z.number().optional(), mapping: Mapping, mappingSource: z.enum(['given', 'saved', 'proposed']) }).openapi('CloseImported');
const upload = {
  body: { required: true, content: {
    'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
    [XLSX_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
  }, description: 'The file as the raw body; a multipart form with `file` (and an optional `mapping`, JSON) works too (not declared, so no form validator runs)' },
};
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const importResponses = {
  200: json(Imported, 'Imported (the mapping used is saved for next month)'),
  400: { description: 'A bad file, mapping, column or cell; `fields` names rows[<line>].<column header>, columns.<header> or mapping.<field>; nothing written', content: errors[400].content },
  404: errors[404], 409: errors[409], 415: { description: 'Not a CSV or .xlsx upload', content: errors[400].content },
};
const hr = requireRole('tenant_admin', 'hr');
const readers = requireRole('tenant_admin', 'hr', 'consultant');
const base = '/close/{entityId}/{city}/{month}';

const routes = {
  deductions: createRoute({ method: 'post', path: `${base}/deductions/import`, tags: ['close'], middleware: hr,
    summary: 'Import payroll’s export (CSV or Excel) as the month’s deductions, columns by the tenant’s saved mapping (proposed from the headers the first time); all or nothing',
    request: { params: KeyParams, ...upload }, responses: importResponses }),
  bill: createRoute({ method: 'post', path: `${base}/bill/import`, tags: ['close'], middleware: hr,
    summary: 'Import the city’s Excel bill (companies filing by hand) as the month’s bill, columns by the tenant’s saved mapping; all or nothing',
    request: { params: KeyParams, ...upload }, responses: importResponses }),
  getMapping: createRoute({ method: 'get', path: '/close-mappings/{kind}', tags: ['close'], middleware: readers, summary: 'The tenant’s saved column mapping for payroll’s export or the city’s bill',
    request: { params: z.object({ kind: Kind }) }, responses: { 200: json(z.object({ mapping: Mapping.nullable() }), 'The mapping, or null before the first import') } }),
  putMapping: createRoute({ method: 'put', path: '/close-mappings/{kind}', tags: ['close'], middleware: hr, summary: 'Save the tenant’s column mapping',
    request: { params: z.object({ kind: Kind }), body: { required: true, content: { 'application/json': { schema: z.object({ mapping: Mapping }).strict() } } } },
    responses: { 200: json(z.object({ mapping: Mapping }), 'Saved'), 400: errors[400] } }),
};

const XLSX_NAME = /\.xlsx$/i;

/** The uploaded file and its format, and the mapping sent with it. */
async function readUpload(req: Request): Promise<{ file: Uint8Array; format: ImportFormat; mapping?: CloseColumnMapping }> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null);
    const file = form?.get('file');
    if (!file || typeof file === 'string') throw ApiError.of(400, 'validation_failed', { file: { 'zh-CN': '请上传文件（字段名 file）', en: 'upload the file in the field "file"' } });
    const raw = form!.get('mapping');
    let mapping: CloseColumnMapping | undefined;
    if (typeof raw === 'string' && raw.trim() !== '') {
      const parsed = Mapping.safeParse((() => { try { return JSON.parse(raw); } catch { return null; } })());
      if (!parsed.success) throw ApiError.of(400, 'validation_failed', { mapping: { 'zh-CN': '列映射须为 JSON 对象：字段 -> 列名', en: 'The mapping must be a JSON object: field -> column header' } });
      mapping = parsed.data;
    }
    const format: ImportFormat = XLSX_NAME.test(file.name) || file.type === XLSX_MEDIA_TYPE ? 'xlsx' : 'csv';
    return { file: new Uint8Array(await file.arrayBuffer()), format, ...(mapping ? { mapping } : {}) };
  }
  if (type.startsWith(XLSX_MEDIA_TYPE)) return { file: new Uint8Array(await req.arrayBuffer()), format: 'xlsx' };
  if (type.startsWith('text/csv')) return { file: new Uint8Array(await req.arrayBuffer()), format: 'csv' };
  throw new ApiError(415, 'unsupported_media_type', { 'zh-CN': '请上传 CSV 或 Excel（.xlsx）文件', en: 'Upload a CSV file or an Excel workbook (.xlsx)' }, { 'content-type': { 'zh-CN': `应为 text/csv 或 ${XLSX_MEDIA_TYPE}`, en: `Expected text/csv or ${XLSX_MEDIA_TYPE}` } });
}

/** Routes under /api/t/{tenant}/. */
export function closeImportRoutes(deps: { close: CloseService; workflow?: CloseWorkflowControl; log?: (message: string, fields: Record<string, unknown>) => void }) {
  const { close } = deps;
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const tenant = (c: { get(k: 'tenantId'): string }) => ({ id: c.get('tenantId') });
  const actor = (c: { get(k: 'user'): TenantVariables['user'] }) => ({ id: c.get('user')!.id });
  const keyOf = (tenantId: string, p: { entityId: string; city: string; month: string }) => ({ tenantId, entityId: p.entityId, cityCode: p.city, month: p.month });
  const nudge = async (k: ReturnType<typeof keyOf>) => {
    await deps.workflow?.inputsChanged(k).catch((error: unknown) => deps.log?.('close workflow not signalled', { signal: 'inputsChanged', ...k, err: (error as Error).message }));
  };
  app.openapi(routes.deductions, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    // The month first: another tenant's entity is a 404 before the file is read.
    await close.month(tenant(c), k).catch(async (error: unknown) => {
      if ((error as { status?: number }).status === 404) await close.open(tenant(c), actor(c), k);
      else throw error;
    });
    const up = await readUpload(c.req.raw);
    const r = await close.importDeductions(tenant(c), actor(c), k, up.file, up.format, up.mapping);
    await nudge(k);
    return c.json(r, 200);
  });
  app.openapi(routes.bill, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    await close.month(tenant(c), k).catch(async (error: unknown) => {
      if ((error as { status?: number }).status === 404) await close.open(tenant(c), actor(c), k);
      else throw error;
    });
    const up = await readUpload(c.req.raw);
    const r = await close.importBill(tenant(c), actor(c), k, up.file, up.format, up.mapping);
    await nudge(k);
    return c.json(r, 200);
  });
  app.openapi(routes.getMapping, async (c) => c.json({ mapping: await close.mapping(tenant(c), c.req.valid('param').kind) }, 200));
  app.openapi(routes.putMapping, async (c) => c.json({ mapping: await close.putMapping(tenant(c), actor(c), c.req.valid('param').kind, c.req.valid('json').mapping) }, 200));
  return app;
}
