import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  abandonMigrationRun, DomainError, exportQuarantineXlsx, migrationDryRun, migrationMappingView, migrationReconciliation, migrationRunView, MIGRATION_FILES, readCorrections, revalidateRun, saveRunMapping,
  type MigrationFile,
} from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { localeFrom } from '../errors/messages';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { MigrationRun } from './migrations.routes';
import { errors } from './people.schemas';

// The sandbox of a migration run under /api/t/{tenant}/migrations/{id}: the mapping (the headers
// the load read, the proposal, the tenant's saved versions; saving one checks it against the
// run's headers and the tenant's custom fields), re-validation of the quarantined rows with the
// latest mapping, the quarantine as Excel and a corrections file in the same shape, and the
// dry-run diff of what promotion would create and change in the live tenant (nothing written).

type Env = { Variables: TenantVariables };

const RunParam = z.object({ id: z.string().uuid('a migration run id') });
const FileMapping = z.record(z.string().min(1).max(80), z.string().min(1).max(200)).openapi({ description: 'target field -> legacy column header (custom fields: custom.<key>)' });
export const MappingBody = z
  .object({ mapping: z.object({ roster: FileMapping.optional(), coverage: FileMapping.optional(), contributions: FileMapping.optional() }).strict() })
  .strict()
  .openapi('MigrationMappingSave');
const Labels = z.object({ 'zh-CN': z.string(), en: z.string() });
export const MappingView = z
  .object({
    version: z.number().int().nullable().openapi({ description: "the tenant's latest saved version (null: loads use the proposal)" }),
    runVersion: z.number().int().nullable().openapi({ description: 'the version the run was loaded or re-validated with' }),
    files: z.array(z.object({
      file: z.enum(MIGRATION_FILES as unknown as [string, ...string[]]),
      name: z.string(),
      headers: z.array(z.string()).openapi({ description: "the file's headers as the run's load read them (empty before the first load)" }),
      proposed: z.record(z.string(), z.string()),
      saved: z.record(z.string(), z.string()).nullable(),
      targets: z.array(z.object({ target: z.string(), required: z.boolean(), labels: Labels.nullable() })),
    })),
  })
  .openapi('MigrationMapping');
export const Revalidation = z
  .object({
    corrected: z.number().int(), skipped: z.number().int().openapi({ description: 'corrections naming a row no longer quarantined (applied before)' }),
    accepted: z.record(z.string(), z.number().int()), quarantined: z.number().int(), mappingVersion: z.number().int().nullable(), run: MigrationRun,
  })
  .openapi('MigrationRevalidation');
const CityCounts = z.object({ city: z.string(), create: z.number().int(), matched: z.number().int(), coveragePeriods: z.number().int(), contributionLines: z.number().int() });
export const DryRun = z
  .object({
    employees: z.object({ sandbox: z.number().int(), create: z.number().int(), matched: z.number().int(), alreadyPromoted: z.number().int() }),
    coveragePeriods: z.number().int(),
    contributionLines: z.number().int(),
    cities: z.array(CityCounts),
    created: z.array(z.object({ row: z.number().int(), name: z.string(), idNumberMasked: z.string(), city: z.string(), hireDate: z.string(), leaveDate: z.string().nullable() })),
    matched: z.array(z.object({
      row: z.number().int(), employeeId: z.string(), name: z.string(), idNumberMasked: z.string(), city: z.string(),
      leftOut: z.boolean().openapi({ description: 'promotion leaves an active person the tenant employs out (a conflict) and changes nothing of them' }),
      changes: z.array(z.object({ field: z.string(), live: z.string().nullable(), sandbox: z.string().nullable() })),
    })),
  })
  .openapi('MigrationDryRun');
const Sums = z.object({ lines: z.number().int(), employerFen: z.number().int(), employeeFen: z.number().int() });
export const ReconciliationSchema = z
  .object({
    rows: z.array(z.object({
      cityCode: z.string().nullable().openapi({ description: "the city's code in the policy library (null: a city it does not know)" }),
      city: z.string().openapi({ description: 'the city as the old system wrote it' }),
      names: Labels.nullable(),
      month: z.string().openapi({ description: 'YYYY-MM (or the month as written when it cannot be read)' }),
      legacy: Sums.openapi({ description: "the old system's lines, as exported" }),
      accepted: Sums.openapi({ description: 'the lines accepted into the sandbox' }),
      promoted: Sums.openapi({ description: 'the lines promotion wrote as contribution history' }),
    })),
    totals: z.object({ legacy: Sums, accepted: Sums, promoted: Sums }),
  })
  .openapi('MigrationReconciliation');
const ExportQuery = z
  .object({
    file: z.enum(MIGRATION_FILES as unknown as [string, ...string[]]).optional(),
    reason: z.string().regex(/^[a-z0-9_]{1,60}$/, 'a reason code').optional(),
    lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: 'the language of the reasons and headers (default: the request language)' }),
  })
  .strict();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const who = requireRole('tenant_admin', 'consultant');
const json = <T extends z.ZodTypeAny>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const e422 = { description: 'Refused; `fields` names each bad target, column or line; nothing written', content: errors[400].content };

const getMapping = createRoute({
  method: 'get', path: '/migrations/{id}/mapping', tags: ['migrations'], middleware: [who] as const,
  summary: "The run's mapping: per file the headers its load read, the proposal from them, the tenant's latest saved mapping and the targets (custom fields included)",
  request: { params: RunParam }, responses: { 200: json('The mapping', MappingView), 400: errors[400], 403: errors[403], 404: errors[404] },
});
const putMapping = createRoute({
  method: 'put', path: '/migrations/{id}/mapping', tags: ['migrations'], middleware: [who] as const,
  summary: "Save a mapping as the tenant's next version, checked against the run's headers and the tenant's custom fields; the next load (or re-validation) applies it",
  request: { params: RunParam, body: { content: { 'application/json': { schema: MappingBody } }, required: true } },
  responses: { 201: json('Saved', z.object({ version: z.number().int() })), 400: errors[400], 403: errors[403], 404: errors[404], 422: e422 },
});
const revalidate = createRoute({
  method: 'post', path: '/migrations/{id}/revalidate', tags: ['migrations'], middleware: [who] as const,
  summary: "Check the run's quarantined rows again with the tenant's latest mapping; rows that pass move into the sandbox (read = accepted + quarantined holds; a re-run doubles nothing)",
  request: { params: RunParam }, responses: { 200: json('Re-validated', Revalidation), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});
const exportXlsx = createRoute({
  method: 'get', path: '/migrations/{id}/quarantine.xlsx', tags: ['migrations'], middleware: [who] as const,
  summary: 'The (filtered) quarantine as Excel: file, row, column, reason (in the request language), value, an empty corrected value and the raw row',
  request: { params: RunParam, query: ExportQuery },
  responses: { 200: { description: 'Excel workbook', content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } }, 400: errors[400], 403: errors[403], 404: errors[404] },
});
const corrections = createRoute({
  method: 'post', path: '/migrations/{id}/corrections', tags: ['migrations'], middleware: [who] as const,
  summary: "Apply a corrections file (the quarantine export's shape: file, row, column, corrected value; CSV or .xlsx) to the quarantined rows and re-validate the run",
  request: {
    params: RunParam,
    body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) }, [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The file as the raw body (a multipart form with `file` works too)' },
  },
  responses: { 200: json('Applied and re-validated', Revalidation), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 415: { description: 'Not a CSV or .xlsx upload', content: errors[400].content }, 422: e422 },
});
const dryRun = createRoute({
  method: 'get', path: '/migrations/{id}/dry-run', tags: ['migrations'], middleware: [who] as const,
  summary: 'What promotion would create and change in the live tenant (employees, matches by ID number with the fields that differ, coverage periods, contribution lines, per city); nothing is written',
  request: { params: RunParam }, responses: { 200: json('The diff', DryRun), 400: errors[400], 403: errors[403], 404: errors[404], 503: { description: 'Migrations are not available on this server', content: errors[400].content } },
});

const reconciliation = createRoute({
  method: 'get', path: '/migrations/{id}/reconciliation', tags: ['migrations'], middleware: [who] as const,
  summary: "Reconciliation totals per city and month: the old system's contribution lines (count, employer and employee sums in fen), those accepted into the sandbox and those promoted",
  request: { params: RunParam }, responses: { 200: json('The totals', ReconciliationSchema), 400: errors[400], 403: errors[403], 404: errors[404] },
});

const abandon = createRoute({
  method: 'post', path: '/migrations/{id}/abandon', tags: ['migrations'], middleware: [who] as const,
  summary: "Abandon a run that was never promoted: it closes as failed ('migration_abandoned'), its load key is wiped and its sandbox (the legacy rows) dropped; loading a package again starts it anew",
  request: { params: RunParam }, responses: { 200: json('Abandoned', MigrationRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});

const tenantOf = (c: Context<Env>) => c.get('tenant').tenantId;
/** A refusal without fields names the run (`id`), so every 4xx names a field. */
const naming = (error: unknown): never => {
  if (error instanceof DomainError && !error.fields) throw new ApiError(error.status, error.code, error.messages, { id: error.messages });
  throw error;
};
const MAX_CORRECTIONS_BYTES = 20 * 1024 * 1024;

async function readUpload(req: Request): Promise<{ bytes: Uint8Array; format: 'csv' | 'xlsx' }> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (Number(req.headers.get('content-length') ?? 0) > MAX_CORRECTIONS_BYTES) throw ApiError.of(413, 'payload_too_large');
  if (type.startsWith('multipart/form-data')) {
    const file = (await req.formData().catch(() => null))?.get('file');
    if (!file || typeof file === 'string') throw ApiError.of(400, 'validation_failed', { file: { 'zh-CN': '请上传文件（字段名 file）', en: 'upload the file in the field "file"' } });
    return { bytes: new Uint8Array(await file.arrayBuffer()), format: /\.xlsx$/i.test(file.name) || file.type === XLSX ? 'xlsx' : 'csv' };
  }
  if (type.startsWith(XLSX)) return { bytes: new Uint8Array(await req.arrayBuffer()), format: 'xlsx' };
  if (type.startsWith('text/csv')) return { bytes: new Uint8Array(await req.arrayBuffer()), format: 'csv' };
  throw new ApiError(415, 'unsupported_media_type', { 'zh-CN': '请上传 CSV 或 Excel（.xlsx）文件', en: 'Upload a CSV file or an Excel workbook (.xlsx)' }, { 'content-type': { 'zh-CN': `应为 text/csv 或 ${XLSX}`, en: `Expected text/csv or ${XLSX}` } });
}

/** Routes under /api/t/{tenant}/migrations/{id}: mapping, re-validation, quarantine file, corrections, dry run. */
export function migrationSandboxRoutes(deps: Pick<AppDeps, 'db' | 'migrations'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const revalidateDeps = { db: deps.db };
  const outcome = async (c: Context<Env>, runId: string, r: Awaited<ReturnType<typeof revalidateRun>>) => ({ ...r, run: await migrationRunView(deps.db, tenantOf(c), runId) });

  app.openapi(getMapping, (c) => migrationMappingView(deps.db, tenantOf(c), c.req.valid('param').id).then((v) => c.json(v, 200), naming));

  app.openapi(putMapping, (c) =>
    saveRunMapping(deps.db, tenantOf(c), c.req.valid('param').id, c.req.valid('json').mapping, c.get('user')?.id).then((version) => c.json({ version }, 201), naming));

  app.openapi(revalidate, (c) =>
    (async () => {
      const runId = c.req.valid('param').id;
      return c.json(await outcome(c, runId, await revalidateRun(revalidateDeps, tenantOf(c), runId)), 200);
    })().catch(naming));

  app.openapi(exportXlsx, (c) =>
    (async () => {
      const q = c.req.valid('query');
      const runId = c.req.valid('param').id;
      const bytes = await exportQuarantineXlsx(deps.db, tenantOf(c), runId, { file: q.file as MigrationFile | undefined, reason: q.reason }, q.lang ?? localeFrom(c.req.header('accept-language')));
      c.header('content-type', XLSX);
      c.header('content-disposition', `attachment; filename="quarantine-${runId.slice(0, 8)}.xlsx"`);
      c.header('cache-control', 'no-store');
      return c.body(bytes as never, 200) as never;
    })().catch(naming));

  app.openapi(corrections, (c) =>
    (async () => {
      const runId = c.req.valid('param').id;
      // The run first: another tenant's run is a 404 before the file is read.
      await migrationRunView(deps.db, tenantOf(c), runId);
      const up = await readUpload(c.req.raw);
      const list = await readCorrections(up.bytes, up.format);
      return c.json(await outcome(c, runId, await revalidateRun(revalidateDeps, tenantOf(c), runId, list)), 200);
    })().catch(naming));

  app.openapi(dryRun, (c) =>
    (async () => {
      const runId = c.req.valid('param').id;
      const vault = deps.migrations?.vault;
      if (!vault) {
        await migrationRunView(deps.db, tenantOf(c), runId);
        throw new ApiError(503, 'unavailable', { 'zh-CN': '数据迁移服务暂不可用', en: 'Data migration is not available on this server' });
      }
      return c.json(await migrationDryRun({ db: deps.db, vault }, tenantOf(c), runId), 200);
    })().catch(naming));

  app.openapi(abandon, (c) =>
    (async () => {
      const runId = c.req.valid('param').id;
      const user = c.get('user');
      await abandonMigrationRun(deps.db, tenantOf(c), runId, { email: user?.email ?? 'api' });
      return c.json(await migrationRunView(deps.db, tenantOf(c), runId), 200);
    })().catch(naming));
  app.openapi(reconciliation, (c) => migrationReconciliation(deps.db, tenantOf(c), c.req.valid('param').id).then((r) => c.json(r, 200), naming));

  return app;
}
