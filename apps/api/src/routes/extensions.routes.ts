import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRiskService } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';
import { LocalizedSchema } from './localized.schema';

// What the enabled plugins add to core's pages, through the extension points: sections of the
// employee form (employeeForm), downloadable reports (reports) and the risk scan (riskRules). A
// plugin that fails in a hook is left out of the answer (its admin is told); the page still works.

type Env = { Variables: TenantVariables };

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const FormSectionSchema = z
  .object({
    pluginId: z.string(),
    key: z.string(),
    title: LocalizedSchema,
    savePath: z.string().optional().openapi({ description: 'PUT `{values}` to /api/t/{tenant}/plugins/{pluginId}/{savePath with {employeeId} filled in}' }),
    fields: z.array(
      z.object({
        key: z.string(),
        label: LocalizedSchema,
        type: z.enum(['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no']),
        value: FieldValue.optional(),
        options: z.array(z.object({ value: z.string(), label: LocalizedSchema })).optional(),
        editable: z.boolean().optional(),
      }),
    ),
  })
  .openapi('PluginFormSection');

const ReportSchema = z
  .object({
    pluginId: z.string(),
    id: z.string(),
    title: LocalizedSchema,
    format: z.enum(['xlsx', 'csv', 'json']),
    path: z.string(),
    params: z.array(z.string()).optional(),
    href: z.string().openapi({ description: 'Download address relative to /api/t/{tenant}/ (a `month` parameter filled with this month)' }),
  })
  .openapi('PluginReport');

const FindingSchema = z
  .object({
    ruleId: z.string(),
    source: z.string().openapi({ description: '`plugin:<id>` for a plugin\'s rule' }),
    employeeId: z.string().nullable(),
    severity: z.enum(['info', 'warning', 'critical']),
    message: LocalizedSchema,
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('RiskFinding');

const formSections = createRoute({
  method: 'get', path: '/employee-form/sections', tags: ['people'],
  summary: "The enabled plugins' sections of the hire form (no employeeId) or of an employee's page",
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  request: { query: z.object({ employeeId: z.string().uuid('an employee id').optional() }) },
  responses: { 200: { description: 'Sections, in plugin order', content: { 'application/json': { schema: z.object({ items: z.array(FormSectionSchema) }) } } }, 400: errors[400], 403: errors[403] },
});

const reports = createRoute({
  method: 'get', path: '/reports', tags: ['reports'],
  summary: "Every enabled plugin's reports (its manifest's and its reports hook's), with download addresses",
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  request: { query: z.object({ locale: z.enum(['zh-CN', 'en']).optional() }) },
  responses: { 200: { description: 'Reports', content: { 'application/json': { schema: z.object({ items: z.array(ReportSchema) }) } } }, 400: errors[400], 403: errors[403] },
});

const riskScan = createRoute({
  method: 'post', path: '/risk-scan', tags: ['risk'],
  summary: "Run the tenant's risk scan now (tenant admin, HR): the findings of the enabled plugins' risk rules",
  middleware: [requireRole('tenant_admin', 'hr')] as const,
  responses: {
    200: { description: 'Findings, critical first', content: { 'application/json': { schema: z.object({ today: z.string(), findings: z.array(FindingSchema) }) } } },
    403: errors[403],
  },
});

const tenantIdOf = (c: Context<Env>) => c.get('tenant').tenantId;

/** Routes under /api/t/{tenant}/: plugin form sections, reports, the risk scan. */
export function extensionRoutes(deps: Pick<AppDeps, 'plugins' | 'clock'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const risk = deps.plugins ? createRiskService({ extensions: deps.plugins.extensions }) : null;

  app.openapi(formSections, async (c) => {
    const { employeeId } = c.req.valid('query');
    const items = deps.plugins ? await deps.plugins.extensions.employeeForm(tenantIdOf(c), { employeeId: employeeId ?? null }) : [];
    return c.json({ items }, 200);
  });

  app.openapi(reports, async (c) => {
    const month = deps.clock.today().slice(0, 7);
    const found = deps.plugins ? await deps.plugins.extensions.reports(tenantIdOf(c), { locale: c.req.valid('query').locale }) : [];
    // A report that takes a month and has none in its path downloads this month's.
    const items = found.map((r) => ({ ...r, href: r.params?.includes('month') && !r.href.includes('month=') ? `${r.href}${r.href.includes('?') ? '&' : '?'}month=${month}` : r.href }));
    return c.json({ items }, 200);
  });

  app.openapi(riskScan, async (c) => {
    const today = deps.clock.today();
    const result = risk ? await risk.runRiskScan(tenantIdOf(c), today) : { today, findings: [] };
    return c.json({ today, findings: result.findings }, 200);
  });

  return app;
}
