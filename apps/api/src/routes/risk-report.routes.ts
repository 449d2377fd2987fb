import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { listRiskReportRows, PDF_MEDIA_TYPE, renderRiskReportPdf, renderRiskReportXlsx, XLSX_MEDIA_TYPE, type RiskReportDocument, type RiskReportRow } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';

// The 社保断缴风险报告 on demand (issue #15, item 2): the open and acknowledged findings of the
// tenant, or of one employing entity, city or branch, with money at stake and days open, as a PDF
// (Chinese fonts embedded) or an Excel workbook. The same rows go into both.

type Env = { Variables: TenantVariables };
type Lang = 'zh-CN' | 'en';

const ReportQuery = z
  .object({
    entityId: z.string().uuid('an employing entity id').optional(),
    city: z.string().regex(/^\d{6}$/, 'a 6-digit city code').optional(),
    branch: z.string().trim().min(1).max(100).optional().openapi({ description: 'branch name (retail-branches plugin)' }),
    lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: 'language of the report (default zh-CN)' }),
  })
  .strict();

const binary = (media: string, what: string) => ({ description: what, content: { [media]: { schema: z.string().openapi({ format: 'binary' }) } } });
const readers = requireRole('tenant_admin', 'hr', 'consultant');

const pdf = createRoute({
  method: 'get', path: '/risk/report.pdf', tags: ['risk'], summary: 'The 社保断缴风险报告 as a PDF (whole tenant, or filtered by entity, city or branch)',
  middleware: [readers] as const, request: { query: ReportQuery },
  responses: { 200: binary(PDF_MEDIA_TYPE, 'The report'), 400: errors[400], 403: errors[403] },
});
const xlsx = createRoute({
  method: 'get', path: '/risk/report.xlsx', tags: ['risk'], summary: 'The 社保断缴风险报告 as an Excel workbook (same rows as the PDF)',
  middleware: [readers] as const, request: { query: ReportQuery },
  responses: { 200: binary(XLSX_MEDIA_TYPE, 'The report'), 400: errors[400], 403: errors[403] },
});

const TITLE: Record<Lang, string> = { 'zh-CN': '社保断缴风险报告', en: 'Social insurance coverage risk report' };
const NO_ACTION: Record<Lang, string> = { 'zh-CN': '核实后处理', en: 'Check and act' };

function lineOf(row: RiskReportRow, lang: Lang, cityNames: Map<string, string>) {
  return {
    employeeName: row.employeeName,
    idNumberMasked: row.idNumberMasked,
    city: cityNames.get(row.city) ?? row.city,
    entity: row.entityName,
    branch: row.branch ?? '',
    ruleTitle: row.ruleTitle[lang],
    since: row.since,
    daysOpen: row.daysOpen,
    moneyAtStakeFen: row.atStakeFen,
    suggestedAction: row.suggestedAction?.[lang] ?? NO_ACTION[lang],
  };
}

/** GET /api/t/{tenant}/risk/report.pdf and .xlsx */
export function riskReportRoutes(deps: Pick<AppDeps, 'db' | 'clock' | 'plugins'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });

  async function documentOf(tenant: TenantVariables['tenant'], query: z.infer<typeof ReportQuery>, lang: Lang): Promise<RiskReportDocument> {
    const today = deps.clock.today();
    const { cities, entityName } = await withTenant(deps.db, tenant.tenantId, async (trx) => ({
      cities: await trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenant.tenantId).execute(),
      entityName: query.entityId
        ? (await trx.selectFrom('entities').select('name').where('tenant_id', '=', tenant.tenantId).where(sql<boolean>`id = ${query.entityId}::uuid`).executeTakeFirst())?.name
        : undefined,
    }));
    if (query.entityId && entityName === undefined) {
      throw new ApiError(400, 'validation_failed', { 'zh-CN': '部分字段有误', en: 'Some fields are invalid' }, { entityId: { 'zh-CN': '本公司没有这个用人单位', en: 'No employing entity of this company has this id' } });
    }
    const cityNames = new Map(cities.map((c) => [c.city_code, c.city_name]));
    const rows = await listRiskReportRows(deps.db, tenant.tenantId, { entityId: query.entityId, city: query.city, branch: query.branch, asOf: today }, { extensions: deps.plugins?.extensions ?? null });
    const scope: RiskReportDocument['scope'] = query.branch
      ? { kind: 'branch', name: query.branch }
      : query.city
        ? { kind: 'city', name: cityNames.get(query.city) ?? query.city }
        : entityName !== undefined
          ? { kind: 'entity', name: entityName }
          : { kind: 'tenant' };
    return { title: TITLE[lang], tenantName: tenant.name, scope, generatedAt: new Date(), lines: rows.map((r) => lineOf(r, lang, cityNames)) };
  }

  const disposition = (today: string, ext: string) => `attachment; filename="risk-report-${today}.${ext}"`;

  app.openapi(pdf, async (c) => {
    const query = c.req.valid('query');
    const lang = query.lang ?? 'zh-CN';
    const bytes = await renderRiskReportPdf(await documentOf(c.get('tenant'), query, lang), lang);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': PDF_MEDIA_TYPE, 'content-disposition': disposition(deps.clock.today(), 'pdf'), 'cache-control': 'no-store' }) as never;
  });

  app.openapi(xlsx, async (c) => {
    const query = c.req.valid('query');
    const lang = query.lang ?? 'zh-CN';
    const bytes = await renderRiskReportXlsx(await documentOf(c.get('tenant'), query, lang), lang);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': disposition(deps.clock.today(), 'xlsx'), 'cache-control': 'no-store' }) as never;
  });

  return app;
}
