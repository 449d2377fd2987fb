import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assertRetirementOffered, createDualRun, DomainError, dualRunView, getMigrationRun, migrationRunNotFound, listDifferences, listDualRunDays, switchDualRunMode, updateDifference } from '@lianxu/core';
import { text } from '@lianxu/plugin-sdk';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { SourceBody } from './migrations.routes';
import { errors } from './people.schemas';

// The 90-day dual run of a promoted migration under /api/t/{tenant}/migrations/{id}/dual-run: start
// it (the old system's read-only connection, the run's own source by default, connected as its
// sslmode says and stored sealed), read its state and daily report, list
// differences by class and day, class/assign/explain one, switch shadow ↔ live with sign-off, retire.

type Env = { Variables: TenantVariables };
const Classes = ['timing', 'configuration', 'data', 'defect'] as const;
const Day = z.iso.date('a date YYYY-MM-DD');
const RunParam = z.object({ id: z.string().uuid('a migration run id') });
const DiffParam = RunParam.extend({ differenceId: z.string().uuid('a difference id') });

const StartBody = z.object({
  source: SourceBody.optional().openapi({
    description: "The old system's read-only database, as for POST /migrations/sources (TLS per sslmode; URL and password stored encrypted, never shown again). Default: the source the run was loaded from; required for a run loaded from a package",
  }),
  startDay: Day,
  daysTotal: z.number().int().min(1).max(365).default(90),
  cleanDaysRequired: z.number().int().min(1).max(60).default(10),
  tolerance: z.number().min(0).max(0.05).default(0.001).openapi({ description: 'Share of detail lines that may differ (0.001 = 0.1%); totals must match exactly' }),
  payDay: z.number().int().min(1).max(28).default(15),
}).strict();
const DualRun = z.object({
  runId: z.string(), status: z.enum(['running', 'retirement_offered', 'retired']), mode: z.enum(['shadow', 'live']), startDay: z.string(), daysTotal: z.number().int(),
  cleanDaysRequired: z.number().int(), tolerance: z.number(), payDay: z.number().int(), cleanStreak: z.number().int(), lastDay: z.string().nullable(),
  retirementOffered: z.boolean(), sourceConnected: z.boolean(), modeSignedOffAt: z.string().nullable(), retiredAt: z.string().nullable(),
  archive: z.object({ retentionUntil: z.string(), files: z.array(z.object({ name: z.string(), rows: z.number().int() })) }).nullable(),
  openByClass: z.object({ timing: z.number().int(), configuration: z.number().int(), data: z.number().int(), defect: z.number().int() }),
  heldBack: z.object({ enrollment: z.number().int(), stop: z.number().int(), baseChange: z.number().int() })
    .openapi({ description: "Lifecycle filings Lianxu computed but held back while the run was in shadow mode (the old system filed them); never sent later, not after a switch to live either" }),
}).openapi('DualRun');
const DualRunDay = z.object({
  day: z.string(), dayNumber: z.number().int(), completed: z.boolean(), late: z.boolean(), attempts: z.number().int(), mode: z.string(),
  linesCompared: z.number().int(), linesDifferent: z.number().int(), matchRate: z.number(), sourceRows: z.number().int(), sourceRowsRead: z.number().int(),
  totals: z.record(z.string(), z.object({ legacy: z.string(), lianxu: z.string() })), totalsMatch: z.boolean().nullable(), withinTolerance: z.boolean().nullable(),
  clean: z.boolean().nullable(), newDifferences: z.number().int(),
}).openapi('DualRunDay');
const Report = z.object({ run: DualRun, days: z.array(DualRunDay) }).openapi('DualRunReport');
const Difference = z.object({
  id: z.string(), kind: z.enum(['roster', 'coverage', 'contribution', 'total']), item: z.string(), label: z.string(), employeeId: z.string().nullable(),
  legacy: z.string().nullable().openapi({ description: 'The old system’s value (status|city|wage fen; employer|employee fen; 1 = covered)' }), lianxu: z.string().nullable(),
  class: z.enum(Classes), autoClass: z.enum(Classes), status: z.enum(['open', 'explained', 'gone']), firstSeenDay: z.string(), lastSeenDay: z.string(),
  assigneeUserId: z.string().nullable(), note: z.string().nullable(),
}).openapi('DualRunDifference');
const DiffQuery = z.object({
  class: z.enum(Classes).optional(), day: Day.optional(), status: z.enum(['open', 'explained', 'gone']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
}).strict();
const DiffBody = z.object({
  class: z.enum(Classes).optional(), assigneeUserId: z.string().uuid('a user id').nullable().optional(), note: text({ max: 1000, multiline: true }).optional(),
  explained: z.boolean().optional(),
}).strict();
const ModeBody = z.object({ mode: z.enum(['shadow', 'live']), signOff: z.literal(true, 'the switch must be signed off') }).strict();

const who = requireRole('tenant_admin', 'consultant');
const json = <T extends z.ZodTypeAny>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const e503 = { description: 'The dual run is not available on this server', content: errors[400].content };
const base = '/migrations/{id}/dual-run';

const start = createRoute({ method: 'post', path: base, tags: ['migrations'], summary: 'Start the dual run of a promoted migration (a long-running workflow, one per run)', middleware: [who] as const,
  request: { params: RunParam, body: { content: { 'application/json': { schema: StartBody } }, required: true } },
  responses: { 201: json('Started', DualRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409],
    422: { description: 'The source was refused (TLS not offered for require, certificate, login, host or tables), naming the field; nothing was created', content: errors[400].content }, 503: e503 } });
const report = createRoute({ method: 'get', path: base, tags: ['migrations'], summary: 'The dual run: state, open differences by class and the daily report (late days included)', middleware: [who] as const,
  request: { params: RunParam }, responses: { 200: json('The run and its days', Report), 400: errors[400], 403: errors[403], 404: errors[404] } });
const differences = createRoute({ method: 'get', path: `${base}/differences`, tags: ['migrations'], summary: 'Differences found (filters: class, day, state; paged)', middleware: [who] as const,
  request: { params: RunParam, query: DiffQuery }, responses: { 200: json('Differences', z.object({ items: z.array(Difference) })), 400: errors[400], 403: errors[403], 404: errors[404] } });
const classify = createRoute({ method: 'patch', path: `${base}/differences/{differenceId}`, tags: ['migrations'], summary: 'Class, assign, note or explain a difference', middleware: [who] as const,
  request: { params: DiffParam, body: { content: { 'application/json': { schema: DiffBody } }, required: true } },
  responses: { 204: { description: 'Saved' }, 400: errors[400], 403: errors[403], 404: errors[404] } });
const mode = createRoute({ method: 'post', path: `${base}/mode`, tags: ['migrations'], summary: 'Switch shadow ↔ live (who files with the bureau), signed off by the caller: in shadow mode Lianxu computes its lifecycle filings but holds them back (the old system files); in live mode it files them; filings made or held back before the switch stay as they were', middleware: [who] as const,
  request: { params: RunParam, body: { content: { 'application/json': { schema: ModeBody } }, required: true } },
  responses: { 200: json('The run', DualRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] } });
const retire = createRoute({ method: 'post', path: `${base}/retire`, tags: ['migrations'], summary: 'Retire the old system (only once the clean-day rule holds): archive its snapshot encrypted, disconnect, close', middleware: [who] as const,
  request: { params: RunParam }, responses: { 202: json('Retirement asked for; the workflow archives and closes', DualRun), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 503: e503 } });

const UNAVAILABLE = () => new ApiError(503, 'unavailable', { 'zh-CN': '并行运行服务暂不可用', en: 'The dual run is not available on this server' });
// A refusal names the field it is about; app.onError maps it like every DomainError.
const naming = (field: string) => (error: unknown): never => {
  throw error instanceof DomainError ? error.naming(field) : error;
};
const tenantOf = (c: Context<Env>) => c.get('tenant').tenantId;
const fieldOf = (code: string) => (code === 'dual_run_difference_not_found' ? 'differenceId' : code === 'dual_run_assignee_not_found' ? 'assigneeUserId' : 'id');
const naming2 = (error: unknown): never => naming(error instanceof DomainError ? fieldOf(error.code) : 'id')(error);

// The source's refusals (TLS, certificate, login, host) name its fields inside the body's `source`.
const underSource = (error: unknown): never => {
  if (error instanceof DomainError && error.code.startsWith('source_') && error.fields)
    throw new DomainError(error.status, error.code, error.messages, Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`source.${k}`, v])));
  throw error;
};

export function dualRunRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const need = () => deps.dualRun ?? (() => { throw UNAVAILABLE(); })();

  app.openapi(start, (c) => (async () => {
    const t = tenantOf(c);
    const runId = c.req.valid('param').id;
    const body = c.req.valid('json');
    if (!(await getMigrationRun(deps.db, t, runId))) throw migrationRunNotFound();
    const d = need();
    await createDualRun({ db: deps.db, vault: d.vault }, t, { runId, ...body, actorId: c.get('user')?.id ?? null }).catch(underSource);
    await d.start({ tenantId: t, runId, startDay: body.startDay });
    return c.json(await dualRunView(deps.db, t, runId), 201);
  })().catch(naming2));

  app.openapi(report, (c) => (async () => {
    const t = tenantOf(c);
    const runId = c.req.valid('param').id;
    return c.json({ run: await dualRunView(deps.db, t, runId), days: await listDualRunDays(deps.db, t, runId) }, 200);
  })().catch(naming2));

  app.openapi(differences, (c) => listDifferences(deps.db, tenantOf(c), c.req.valid('param').id, c.req.valid('query')).then((items) => c.json({ items }, 200), naming2));

  app.openapi(classify, (c) => (async () => {
    const { id, differenceId } = c.req.valid('param');
    const body = c.req.valid('json');
    await updateDifference({ db: deps.db }, tenantOf(c), id, differenceId, {
      ...(body.class ? { class: body.class } : {}), ...(body.assigneeUserId !== undefined ? { assigneeUserId: body.assigneeUserId } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}), ...(body.explained !== undefined ? { explained: body.explained } : {}),
    });
    return c.body(null, 204);
  })().catch(naming2));

  app.openapi(mode, (c) => (async () => {
    const t = tenantOf(c);
    const runId = c.req.valid('param').id;
    await switchDualRunMode({ db: deps.db }, t, runId, c.req.valid('json').mode, c.get('user')!.id);
    return c.json(await dualRunView(deps.db, t, runId), 200);
  })().catch(naming2));

  app.openapi(retire, (c) => (async () => {
    const t = tenantOf(c);
    const runId = c.req.valid('param').id;
    await assertRetirementOffered({ db: deps.db }, t, runId);
    const d = need();
    await d.signalRetirement(t, runId, c.get('user')!.id);
    return c.json(await dualRunView(deps.db, t, runId), 202);
  })().catch(naming2));

  return app;
}
