import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthService } from '@lianxu/auth';
import { createPolicyLibraryService, listFindings, listFundFilings } from '@lianxu/core';
import { calculateContributions, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';

const home = createRoute({
  method: 'get', path: '/home', tags: ['tenancy'], summary: 'The tenant and the caller\'s role in it',
  responses: {
    200: { description: 'Tenant home', content: { 'application/json': { schema: z.object({ tenant: z.object({ id: z.string(), slug: z.string(), name: z.string(), industry: z.string(), workCities: z.array(z.object({ code: z.string(), name: z.string() })), demo: z.boolean().openapi({ description: 'the tenant holds generated demo data (演示数据), not real people' }) }), role: z.enum(['tenant_admin', 'hr', 'employee', 'consultant']) }) } } },
    404: { description: 'No such tenant, or no access to it' },
  },
});
// What needs doing in the tenant, for HR's first screen: open filings nearest their deadline, open
// risk findings and the caller's unread inbox, each counted so the page can link to the list.
const WorkbenchFiling = z.object({
  taskId: z.string(), employeeId: z.string(), employeeName: z.string(), kind: z.enum(['enrollment', 'stop']), status: z.string(),
  cityCode: z.string(), month: z.string(),
  deadlineDate: z.string().nullable().openapi({ description: 'last day of the legal deadline (enrollments); null for stops' }),
  daysLeft: z.number().int().nullable().openapi({ description: 'negative when overdue' }),
  gateway: z.enum(['bureau-sim', 'filing-file']).openapi({ description: 'bureau-sim: filed online by Lianxu; filing-file: filed by hand with the sheet, HR enters the receipt' }),
  approved: z.boolean().openapi({ description: 'an enrollment waiting for approval that HR has approved (the workflow files it)' }),
  filedByHand: z.object({ receiptNo: z.string(), filedOn: z.string() }).nullable().openapi({ description: "recorded as filed by hand at the bureau's counter; the workflow is closing it" }),
});
const WorkbenchFund = z.object({
  filingId: z.string(), employeeId: z.string(), employeeName: z.string(), kind: z.enum(['open', 'seal']), cityCode: z.string(), month: z.string(),
  dueDate: z.string(), daysLeft: z.number().int().openapi({ description: 'negative when overdue' }),
});
const WorkbenchPolicy = z.object({
  cityCode: z.string(), cityName: z.string(), month: z.string(),
  missing: z.array(z.string()).openapi({ description: 'insurances the policy library has no figures for in the month: no amount can be computed for them' }),
  provisional: z.array(z.string()).openapi({ description: 'insurances priced on figures carried forward from an earlier year (not yet published)' }),
});
const workbench = createRoute({
  method: 'get', path: '/workbench', tags: ['tenancy'], summary: "HR's work to do: open filings (overdue and near their deadline first), stops due this month, housing-fund filings, cities whose figures are missing or carried forward, open risk findings, unread inbox",
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  responses: {
    200: {
      description: 'Counts and the filings nearest their deadline',
      content: { 'application/json': { schema: z.object({
        filings: z.object({ open: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int().openapi({ description: 'at most 5 days left' }), nearest: z.array(WorkbenchFiling).openapi({ description: 'up to 5, the nearest deadline first' }) }),
        stops: z.object({ thisMonth: z.number().int().openapi({ description: 'open stops (减员) whose last covered month is this month or earlier: contributions to stop before the month is billed' }) }),
        fund: z.object({ toFile: z.number().int(), overdue: z.number().int(), nearest: z.array(WorkbenchFund).openapi({ description: 'up to 5 housing-fund filings to make, the nearest deadline first' }) }),
        policy: z.array(WorkbenchPolicy).openapi({ description: "the tenant's work cities whose figures for this month are missing or carried forward" }),
        risks: z.object({ open: z.number().int().openapi({ description: 'open findings with money or coverage at stake (warning, critical); notices about the figures are on the risk page' }) }),
        inbox: z.object({ unread: z.number().int() }),
      }).openapi('Workbench') } },
    },
    403: { description: 'The employee role has its own page' },
  },
});
const DUE_SOON_DAYS = 5;

/** A work city's figures for the month: the insurances with none (no amount can be computed) and those carried forward. */
function policyGaps(library: PolicyLibrary, city: { code: string; name: string }, month: string): z.infer<typeof WorkbenchPolicy> | null {
  let missing: string[] = [];
  let provisional: string[] = [];
  try {
    const quote = calculateContributions({ city: city.code, month, wageFen: 1_000_000, hukou: 'local' }, library);
    missing = quote.complete ? [] : quote.missing.map((m) => m.insurance);
    provisional = quote.lines.filter((l) => l.provisional).map((l) => l.insurance);
  } catch (error) {
    if (!(error instanceof PolicyInputError)) throw error;
    missing = ['all'];
  }
  return missing.length === 0 && provisional.length === 0 ? null : { cityCode: city.code, cityName: city.name, month, missing, provisional };
}

const Grant = z.object({ id: z.string(), email: z.string(), name: z.string(), grantedBy: z.string(), grantedAt: z.string() });
const listGrants = createRoute({ method: 'get', path: '/grants', tags: ['tenancy'], summary: 'Consultants granted access to this tenant', responses: { 200: { description: 'Active grants', content: { 'application/json': { schema: z.object({ items: z.array(Grant), nextCursor: z.null() }) } } } } });
const createGrant = createRoute({
  method: 'post', path: '/grants', tags: ['tenancy'], summary: 'Grant a vendor consultant access (tenant admin)',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ consultantEmail: z.string().trim().email().max(254) }).strict() } } } },
  responses: { 201: { description: 'Granted', content: { 'application/json': { schema: z.object({ id: z.string(), created: z.boolean() }) } } }, 400: { description: 'Not a consultant' } },
});
const revokeGrant = createRoute({
  method: 'delete', path: '/grants/{id}', tags: ['tenancy'], summary: 'Revoke a consultant\'s grant (tenant admin)',
  request: { params: z.object({ id: z.string().uuid() }) },
  responses: { 204: { description: 'Revoked' }, 404: { description: 'No such active grant' } },
});

/** Routes under /api/t/{tenant}/: the tenant middleware has already checked access. */
export function tenantHomeRoutes(deps: AppDeps & { auth: AuthService }) {
  const app = new OpenAPIHono<{ Variables: TenantVariables }>({ defaultHook: validationHook });
  // The effective library (consultants' revisions included) says which cities' figures are missing.
  const policies = createPolicyLibraryService({ db: deps.db });
  app.openapi(home, async (c) => {
    const t = c.get('tenant');
    const { workCities, demo } = await deps.tenancy.home(t.tenantId);
    return c.json({ tenant: { id: t.tenantId, slug: t.slug, name: t.name, industry: t.industry, workCities, demo }, role: t.role }, 200);
  });

  app.openapi(workbench, async (c) => {
    const t = c.get('tenant');
    const tenant = { id: t.tenantId, slug: t.slug };
    const today = deps.clock.today();
    const [tasks, risks, inbox, fund, home, library] = await Promise.all([
      deps.people.listTasks(tenant, { open: true }),
      listFindings(deps.db, t.tenantId, { state: 'open', kind: 'risks', limit: 1 }),
      deps.people.listNotifications(tenant, c.get('user')!.id, { unreadOnly: true, limit: 1 }),
      listFundFilings(deps.db, t.tenantId, today),
      deps.tenancy.home(t.tenantId),
      policies.library(),
    ]);
    const month = today.slice(0, 7);
    const stopsThisMonth = tasks.filter((x) => x.kind === 'stop' && x.month <= month).length;
    const toFile = [...fund.toFile].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const fundView = {
      toFile: toFile.length,
      overdue: toFile.filter((x) => (x.daysLeft ?? 0) < 0).length,
      nearest: toFile.slice(0, 5).map((x) => ({ filingId: x.id, employeeId: x.employeeId, employeeName: x.employeeName, kind: x.kind, cityCode: x.cityCode, month: x.month, dueDate: x.dueDate, daysLeft: x.daysLeft ?? 0 })),
    };
    const policy = home.workCities.map((city) => policyGaps(library, city, month)).filter((x) => x !== null);
    const overdue = tasks.filter((x) => x.daysLeft !== null && x.daysLeft < 0).length;
    const dueSoon = tasks.filter((x) => x.daysLeft !== null && x.daysLeft >= 0 && x.daysLeft <= DUE_SOON_DAYS).length;
    const nearest = tasks.slice(0, 5).map((x) => ({
      taskId: x.id, employeeId: x.employeeId, employeeName: x.employeeName, kind: x.kind, status: x.status, cityCode: x.cityCode, month: x.month, deadlineDate: x.deadlineDate, daysLeft: x.daysLeft,
      gateway: x.gateway, approved: x.approvedBy !== null, filedByHand: x.filedByHand ? { receiptNo: x.filedByHand.receiptNo, filedOn: x.filedByHand.filedOn } : null,
    }));
    return c.json({ filings: { open: tasks.length, overdue, dueSoon, nearest }, stops: { thisMonth: stopsThisMonth }, fund: fundView, policy, risks: { open: risks.total }, inbox: { unread: inbox.unread } }, 200);
  });

  app.use('/grants', requireRole('tenant_admin'));
  app.use('/grants/*', requireRole('tenant_admin'));
  app.openapi(listGrants, async (c) => {
    const rows = await deps.auth.tenantGrants(c.get('tenantId'));
    return c.json({ items: rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })), nextCursor: null }, 200);
  });
  app.openapi(createGrant, async (c) => {
    const user = c.get('user')!;
    const result = await deps.auth.grantConsultant({ tenantId: c.get('tenantId'), consultantEmail: c.req.valid('json').consultantEmail, grantedBy: { id: user.id, label: user.email } });
    if (!result.ok) {
      throw new ApiError(400, 'validation_failed', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { consultantEmail: { 'zh-CN': '该邮箱不是实施顾问', en: 'No consultant has this email' } });
    }
    return c.json({ id: result.grantId, created: result.created }, 201);
  });
  app.openapi(revokeGrant, async (c) => {
    const user = c.get('user')!;
    if (!(await deps.auth.revokeGrant({ tenantId: c.get('tenantId'), grantId: c.req.valid('param').id, revokedBy: { id: user.id, label: user.email } }))) throw ApiError.of(404, 'not_found');
    return c.body(null, 204);
  });
  return app;
}
