import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { acknowledgeFinding, createFindingBackPayment, createPolicyLibraryService, getRiskSettings, listFindings, putRiskSettings, type CloseService, type PolicyLibraryService } from '@lianxu/core';
import { text } from '@lianxu/plugin-sdk';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';

// The risk scan's findings and settings, under /api/t/{tenant}/risk: HR reads and acknowledges
// findings and starts a scan; a tenant admin sets the thresholds. Findings are written only by the
// scan (the riskScan workflow, daily by schedule or on demand here).

type Env = { Variables: TenantVariables };

const Localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const Fen = z.number().int().openapi({ description: 'integer fen' });

export const RiskFindingItem = z
  .object({
    id: z.string(),
    employeeId: z.string(),
    employeeName: z.string(),
    city: z.string(),
    ruleId: z.string(),
    ruleTitle: Localized,
    subject: z.string(),
    source: z.string().openapi({ description: 'core, or plugin:<id> for a plugin rule' }),
    severity: z.enum(['info', 'warning', 'critical']),
    since: z.string().openapi({ format: 'date' }),
    message: Localized,
    employeeLoss: Localized.nullable(),
    suggestedAction: z.object({ kind: z.string(), label: Localized }).nullable(),
    money: z.object({ owedFen: Fen, lateFeeFen: Fen, fineMinFen: Fen, fineMaxFen: Fen, overpaidFen: Fen, atStakeFen: Fen }),
    state: z.enum(['open', 'acknowledged', 'resolved']),
    stateReason: z.string().nullable(),
    stateBy: z.string().nullable().openapi({ description: 'who acknowledged; null when the scan resolved it' }),
    stateByName: z.string().nullable().openapi({ description: 'the name of who acknowledged it' }),
    stateAt: z.string().nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
  })
  .openapi('RiskFindingItem');

const FindingsQuery = z
  .object({
    state: z.enum(['open', 'acknowledged', 'resolved']).optional(),
    rule: z.string().regex(/^[a-z0-9_:.-]{1,80}$/, 'a rule id').optional(),
    employeeId: z.string().uuid('an employee id').optional(),
    city: z.string().regex(/^\d{6}$/, 'a 6-digit city code').optional(),
    kind: z.enum(['risks', 'notices']).optional().openapi({ description: 'risks: warning and critical findings (money or coverage at stake); notices: info about the figures (provisional policy data). Both when absent.' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const RiskFindingsPage = z.object({ items: z.array(RiskFindingItem), total: z.number().int(), totalAtStakeFen: Fen }).openapi('RiskFindingsPage');
const AcknowledgeBody = z.object({ reason: text({ max: 500 }).openapi({ example: '已与员工确认，下月补缴' }) }).strict();
export const RiskSettingsSchema = z
  .object({
    gapThresholdMonths: z.number().int().min(0).max(24).openapi({ description: 'a break longer than this many months is critical' }),
    warningDay: z.number().int().min(1).max(30).openapi({ description: 'days after the hire by which an enrollment should be confirmed' }),
  })
  .strict()
  .openapi('RiskSettings');
export const RiskScanStarted = z.object({ workflowId: z.string(), runId: z.string() }).openapi('RiskScanStarted');
export const RiskScanRun = z
  .object({
    status: z.enum(['running', 'completed', 'failed']),
    result: z.object({ today: z.string(), employees: z.number().int(), seen: z.number().int(), created: z.number().int(), resolved: z.number().int() }).optional(),
  })
  .openapi('RiskScanRun');

const IdParam = z.object({ id: z.string().uuid('a finding id') });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').openapi({ example: '2026-03' });
const BackPaymentBody = z
  .object({ targetMonth: Month.optional().openapi({ description: 'the open month to pay in; default the first open month from the current one (and after the finding’s months)' }) })
  .strict();
export const FindingBackPaymentSchema = z
  .object({
    findingId: z.string(),
    targetMonth: z.string(),
    lines: z.array(z.object({
      id: z.string(), month: z.string(), originalMonth: z.string(), insurance: z.string(), kind: z.enum(['back_payment', 'refund', 'top_up']),
      employerFen: Fen, employeeFen: Fen, dueDate: z.string(), lateFeeDays: z.number().int(), lateFeeFen: Fen,
    })),
    owedFen: Fen,
    lateFeeFen: Fen,
  })
  .openapi('RiskFindingBackPayment');
const readers = requireRole('tenant_admin', 'hr', 'consultant');
const hr = requireRole('tenant_admin', 'hr');

const findings = createRoute({
  method: 'get', path: '/risk/findings', tags: ['risk'], summary: 'Risk findings, open first and by money at stake (filters: state, rule, employee, city)',
  middleware: [readers] as const, request: { query: FindingsQuery },
  responses: { 200: { description: 'A page of findings', content: { 'application/json': { schema: RiskFindingsPage } } }, 400: errors[400], 403: errors[403] },
});
const acknowledge = createRoute({
  method: 'post', path: '/risk/findings/{id}/acknowledge', tags: ['risk'], summary: 'Acknowledge an open finding with a reason (tenant admin, HR)',
  middleware: [hr] as const, request: { params: IdParam, body: { content: { 'application/json': { schema: AcknowledgeBody } }, required: true } },
  responses: {
    200: { description: 'Acknowledged', content: { 'application/json': { schema: z.object({ id: z.string(), state: z.literal('acknowledged'), stateReason: z.string(), stateBy: z.string(), stateAt: z.string() }) } } },
    400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409],
  },
});
const backPayment = createRoute({
  method: 'post', path: '/risk/findings/{id}/back-payment', tags: ['risk'],
  summary: "Create the 补缴 back-payment lines a finding suggests (a coverage gap's months, or a close shortfall) in the next open month of the close (tenant admin, HR)",
  middleware: [hr] as const, request: { params: IdParam, body: { content: { 'application/json': { schema: BackPaymentBody } }, required: true } },
  responses: {
    201: { description: 'Created; the next scan resolves the finding', content: { 'application/json': { schema: FindingBackPaymentSchema } } },
    400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409],
  },
});
const getSettings = createRoute({
  method: 'get', path: '/risk/settings', tags: ['risk'], summary: "The tenant's risk thresholds", middleware: [hr] as const,
  responses: { 200: { description: 'Thresholds', content: { 'application/json': { schema: RiskSettingsSchema } } }, 403: errors[403] },
});
const putSettings = createRoute({
  method: 'put', path: '/risk/settings', tags: ['risk'], summary: "Set the tenant's risk thresholds (tenant admin)",
  middleware: [requireRole('tenant_admin')] as const, request: { body: { content: { 'application/json': { schema: RiskSettingsSchema } }, required: true } },
  responses: { 200: { description: 'Saved', content: { 'application/json': { schema: RiskSettingsSchema } } }, 400: errors[400], 403: errors[403] },
});
const scan = createRoute({
  method: 'post', path: '/risk/scan', tags: ['risk'], summary: "Start the tenant's risk scan now (tenant admin, HR); follow it with GET /risk/scans/{workflowId}",
  middleware: [hr] as const,
  responses: { 202: { description: 'Started', content: { 'application/json': { schema: RiskScanStarted } } }, 403: errors[403] },
});
const scanRun = createRoute({
  method: 'get', path: '/risk/scans/{workflowId}', tags: ['risk'], summary: 'Where a started scan stands', middleware: [hr] as const,
  request: { params: z.object({ workflowId: z.string().max(200) }) },
  responses: { 200: { description: 'Status', content: { 'application/json': { schema: RiskScanRun } } }, 403: errors[403], 404: errors[404] },
});

const tenantOf = (c: Context<Env>) => c.get('tenant');
const SCANS_UNAVAILABLE = () => new ApiError(503, 'unavailable', { 'zh-CN': '风险扫描服务暂不可用，请稍后再试', en: 'The risk scan is not available right now; try again later' });

/** Routes under /api/t/{tenant}/risk. */
export function riskRoutes(deps: Pick<AppDeps, 'db' | 'riskScans' | 'clock'> & { close: Pick<CloseService, 'resolve'>; policies?: Pick<PolicyLibraryService, 'library'> }) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  // The policy library (consultants' revisions included) prices a gap's back payment.
  const policies = deps.policies ?? createPolicyLibraryService({ db: deps.db });

  app.openapi(findings, async (c) => {
    const q = c.req.valid('query');
    return c.json(await listFindings(deps.db, tenantOf(c).tenantId, q), 200);
  });

  app.openapi(acknowledge, async (c) => {
    const answer = await acknowledgeFinding(deps.db, tenantOf(c).tenantId, c.get('user')!.id, c.req.valid('param').id, c.req.valid('json').reason);
    return c.json(answer, 200);
  });

  app.openapi(backPayment, async (c) => {
    const made = await createFindingBackPayment(
      { db: deps.db, library: await policies.library(), close: deps.close, today: () => deps.clock.today() },
      tenantOf(c).tenantId, c.get('user')!.id, c.req.valid('param').id, c.req.valid('json'),
    );
    return c.json({ ...made, lines: made.lines.map(({ id, month, originalMonth, insurance, kind, employerFen, employeeFen, dueDate, lateFeeDays, lateFeeFen }) => ({ id, month, originalMonth, insurance, kind, employerFen, employeeFen, dueDate, lateFeeDays, lateFeeFen })) }, 201);
  });

  app.openapi(getSettings, async (c) => c.json(await getRiskSettings(deps.db, tenantOf(c).tenantId), 200));

  app.openapi(putSettings, async (c) => c.json(await putRiskSettings(deps.db, tenantOf(c).tenantId, c.get('user')!.id, c.req.valid('json')), 200));

  app.openapi(scan, async (c) => {
    if (!deps.riskScans) throw SCANS_UNAVAILABLE();
    const t = tenantOf(c);
    return c.json(await deps.riskScans.start({ id: t.tenantId, slug: t.slug }), 202);
  });

  app.openapi(scanRun, async (c) => {
    if (!deps.riskScans) throw SCANS_UNAVAILABLE();
    const t = tenantOf(c);
    const run = await deps.riskScans.run({ id: t.tenantId, slug: t.slug }, c.req.valid('param').workflowId);
    if (run.status === 'not_found') throw new ApiError(404, 'not_found', { 'zh-CN': '没有这次扫描', en: 'No such scan' });
    if (run.status === 'completed') {
      const { today, employees, seen, created, resolved } = run.result;
      return c.json({ status: 'completed' as const, result: { today, employees, seen, created, resolved } }, 200);
    }
    return c.json({ status: run.status }, 200);
  });

  return app;
}
