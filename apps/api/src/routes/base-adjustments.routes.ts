import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { adjustmentDecided, adjustmentNotWaiting, baseAdjustmentView, baseChangeFilingSheet, listBaseAdjustments, newPolicyRecord } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { text } from '@lianxu/plugin-sdk';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';

// The annual (July) base adjustment under /api/t/{tenant}/base-adjustments: HR starts one for a
// city and policy year (a workflow prepares the preview), reads the preview (each employee's old
// and new base, why, and the monthly cost change), then confirms or cancels it (a signal to the
// waiting workflow). Only the workflow's activities write. Tenant admins and HR only: the preview
// shows each employee's wages (a consultant is refused, as on the monthly close).

type Env = { Variables: TenantVariables };

const Fen = z.number().int().openapi({ description: 'integer fen' });
const FenOrNull = Fen.nullable();
const State = z.enum(['preview', 'applied', 'cancelled']);
export const BaseAdjustmentSummary = z
  .object({
    id: z.string(), cityCode: z.string(), policyYear: z.number().int(), policyId: z.string(),
    effectiveMonth: z.string().openapi({ description: 'first month of the policy year (YYYY-MM)' }), effectiveTo: z.string(), preparedOn: z.string(),
    state: State, employees: z.number().int(), changes: z.number().int().openapi({ description: 'employees with a new base' }),
    employerChangeFen: Fen.openapi({ description: 'monthly employer cost change, all employees' }), employeeChangeFen: Fen,
    topUpLines: z.number().int().openapi({ description: '补差 lines made for months already closed on the old base' }),
    decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), cancelReason: z.string().nullable(), workflowId: z.string(),
    kind: z.enum(['annual', 'provisional']).openapi({ description: 'annual: the July adjustment of bases; provisional: figures carried forward settled once a revision published them (补差/退费 only, no new bases)' }),
    settlesPolicyId: z.string().nullable().openapi({ description: 'provisional: the revision whose carried figures priced the months (policyId published them)' }),
  })
  .openapi('BaseAdjustmentSummary');
export const BaseAdjustmentSettlementLine = z
  .object({
    employeeId: z.string(), entityId: z.string(), personName: z.string(), month: z.string().openapi({ description: 'the month already billed or locked (YYYY-MM)' }),
    insurance: z.string(), baseFen: Fen, oldEmployerFen: Fen, oldEmployeeFen: Fen, newEmployerFen: Fen, newEmployeeFen: Fen,
  })
  .openapi('BaseAdjustmentSettlementLine');
export const BaseAdjustmentLine = z
  .object({
    employeeId: z.string(), entityId: z.string(), personName: z.string(), oldBaseFen: FenOrNull, newBaseFen: FenOrNull,
    averageWageFen: FenOrNull.openapi({ description: "last calendar year's average monthly wage" }), monthsUsed: z.number().int(),
    reason: z.enum(['average', 'floor', 'cap', 'no_wage_history', 'not_priced']).openapi({ description: 'average: the average wage; floor/cap: raised or lowered to it; no_wage_history, not_priced: no new base' }),
    employerChangeFen: FenOrNull, employeeChangeFen: FenOrNull,
    filing: z.object({
      fromMonth: z.string().nullable().openapi({ description: 'first month of the new base at the bureau' }),
      status: z.enum(['submitted', 'confirmed', 'rejected', 'not_filed']).openapi({ description: "the bureau's answer to the 缴费基数申报; not_filed: not filed yet, or to be filed again (the bureau lost it)" }),
      receiptNo: z.string().nullable(), rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
      heldBack: z.boolean().openapi({ description: 'held back during a dual run in shadow mode: the old system files it; Lianxu computed it but did not send it (confirmed, no receipt)' }),
    }).nullable().openapi({ description: "filed through the bureau's interface after confirmation; null before it, without a new base, or for entities filing by hand (the city's sheet)" }),
  })
  .openapi('BaseAdjustmentLine');
export const BaseAdjustmentDetail = BaseAdjustmentSummary.extend({
  lockedMonths: z.array(z.string()).openapi({ description: 'months of the policy year already locked in the city on the old bases: confirming makes their 补差 lines' }),
  lines: z.array(BaseAdjustmentLine),
  settlementLines: z.array(BaseAdjustmentSettlementLine).openapi({ description: 'provisional: per employee, month and insurance, the amounts on the carried and on the published figures; confirming makes a 补差/退费 line of each difference' }),
}).openapi('BaseAdjustment');
export const BaseAdjustmentStarted = z.object({ workflowId: z.string(), started: z.boolean() }).openapi('BaseAdjustmentStarted');

const StartBody = z
  .object({
    cityCode: z.string().regex(/^\d{6}$/, 'a 6-digit city code').openapi({ example: '110100' }),
    policyYear: z.number().int().min(2000).max(2100).openapi({ description: 'the calendar year the policy year starts in', example: 2025 }),
  })
  .strict();
const CancelBody = z.object({ reason: text({ max: 500 }).openapi({ example: '等待社保局正式通知' }) }).strict();
const IdParam = z.object({ id: z.string().uuid('a base adjustment id') });

const hr = requireRole('tenant_admin', 'hr');
const json = <T extends z.ZodTypeAny>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const e503 = { description: 'The workflow service is not available', content: errors[400].content };

const list = createRoute({
  method: 'get', path: '/base-adjustments', tags: ['base-adjustments'], summary: "The tenant's annual base adjustments", middleware: [hr] as const,
  responses: { 200: json('Adjustments', z.object({ items: z.array(BaseAdjustmentSummary) })), 403: errors[403] },
});
const start = createRoute({
  method: 'post', path: '/base-adjustments', tags: ['base-adjustments'], summary: "Start a city's annual base adjustment for a policy year (a workflow prepares the preview; starting again finds the same one)",
  middleware: [hr] as const, request: { body: { content: { 'application/json': { schema: StartBody } }, required: true } },
  responses: { 202: json('Started (or already running)', BaseAdjustmentStarted), 400: errors[400], 403: errors[403], 503: e503 },
});
const read = createRoute({
  method: 'get', path: '/base-adjustments/{id}', tags: ['base-adjustments'], summary: "The preview: each employee's old and new base, the reason and the monthly cost change",
  middleware: [hr] as const, request: { params: IdParam }, responses: { 200: json('The adjustment', BaseAdjustmentDetail), 400: errors[400], 403: errors[403], 404: errors[404] },
});
const confirm = createRoute({
  method: 'post', path: '/base-adjustments/{id}/confirm', tags: ['base-adjustments'], summary: 'Confirm the preview: the new bases apply from the effective month, 补差 lines for months already closed',
  middleware: [hr] as const, request: { params: IdParam },
  responses: { 202: json('Confirmed; applied by the workflow', BaseAdjustmentSummary), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 503: e503 },
});
const cancel = createRoute({
  method: 'post', path: '/base-adjustments/{id}/cancel', tags: ['base-adjustments'], summary: 'Cancel the adjustment with a reason: nothing is filed or changed',
  middleware: [hr] as const, request: { params: IdParam, body: { content: { 'application/json': { schema: CancelBody } }, required: true } },
  responses: { 202: json('Cancelled by the workflow', BaseAdjustmentSummary), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 503: e503 },
});

const sheet = createRoute({
  method: 'get', path: '/base-adjustments/{id}/filing-sheet.xlsx', tags: ['base-adjustments', 'filing'],
  summary: "The confirmed adjustment's base changes as the city's sheet (缴费基数申报表) to file on the government portal; holds full ID numbers, so the download is audited",
  middleware: [hr] as const, request: { params: IdParam },
  responses: {
    200: { description: 'Excel workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409], 503: e503,
  },
});

const UNAVAILABLE = () => new ApiError(503, 'unavailable', { 'zh-CN': '基数调整服务暂不可用，请稍后再试', en: 'Base adjustments are not available right now; try again later' });
const tenantOf = (c: Context<Env>) => c.get('tenant').tenantId;

/** Routes under /api/t/{tenant}/base-adjustments. */
export function baseAdjustmentRoutes(deps: Pick<AppDeps, 'db' | 'baseAdjustments'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const need = () => deps.baseAdjustments ?? (() => { throw UNAVAILABLE(); })();

  app.openapi(list, async (c) => c.json({ items: await listBaseAdjustments(deps.db, tenantOf(c)) }, 200));

  app.openapi(start, async (c) => {
    const tenantId = tenantOf(c);
    const body = c.req.valid('json');
    const known = await withTenant(deps.db, tenantId, (trx) => sql<{ n: number }>`select count(*)::int as n from tenant_cities where tenant_id = ${tenantId} and city_code = ${body.cityCode}`.execute(trx));
    if (!known.rows[0]!.n)
      throw new ApiError(400, 'invalid_input', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { cityCode: { 'zh-CN': '本企业未在这个城市参保', en: 'The company does not contribute in this city' } });
    // The input is checked before the workflow service is asked for: a wrong city or year is a 400 either way.
    newPolicyRecord(deps.baseAdjustments ? await deps.baseAdjustments.library() : getDefaultPolicyLibrary(), body.cityCode, body.policyYear);
    return c.json(await need().start({ tenantId, cityCode: body.cityCode, policyYear: body.policyYear }), 202);
  });

  app.openapi(read, async (c) => c.json(await baseAdjustmentView(deps.db, tenantOf(c), c.req.valid('param').id), 200));

  const decide = (kind: 'confirm' | 'cancel') => async (c: Context<Env>, reason?: string) => {
    const tenantId = tenantOf(c);
    const id = (c.req.param() as { id: string }).id;
    const view = await baseAdjustmentView(deps.db, tenantId, id);
    if (view.state !== 'preview') throw adjustmentDecided(view.state);
    const actorId = c.get('user')?.id ?? null;
    const delivered = await need().decide(view.workflowId, kind === 'confirm' ? { kind, actorId } : { kind, actorId, reason: reason ?? '' });
    if (!delivered) throw adjustmentNotWaiting();
    const { lines: _lines, lockedMonths: _locked, ...summary } = view;
    return summary;
  };
  const confirmed = decide('confirm');
  const cancelled = decide('cancel');
  app.openapi(confirm, async (c) => c.json(await confirmed(c), 202));
  app.openapi(cancel, async (c) => c.json(await cancelled(c, c.req.valid('json').reason), 202));
  app.openapi(sheet, async (c) => {
    const tenantId = tenantOf(c);
    const id = c.req.valid('param').id;
    const vault = deps.baseAdjustments?.vault;
    if (!vault) {
      await baseAdjustmentView(deps.db, tenantId, id); // another tenant's id is a 404 here too
      throw UNAVAILABLE();
    }
    const file = await baseChangeFilingSheet(deps.db, vault, tenantId, c.get('user')!.id, id);
    c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('content-disposition', `attachment; filename="${file.fileName}"`);
    c.header('cache-control', 'no-store');
    return c.body(new Uint8Array(file.content), 200) as never;
  });
  return app;
}
