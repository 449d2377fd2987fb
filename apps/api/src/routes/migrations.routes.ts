import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  assertSignedOff, beginMigrationLoad, checkManifestSignature, createMigrationRun, createSourceRun, probeLegacySource, SSL_MODES, DomainError, failMigrationLoad, getMigrationRun, listMigrationRuns, listQuarantine, MigrationError, migrationRunNotFound,
  migrationRunView, MIGRATION_FILES, openMigrationPackage, readPackageHead, signOffMigrationRun, tenantTransferKey, transferKeyId, unwrapRunKey, validationReport,
} from '@lianxu/core';
import type { AppDeps, MigrationRouteDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';

// Legacy-data migration runs under /api/t/{tenant}/migrations, for the vendor's implementation
// consultant granted to the tenant and the tenant's admin: fetch the tenant's transfer key (made on
// first request, stored wrapped by the master key; POST /migrations/transfer-key), upload a package (streamed to disk as it arrives,
// still encrypted: it is stored as sent and decrypted only while loading; its manifest's signature is
// checked at once against the tenant's registered transfer key), load it into the run's sandbox,
// read the run and its quarantined rows, start the promotion (a Temporal workflow) and follow it.

type Env = { Variables: TenantVariables };

const SignOff = z.object({ email: z.string(), at: z.string() });
const Counts = z.object({ read: z.number().int(), accepted: z.number().int(), quarantined: z.number().int() });
export const MigrationRun = z
  .object({
    id: z.string(),
    status: z.enum(['created', 'loading', 'validated', 'promoting', 'promoted', 'failed']),
    files: z.array(z.string()),
    counts: z.record(z.string(), Counts).openapi({ description: 'per file: read = accepted + quarantined' }),
    totals: Counts.extend({ promoted: z.number().int() }),
    loading: Counts.extend({ file: z.string() }).nullable().openapi({ description: 'the file being loaded now and its counts so far (null when no load runs)' }),
    failure: z.object({ code: z.string(), 'zh-CN': z.string(), en: z.string() }).nullable().openapi({ description: 'why the last load was refused' }),
    promotion: z.object({
      total: z.number().int().nullable().openapi({ description: 'accepted employees to promote' }),
      promoted: z.number().int(),
      conflicts: z.number().int().openapi({ description: 'people the live tenant already employs, left out' }),
      batchesDone: z.number().int(),
      batchSize: z.number().int().nullable(),
      promotedAt: z.string().nullable(),
      historyLines: z.number().int().openapi({ description: 'legacy contribution lines promoted as history' }),
    }),
    signOffs: z.object({ consultant: SignOff.nullable(), tenantAdmin: SignOff.nullable() }).openapi({ description: 'both are needed before promotion' }),
    mappingVersion: z.number().int().nullable().openapi({ description: "the tenant's mapping version the run was loaded (or last re-validated) with; null: proposed from the headers" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('MigrationRun');
export const MigrationRunList = z.object({ items: z.array(MigrationRun) }).openapi('MigrationRunList');
const Reason = z.object({ code: z.string(), column: z.string().nullable(), level: z.string(), 'zh-CN': z.string(), en: z.string() });
export const QuarantinePage = z
  .object({ items: z.array(z.object({ file: z.string(), row: z.number().int(), raw: z.record(z.string(), z.string()), reasons: z.array(Reason) })), total: z.number().int() })
  .openapi('MigrationQuarantinePage');
export const PromotionProgress = z
  .object({ status: MigrationRun.shape.status, total: z.number().int().nullable(), promoted: z.number().int(), conflicts: z.number().int(), percent: z.number(), workflowId: z.string() })
  .openapi('MigrationPromotionProgress');

const RunParam = z.object({ id: z.string().uuid('a migration run id') });
const LoadBody = z
  .object({
    wrappedKey: z.object({
      runId: z.string().uuid('a run id'),
      tenantId: z.string().uuid('a tenant id'),
      transferKeyId: z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits'),
      wrapped: z.string().regex(/^[A-Za-z0-9+/]{1,200}={0,2}$/, 'base64'),
    }).strict().openapi({ description: 'The run key wrapped for the tenant (the .key file made by `lianxu migrations pack`)' }),
    transferKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes as base64').optional()
      .openapi({ description: "Optional: the tenant's transfer key as the consultant holds it. The server uses the key registered for the tenant; a different key is refused" }),
  })
  .strict();
export const TransferKey = z
  .object({
    tenantId: z.string().openapi({ description: 'the tenant id `lianxu migrations pack --tenant` takes' }),
    keyId: z.string().openapi({ description: 'written into every manifest signed with this key' }),
    transferKey: z.string().openapi({ description: '32 bytes as base64 (LIANXU_TRANSFER_KEY for `lianxu migrations pack`); keep it apart from the packages' }),
  })
  .openapi('MigrationTransferKey');
/** An old system's read-only database (a run's source, a dual run's source). */
export const SourceBody = z
  .object({
    url: z.string().max(500).regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a postgres:// URL of the old system (read-only login)')
      .openapi({ description: "The old system's read-only database URL; stored encrypted, never shown again" }),
    password: z.string().min(1).max(200).optional().openapi({ description: 'The password, when it is not in the URL; stored encrypted, never shown again' }),
    sslmode: z.enum(SSL_MODES).default('prefer')
      .openapi({ description: 'TLS as libpq: disable, prefer (TLS when offered), require (TLS or refuse), verify-full (TLS, certificate checked against caCert and the host name)' }),
    caCert: z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'a PEM CA certificate').optional().openapi({ description: 'PEM; required by verify-full' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.sslmode === 'verify-full' && !v.caCert) ctx.addIssue({ code: 'custom', path: ['caCert'], message: 'required when sslmode is verify-full' });
  });
const PromoteBody = z.object({ batchSize: z.number().int().min(10).max(5000).default(500) }).strict();
const QuarantineQuery = z
  .object({
    file: z.enum(MIGRATION_FILES as unknown as [string, ...string[]]).optional(),
    reason: z.string().regex(/^[a-z0-9_]{1,60}$/, 'a reason code').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

const who = requireRole('tenant_admin', 'consultant');
const json = <T extends z.ZodTypeAny>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const e422 = { description: 'The package was refused (its format, key, signature, a changed byte or the manifest); nothing was loaded', content: errors[400].content };
const e503 = { description: 'Migrations are not available on this server', content: errors[400].content };

const transferKeyRoute = createRoute({
  method: 'post', path: '/migrations/transfer-key', tags: ['migrations'],
  summary: "The tenant's transfer key, made on the first request and stored encrypted (the same key after): `lianxu migrations pack` signs the manifest and wraps the run key with it",
  middleware: [who] as const, responses: { 200: json("The tenant's transfer key", TransferKey), 403: errors[403], 503: e503 },
});
const upload = createRoute({
  method: 'post', path: '/migrations', tags: ['migrations'], summary: 'Upload a migration package (streamed to disk as sent, still encrypted); creates the run it was packed for',
  middleware: [who] as const,
  request: { body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true } },
  responses: { 201: json('The run, created', MigrationRun), 400: errors[400], 403: errors[403], 409: errors[409], 413: json('The package is too large', errors[400].content['application/json'].schema), 422: e422, 503: e503 },
});
const fromSource = createRoute({
  method: 'post', path: '/migrations/sources', tags: ['migrations'],
  summary: "Start a run from the old system's read-only database instead of a package: the connection is checked (TLS per sslmode), sealed on the run and the load starts",
  middleware: [who] as const, request: { body: { content: { 'application/json': { schema: SourceBody } }, required: true } },
  responses: {
    202: json('The source answered; the run was created and its load started', MigrationRun), 400: errors[400], 403: errors[403],
    422: { description: 'The source was refused (TLS not offered for require, certificate, login, host or tables), naming the field; nothing was created', content: errors[400].content }, 503: e503,
  },
});
const load = createRoute({
  method: 'post', path: '/migrations/{id}/load', tags: ['migrations'],
  summary: "Check the run's package with the tenant's transfer key and start loading it into the run's sandbox (a workflow: every row checked, the run then validated); follow it with GET /migrations/{id}",
  middleware: [who] as const, request: { params: RunParam, body: { content: { 'application/json': { schema: LoadBody } }, required: true } },
  responses: { 202: json('The package passed its checks; loading started', MigrationRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 422: e422, 503: e503 },
});
const read = createRoute({
  method: 'get', path: '/migrations/{id}', tags: ['migrations'], summary: 'A run: state and counts (read, accepted, quarantined, promoted)', middleware: [who] as const,
  request: { params: RunParam }, responses: { 200: json('The run', MigrationRun), 400: errors[400], 403: errors[403], 404: errors[404] },
});
export const ValidationReportSchema = z
  .object({
    levels: z.array(z.object({ level: z.string(), outcome: z.string(), count: z.number().int() })),
    reasons: z.array(z.object({ code: z.string(), level: z.string(), outcome: z.string(), count: z.number().int(), 'zh-CN': z.string(), en: z.string() })),
  })
  .openapi('MigrationValidationReport');
const report = createRoute({
  method: 'get', path: '/migrations/{id}/report', tags: ['migrations'], summary: 'The validation report: findings per level (quality, reference, reconciliation) and outcome, and per reason',
  middleware: [who] as const, request: { params: RunParam }, responses: { 200: json('The report', ValidationReportSchema), 400: errors[400], 403: errors[403], 404: errors[404] },
});
const list = createRoute({
  method: 'get', path: '/migrations', tags: ['migrations'], summary: "The tenant's migration runs, newest first", middleware: [who] as const,
  responses: { 200: json('The runs', MigrationRunList), 403: errors[403] },
});
const signOff = createRoute({
  method: 'post', path: '/migrations/{id}/sign-off', tags: ['migrations'],
  summary: "Sign a validated run off for the caller's side (the consultant or the tenant admin); promotion needs both",
  middleware: [who] as const, request: { params: RunParam },
  responses: { 200: json('Signed off', MigrationRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});
const quarantine = createRoute({
  method: 'get', path: '/migrations/{id}/quarantine', tags: ['migrations'], summary: 'Quarantined rows with their reasons (filters: file, reason; paged)', middleware: [who] as const,
  request: { params: RunParam, query: QuarantineQuery }, responses: { 200: json('A page of quarantined rows', QuarantinePage), 400: errors[400], 403: errors[403], 404: errors[404] },
});
const promote = createRoute({
  method: 'post', path: '/migrations/{id}/promote', tags: ['migrations'], summary: 'Start promoting a validated run into the live tenant (a workflow; starting again finds the same one)',
  middleware: [who] as const, request: { params: RunParam, body: { content: { 'application/json': { schema: PromoteBody } }, required: false } },
  responses: { 202: json('Started (or already running)', PromotionProgress), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 503: e503 },
});
const progress = createRoute({
  method: 'get', path: '/migrations/{id}/progress', tags: ['migrations'], summary: "The promotion's progress", middleware: [who] as const,
  request: { params: RunParam }, responses: { 200: json('Progress', PromotionProgress), 400: errors[400], 403: errors[403], 404: errors[404] },
});

const UNAVAILABLE = () => new ApiError(503, 'unavailable', { 'zh-CN': '数据迁移服务暂不可用', en: 'Data migration is not available on this server' });
const tenantOf = (c: Context<Env>) => c.get('tenant').tenantId;

/**
 * A refusal of the data-migration module names the input it is about: the run (`id`), the package
 * (`body` on upload, `package` on load) or the transfer key, so every 4xx names a field.
 */
const naming = (field: (code: string) => string) => (error: unknown): never => {
  // Mapped by app.onError like every DomainError.
  throw error instanceof DomainError ? error.naming(field(error.code)) : error;
};
const runField = (code: string) => (code.startsWith('package_') ? 'package' : 'id');
const loadField = (code: string) => (code === 'package_wrong_key' ? 'transferKey' : runField(code));
const wrongTransferKey = (given: string, registered: string) =>
  new MigrationError(422, 'package_wrong_key', {
    'zh-CN': `传输密钥编号不符：提交的是 ${given}，该租户登记的是 ${registered}`,
    en: `The transfer key id does not match: ${given} was given, the tenant's registered key is ${registered}`,
  });

/** Counts bytes as they pass and stops the stream past the limit (the package is never held whole). */
function capped(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      seen += chunk.length;
      if (seen > max) done(ApiError.of(413, 'payload_too_large'));
      else done(null, chunk);
    },
  });
}

/** Routes under /api/t/{tenant}/migrations. */
export function migrationRoutes(deps: Pick<AppDeps, 'db' | 'migrations'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const need = () => deps.migrations ?? (() => { throw UNAVAILABLE(); })();
  const packageFile = (m: Pick<MigrationRouteDeps, 'uploadDir'>, tenantId: string, runId: string) => path.join(m.uploadDir, tenantId, `${runId}.lxpkg`);
  const progressOf = async (tenantId: string, runId: string) => {
    const v = await migrationRunView(deps.db, tenantId, runId);
    const total = v.promotion.total;
    const percent = total ? Math.round((v.promotion.promoted / total) * 1000) / 10 : v.status === 'promoted' ? 100 : 0;
    return { status: v.status, total, promoted: v.promotion.promoted, conflicts: v.promotion.conflicts, percent, workflowId: `migration-promote:${tenantId}:${runId}` };
  };

  app.openapi(transferKeyRoute, async (c) => {
    const m = need();
    const key = await tenantTransferKey({ db: deps.db, vault: m.vault }, tenantOf(c));
    c.header('cache-control', 'no-store');
    return c.json({ tenantId: key.tenantId, keyId: key.keyId, transferKey: key.key.toString('base64') }, 200);
  });

  app.openapi(upload, (c) =>
    (async () => {
      // Upload needs only a folder: without the migration deps packages go to the system's temp folder.
      const m = { uploadDir: deps.migrations?.uploadDir ?? path.join(os.tmpdir(), 'lianxu-migrations'), maxPackageBytes: deps.migrations?.maxPackageBytes };
      const tenantId = tenantOf(c);
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('application/octet-stream'))
        throw ApiError.of(415, 'unsupported_media_type', { 'content-type': { 'zh-CN': '应为 application/octet-stream', en: 'Expected application/octet-stream' } });
      const body = c.req.raw.body;
      if (!body) throw new ApiError(400, 'invalid_input', { 'zh-CN': '请求体为空', en: 'The body is empty' }, { body: { 'zh-CN': '请上传迁移包', en: 'required: the migration package' } });
      const dir = path.join(m.uploadDir, tenantId);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const part = path.join(dir, `upload-${randomUUID()}.part`);
      try {
        await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), capped(m.maxPackageBytes ?? 2 * 1024 ** 3), createWriteStream(part, { mode: 0o600 }));
        const { manifest, signature } = await readPackageHead(part);
        if (manifest.tenantId !== tenantId)
          throw new MigrationError(422, 'package_wrong_key', { 'zh-CN': '这个迁移包是为另一个租户生成的', en: 'This package was made for another tenant' });
        // The signature needs no data key: checked now against the tenant's registered transfer key.
        if (deps.migrations) checkManifestSignature(manifest, signature, tenantId, (await tenantTransferKey({ db: deps.db, vault: deps.migrations.vault }, tenantId)).key);
        // A run not loaded yet, or whose load was refused, takes a new copy of its package (sent again).
        const existing = await getMigrationRun(deps.db, tenantId, manifest.runId);
        if (existing && existing.status !== 'created' && existing.status !== 'failed')
          throw new MigrationError(409, 'migration_run_exists', { 'zh-CN': '这个迁移包已经装载过', en: 'This package was loaded already' });
        await rename(part, packageFile(m, tenantId, manifest.runId));
        if (!existing) await createMigrationRun(deps.db, tenantId, manifest.runId);
        return c.json(await migrationRunView(deps.db, tenantId, manifest.runId), 201);
      } finally {
        await rm(part, { force: true });
      }
    })().catch(naming(() => 'body')),
  );

  app.openapi(fromSource, (c) =>
    (async () => {
      const tenantId = tenantOf(c);
      const m = need();
      const source = c.req.valid('json');
      // Connected before anything is written: a refused source leaves no run behind.
      await probeLegacySource(source);
      const runId = await createSourceRun({ db: deps.db, vault: m.vault }, tenantId, source);
      // No package, so no run key: the load's key slot holds a random one that opens nothing.
      await beginMigrationLoad({ db: deps.db, vault: m.vault }, tenantId, runId, randomBytes(32));
      await m.startLoad({ tenantId, runId, packageFile: '' }).catch(async (error: unknown) => {
        await failMigrationLoad(deps.db, tenantId, runId, new DomainError(503, 'unavailable', { 'zh-CN': '装载未能开始，请稍后重试', en: 'The load could not start; try again later' }));
        throw error;
      });
      return c.json(await migrationRunView(deps.db, tenantId, runId), 202);
    })().catch(naming(() => 'url')),
  );

  app.openapi(load, (c) =>
    (async () => {
      const tenantId = tenantOf(c);
      const runId = c.req.valid('param').id;
      const body = c.req.valid('json');
      const run = await getMigrationRun(deps.db, tenantId, runId);
      if (!run) throw migrationRunNotFound();
      const m = need();
      if (!['created', 'loading', 'validated'].includes(run.status))
        throw new MigrationError(409, 'migration_promoted', { 'zh-CN': '迁移批次已开始转入，不能重新装载', en: 'The run is being promoted or was promoted; it cannot be loaded again' });
      if (body.wrappedKey.runId !== runId)
        throw new ApiError(400, 'invalid_input', { 'zh-CN': '密钥不属于这个迁移批次', en: 'The key is not for this run' }, { 'wrappedKey.runId': { 'zh-CN': '应为这个迁移批次的编号', en: "must be this run's id" } });
      const file = packageFile(m, tenantId, runId);
      if (!(await stat(file).catch(() => null))) throw new MigrationError(409, 'package_missing', { 'zh-CN': '这个迁移批次的迁移包不在服务器上', en: "The run's package is not on this server" });
      // Key, signature and every ciphertext hash are checked here, before the load starts: a refused
      // package is answered at once with nothing loaded. The worker then loads file by file (a
      // file that fails its tag or row count while loading rolls its transaction back and fails the run).
      const { key: transferKey, keyId } = await tenantTransferKey({ db: deps.db, vault: m.vault }, tenantId);
      if (body.transferKey !== undefined && transferKeyId(Buffer.from(body.transferKey, 'base64')) !== keyId) throw wrongTransferKey(transferKeyId(Buffer.from(body.transferKey, 'base64')), keyId);
      // A version 1 package (signed under its run key, before transfer keys were registered) still
      // loads when its run key was wrapped under the tenant's registered key; otherwise it is refused plainly.
      const { manifest } = await readPackageHead(file);
      if (manifest.version === 1 && body.wrappedKey.transferKeyId !== keyId)
        throw new MigrationError(422, 'package_wrong_key', {
          'zh-CN': `这是旧版迁移包（清单版本 1），其密钥编号 ${body.wrappedKey.transferKeyId} 不是该租户登记的传输密钥 ${keyId}：请用 lianxu migrations pack 重新打包`,
          en: `This is an old package (manifest version 1) whose key id ${body.wrappedKey.transferKeyId} is not the tenant's registered transfer key ${keyId}: pack the export again with lianxu migrations pack`,
        });
      await openMigrationPackage({ file, wrappedKey: body.wrappedKey, transferKey, tenantId });
      await beginMigrationLoad({ db: deps.db, vault: m.vault }, tenantId, runId, unwrapRunKey(body.wrappedKey, transferKey));
      await m.startLoad({ tenantId, runId, packageFile: file }).catch(async (error: unknown) => {
        // Not started (Temporal unreachable): the run is not left waiting for a load that never comes.
        await failMigrationLoad(deps.db, tenantId, runId, new DomainError(503, 'unavailable', { 'zh-CN': '装载未能开始，请稍后重试', en: 'The load could not start; try again later' }));
        throw error;
      });
      return c.json(await migrationRunView(deps.db, tenantId, runId), 202);
    })().catch(naming(loadField)),
  );

  app.openapi(list, async (c) => c.json({ items: await listMigrationRuns(deps.db, tenantOf(c)) }, 200));

  app.openapi(signOff, (c) =>
    (async () => {
      const tenantId = tenantOf(c);
      const runId = c.req.valid('param').id;
      const user = c.get('user');
      const role = c.get('tenant').role;
      // A sign-off is a person's: an API key, or a role without a side, cannot give one.
      if (c.get('apiKey') || !user || (role !== 'consultant' && role !== 'tenant_admin'))
        throw new ApiError(403, 'forbidden_role', { 'zh-CN': '签核须由实施顾问或租户管理员本人进行', en: 'A sign-off is given by the consultant or the tenant admin in person' });
      await signOffMigrationRun(deps.db, tenantId, runId, { role, userId: user.id, email: user.email });
      return c.json(await migrationRunView(deps.db, tenantId, runId), 200);
    })().catch(naming(runField)),
  );

  app.openapi(report, (c) => validationReport(deps.db, tenantOf(c), c.req.valid('param').id).then((r) => c.json(r, 200), naming(runField)));

  app.openapi(read, (c) => migrationRunView(deps.db, tenantOf(c), c.req.valid('param').id).then((v) => c.json(v, 200), naming(runField)));

  app.openapi(quarantine, (c) =>
    (async () => {
      const q = c.req.valid('query');
      return c.json(await listQuarantine(deps.db, tenantOf(c), c.req.valid('param').id, { ...q, file: q.file as (typeof MIGRATION_FILES)[number] | undefined }), 200);
    })().catch(naming(runField)),
  );

  app.openapi(promote, (c) =>
    (async () => {
      const tenantId = tenantOf(c);
      const runId = c.req.valid('param').id;
      const run = await getMigrationRun(deps.db, tenantId, runId);
      if (!run) throw migrationRunNotFound();
      if (!['validated', 'promoting', 'promoted'].includes(run.status))
        throw new MigrationError(409, 'migration_not_validated', { 'zh-CN': '迁移批次尚未通过校验，不能转入正式数据', en: 'The run has not passed validation and cannot be promoted' });
      assertSignedOff(run);
      const m = need();
      const batchSize = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined)?.batchSize ?? 500;
      await m.startPromotion({ tenantId, runId, batchSize });
      return c.json(await progressOf(tenantId, runId), 202);
    })().catch(naming(runField)),
  );

  app.openapi(progress, (c) => progressOf(tenantOf(c), c.req.valid('param').id).then((p) => c.json(p, 200), naming(runField)));

  return app;
}
