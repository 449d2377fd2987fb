import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError, type CloseBureauBillFetch, type CloseService } from '@lianxu/core';
import { text } from '@lianxu/plugin-sdk';
import { INSURANCES } from '@lianxu/policy';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';

// The monthly close under /api/t/{tenant}/close: months per city, the bill and the deductions,
// the match, the differences and their resolution, adjustment lines, the lock and the unlock.

type Env = { Variables: TenantVariables };

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').openapi({ example: '2026-03' });
const City = z.string().regex(/^\d{6}$/, 'a 6-digit city code').openapi({ example: '310100' });
const KeyParams = z.object({ entityId: z.string().uuid(), city: City, month: Month });
const Fen = z.number().int().openapi({ description: 'amount in fen' });
const Insurance = z.enum(INSURANCES);
// Stored free text: the one text rule (no NUL or control characters, NFC, trimmed), named on refusal.
const Reason = text({ max: 500, multiline: true });

const MonthSchema = z.object({
  entityId: z.string(), cityCode: z.string(), month: z.string(), state: z.enum(['open', 'locked']), hasBill: z.boolean(), billLines: z.number(), deductions: z.number(),
  matchedAt: z.string().nullable(), openDifferences: z.number(), differences: z.number(), signedOffBy: z.string().nullable(), signedOffAt: z.string().nullable(), unlockReason: z.string().nullable(),
  workflow: z.object({
    id: z.string().nullable(), waitingFor: z.array(z.enum(['bill', 'deductions'])), remindedAt: z.string().nullable(),
    paymentDue: z.string().nullable().openapi({ description: 'Last day of the city’s payment window (policy library, else the tenant’s cut-off day for the city); null when neither gives one' }),
    paymentDueSource: z.enum(['policy', 'tenant_setting']).nullable(),
  }).openapi('CloseWorkflowState'),
}).openapi('MonthClose');

const DifferenceSchema = z.object({
  id: z.string(), employeeId: z.string().nullable(), personName: z.string(), insurance: z.string(),
  class: z.enum(['rounding', 'headcount', 'base', 'rate', 'duplicate', 'missing_deduction']), amountFen: z.number(),
  expectedBaseFen: z.number().nullable(), expectedEmployerFen: z.number().nullable(), expectedEmployeeFen: z.number().nullable(),
  billedBaseFen: z.number().nullable(), billedEmployerFen: z.number().nullable(), billedEmployeeFen: z.number().nullable(), deductedFen: z.number().nullable(),
  state: z.enum(['open', 'accepted', 'fixed', 'adjusted']), reason: z.string().nullable(), adjustmentId: z.string().nullable(),
}).openapi('CloseDifference');

const AdjustmentSchema = z.object({
  id: z.string(), month: z.string(), originalMonth: z.string(), employeeId: z.string().nullable(), personName: z.string(), insurance: z.string(),
  kind: z.enum(['back_payment', 'refund', 'top_up']), employerFen: z.number(), employeeFen: z.number(), dueDate: z.string(), lateFeeDays: z.number(), lateFeeFen: z.number(), reason: z.string(),
}).openapi('AdjustmentLine');

const BillLine = z.object({
  idNumber: text({ max: 18, min: 0 }).optional(), employeeId: z.string().uuid().optional(), personName: text({ max: 60 }), insurance: Insurance,
  periodFrom: Month, periodTo: Month, baseFen: Fen, employerFen: Fen, employeeFen: Fen, interestFen: Fen.default(0), lateFeeFen: Fen.default(0),
  collectionType: text({ max: 40 }), voucherNo: text({ max: 40, min: 0 }).nullable().default(null),
}).strict();

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const hr = requireRole('tenant_admin', 'hr');
// A consultant the tenant granted access reads the closes (as the risk findings); every change stays HR's.
const readers = requireRole('tenant_admin', 'hr', 'consultant');
const base = '/close/{entityId}/{city}/{month}';

const routes = {
  list: createRoute({ method: 'get', path: '/close', tags: ['close'], summary: 'Monthly closes, per city and month', middleware: readers,
    request: { query: z.object({ city: City.optional(), month: Month.optional() }) }, responses: { 200: json(z.object({ items: z.array(MonthSchema) }), 'Months'), 400: errors[400] } }),
  open: createRoute({ method: 'put', path: base, tags: ['close'], summary: 'Open the close of an entity, city and month and start its workflow (idempotent)', middleware: hr,
    request: { params: KeyParams }, responses: { 200: json(MonthSchema, 'The month'), 400: errors[400], 404: errors[404], 503: { ...errors[409], description: 'The month is open but its workflow could not start (open it again)' } } }),
  get: createRoute({ method: 'get', path: base, tags: ['close'], summary: 'One month’s close', middleware: readers,
    request: { params: KeyParams }, responses: { 200: json(MonthSchema, 'The month'), 404: errors[404] } }),
  bill: createRoute({ method: 'post', path: `${base}/bill`, tags: ['close'], summary: 'Record the bureau’s bill of the month (replaces an earlier one)', middleware: hr,
    request: { params: KeyParams, ...body(z.object({ lines: z.array(BillLine).max(200_000) }).strict()) },
    responses: { 200: json(z.object({ billId: z.string(), lines: z.number(), unknownPeople: z.number() }), 'Recorded'), 400: errors[400], 404: errors[404], 409: errors[409] } }),
  fetchBill: createRoute({ method: 'post', path: `${base}/bill/fetch`, tags: ['close'], middleware: hr,
    summary: 'Fetch the month’s bill from the bureau through the gateway and record it as the month’s bill (replaces an earlier one; carries the tax e-voucher numbers)',
    request: { params: KeyParams },
    responses: {
      200: json(z.object({ billId: z.string(), lines: z.number(), unknownPeople: z.number(), paid: z.boolean(), withVoucher: z.number() }), 'Fetched and recorded'),
      400: errors[400], 404: errors[404], 409: { ...errors[409], description: 'The month is locked, the entity is not billed through the bureau here, or no bureau is connected' }, 502: { ...errors[409], description: 'The bureau refused the bill request' }, 503: { ...errors[409], description: 'The bureau cannot give the bill now' },
    } }),
  deductions: createRoute({ method: 'post', path: `${base}/deductions`, tags: ['close'], summary: 'Record payroll’s deductions of the month', middleware: hr,
    request: { params: KeyParams, ...body(z.object({ rows: z.array(z.object({ employeeId: z.string().uuid(), insurance: Insurance, employeeFen: Fen.nonnegative() }).strict()).max(200_000), replace: z.boolean().default(false) }).strict()) },
    responses: { 200: json(z.object({ rows: z.number() }), 'Recorded'), 400: errors[400], 404: errors[404], 409: errors[409] } }),
  match: createRoute({ method: 'post', path: `${base}/match`, tags: ['close'], summary: 'Match expected, billed and deducted amounts', middleware: hr,
    request: { params: KeyParams },
    responses: { 200: json(z.object({ expectedLines: z.number(), differences: z.number(), byClass: z.record(z.string(), z.object({ count: z.number(), amountFen: z.number() })) }), 'Matched'), 404: errors[404], 409: errors[409] } }),
  differences: createRoute({ method: 'get', path: `${base}/differences`, tags: ['close'], summary: 'The month’s differences with their class and amount', middleware: readers,
    request: { params: KeyParams }, responses: { 200: json(z.object({ items: z.array(DifferenceSchema) }), 'Differences'), 404: errors[404] } }),
  resolve: createRoute({ method: 'post', path: `${base}/differences/{differenceId}/resolve`, tags: ['close'], summary: 'Resolve a difference: accept, fixed, or adjust in a later open month', middleware: hr,
    request: { params: KeyParams.extend({ differenceId: z.string().uuid() }), ...body(z.discriminatedUnion('action', [
      z.object({ action: z.literal('accept'), reason: Reason }).strict(),
      z.object({ action: z.literal('fixed') }).strict(),
      z.object({ action: z.literal('adjust'), targetMonth: Month, reason: Reason, payOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    ])) },
    responses: { 200: json(z.object({ state: z.string(), adjustment: AdjustmentSchema.nullable() }), 'Resolved'), 400: errors[400], 404: errors[404], 409: errors[409] } }),
  lock: createRoute({ method: 'post', path: `${base}/lock`, tags: ['close'], summary: 'HR signs off and locks the month', middleware: hr,
    request: { params: KeyParams }, responses: { 200: json(MonthSchema, 'Locked'), 404: errors[404], 409: errors[409] } }),
  unlock: createRoute({ method: 'post', path: `${base}/unlock`, tags: ['close'], summary: 'Unlock a locked month with a reason (tenant admins; audited)', middleware: requireRole('tenant_admin'),
    request: { params: KeyParams, ...body(z.object({ reason: Reason }).strict()) }, responses: { 200: json(MonthSchema, 'Unlocked'), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] } }),
  adjustments: createRoute({ method: 'get', path: '/close-adjustments', tags: ['close'], summary: 'Adjustment lines (补缴/退费/补差)', middleware: readers,
    request: { query: z.object({ city: City.optional(), month: Month.optional() }) }, responses: { 200: json(z.object({ items: z.array(AdjustmentSchema) }), 'Lines') } }),
  adjust: createRoute({ method: 'post', path: '/close-adjustments', tags: ['close'], summary: 'Record a correction of an earlier month as an adjustment line in an open month', middleware: hr,
    request: body(z.object({
      entityId: z.string().uuid(), cityCode: City, originalMonth: Month, targetMonth: Month, employeeId: z.string().uuid(), insurance: Insurance,
      employerFen: Fen, employeeFen: Fen, kind: z.enum(['back_payment', 'refund', 'top_up']).optional(), reason: Reason, payOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    }).strict()),
    responses: { 201: json(AdjustmentSchema, 'Created'), 400: errors[400], 409: errors[409] } }),
};

/** Starts and signals the month's close workflow (the API's Temporal client); absent, the close runs by hand only. */
export interface CloseWorkflowControl {
  /** Starts the month's workflow (idempotent: one per tenant, entity, city and month). */
  opened(k: CloseKeyOf): Promise<unknown>;
  /** The bill or the deductions changed (starts the workflow when none runs). */
  inputsChanged(k: CloseKeyOf): Promise<unknown>;
  /** The month was locked: the workflow ends. */
  locked(k: CloseKeyOf): Promise<unknown>;
}
type CloseKeyOf = { tenantId: string; entityId: string; cityCode: string; month: string };

/** Routes under /api/t/{tenant}/. */
export function closeRoutes(deps: { close: CloseService; fetchBill?: CloseBureauBillFetch; workflow?: CloseWorkflowControl; log?: (message: string, fields: Record<string, unknown>) => void }) {
  const { close } = deps;
  // A signal after a committed write that cannot reach Temporal is logged, not answered as a
  // failure: the write stands, and the workflow reads the month again when it next wakes.
  const nudge = async (what: 'inputsChanged' | 'locked', k: CloseKeyOf) => {
    if (!deps.workflow) return;
    await deps.workflow[what](k).catch((error: unknown) => deps.log?.('close workflow not signalled', { signal: what, ...k, err: (error as Error).message }));
  };
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const tenant = (c: { get(k: 'tenantId'): string }) => ({ id: c.get('tenantId') });
  const actor = (c: { get(k: 'user'): TenantVariables['user'] }) => ({ id: c.get('user')!.id });
  const keyOf = (tenantId: string, p: { entityId: string; city: string; month: string }) => ({ tenantId, entityId: p.entityId, cityCode: p.city, month: p.month });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    return c.json({ items: await close.months(tenant(c), { ...(q.city ? { cityCode: q.city } : {}), ...(q.month ? { month: q.month } : {}) }) }, 200);
  });
  app.openapi(routes.open, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    await close.open(tenant(c), actor(c), k);
    if (deps.workflow) {
      try {
        await deps.workflow.opened(k);
      } catch (error) {
        deps.log?.('close workflow not started', { ...k, err: (error as Error).message });
        throw new DomainError(503, 'workflow_unavailable', { 'zh-CN': '月结已开启，但自动跟踪暂时无法启动，请稍后再次开启', en: 'The month is open but its tracking could not start; open it again shortly' });
      }
    }
    return c.json(await close.month(tenant(c), k), 200);
  });
  app.openapi(routes.get, async (c) => c.json(await close.month(tenant(c), keyOf(c.get('tenantId'), c.req.valid('param'))), 200));
  app.openapi(routes.bill, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    const r = await close.recordBill(tenant(c), actor(c), k, 'gateway', c.req.valid('json').lines);
    await nudge('inputsChanged', k);
    return c.json(r, 200);
  });
  app.openapi(routes.fetchBill, async (c) => {
    if (!deps.fetchBill) {
      // The month is looked up first, so another tenant's entity is a 404 here as on every close route.
      await close.month(tenant(c), keyOf(c.get('tenantId'), c.req.valid('param')));
      throw new DomainError(409, 'bureau_not_configured', { 'zh-CN': '本环境没有连接社保经办平台，请导入 Excel 账单', en: 'No bureau is connected here: import the Excel bill instead' });
    }
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    const r = await deps.fetchBill(tenant(c), actor(c), k);
    await nudge('inputsChanged', k);
    return c.json(r, 200);
  });
  app.openapi(routes.deductions, async (c) => {
    const b = c.req.valid('json');
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    const r = await close.recordDeductions(tenant(c), actor(c), k, 'api', b.rows, { replace: b.replace });
    await nudge('inputsChanged', k);
    return c.json(r, 200);
  });
  app.openapi(routes.match, async (c) => c.json(await close.match(tenant(c), actor(c), keyOf(c.get('tenantId'), c.req.valid('param'))), 200));
  app.openapi(routes.differences, async (c) => c.json({ items: await close.differences(tenant(c), keyOf(c.get('tenantId'), c.req.valid('param'))) }, 200));
  app.openapi(routes.resolve, async (c) => {
    const p = c.req.valid('param');
    const r = await close.resolve(tenant(c), actor(c), keyOf(c.get('tenantId'), p), p.differenceId, c.req.valid('json'));
    return c.json({ state: r.state, adjustment: r.adjustment }, 200);
  });
  app.openapi(routes.lock, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    const r = await close.lock(tenant(c), actor(c), k);
    await nudge('locked', k);
    return c.json(r, 200);
  });
  app.openapi(routes.unlock, async (c) => {
    const k = keyOf(c.get('tenantId'), c.req.valid('param'));
    const r = await close.unlock(tenant(c), actor(c), k, c.req.valid('json').reason);
    // Open again: a new workflow follows the month to its next lock.
    await nudge('inputsChanged', k);
    return c.json(r, 200);
  });
  app.openapi(routes.adjustments, async (c) => {
    const q = c.req.valid('query');
    return c.json({ items: await close.listAdjustments(tenant(c), { ...(q.city ? { cityCode: q.city } : {}), ...(q.month ? { month: q.month } : {}) }) }, 200);
  });
  app.openapi(routes.adjust, async (c) => c.json(await close.createAdjustment(tenant(c), actor(c), c.req.valid('json')), 201));
  return app;
}
