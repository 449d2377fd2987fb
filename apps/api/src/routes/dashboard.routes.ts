import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { addMonths, contributionCostByCity, createCloseService, employeeContributions, listFindings } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { LocalizedSchema } from './localized.schema';

// HR's dashboard after signing in (issue #15, item 6): the contribution cost per month by city
// (priced by the policy engine from coverage and wages), this month's close per entity and city,
// and the open risks with the money at stake; and one employee's monthly contribution lines.

type Env = { Variables: TenantVariables };
const readers = () => requireRole('tenant_admin', 'hr', 'consultant');
const Fen = z.number().int().openapi({ description: 'integer fen' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').openapi({ example: '2026-03' });
/** Months of cost on the dashboard, the current one included. */
const COST_MONTHS = 12;

const CityMonthCost = z.object({ month: z.string(), headcount: z.number().int(), employerFen: Fen, employeeFen: Fen, unpricedHeadcount: z.number().int().openapi({ description: 'covered employees the policy library could not (fully) price; their missing lines are not in the sums' }) });
const dashboard = createRoute({
  method: 'get', path: '/dashboard', tags: ['tenancy'], summary: "HR's dashboard: contribution cost per month by city, this month's close per city, open risks with money at stake",
  middleware: [readers()] as const,
  responses: {
    200: {
      description: 'The dashboard',
      content: { 'application/json': { schema: z.object({
        currentMonth: z.string(),
        cost: z.object({
          months: z.array(z.string()).openapi({ description: `the last ${COST_MONTHS} months, oldest first` }),
          cities: z.array(z.object({ cityCode: z.string(), cityName: z.string(), months: z.array(CityMonthCost) })),
        }),
        close: z.array(z.object({
          entityId: z.string(), entityName: z.string(), cityCode: z.string(), cityName: z.string(), month: z.string(),
          state: z.enum(['not_started', 'open', 'matched', 'locked']).openapi({ description: 'not_started: no close yet; matched: matched, awaiting sign-off' }),
          billReceived: z.boolean(), deductionsReceived: z.boolean(), openDifferences: z.number().int(),
        })),
        risks: z.object({
          open: z.number().int(), atStakeFen: Fen,
          top: z.array(z.object({ id: z.string(), employeeId: z.string(), employeeName: z.string(), ruleTitle: LocalizedSchema, severity: z.enum(['info', 'warning', 'critical']), since: z.string(), atStakeFen: Fen })).openapi({ description: 'up to 5, the most money at stake first' }),
        }),
      }).openapi('Dashboard') } },
    },
    403: { description: 'The employee role has its own page' },
  },
});

const contributions = createRoute({
  method: 'get', path: '/employees/{id}/contributions', tags: ['people'], summary: "One employee's contribution lines per month and insurance (base, employer, employee), priced by the policy engine",
  middleware: [readers()] as const,
  request: {
    params: z.object({ id: z.string().uuid() }),
    query: z.object({
      from: Month.optional().openapi({ description: 'first month; default 23 months before `to`' }),
      to: Month.optional().openapi({ description: 'last month; default the current month' }),
    }),
  },
  responses: {
    200: {
      description: 'Lines, newest month first',
      content: { 'application/json': { schema: z.object({
        from: z.string(), to: z.string(),
        lines: z.array(z.object({ month: z.string(), cityCode: z.string(), insurance: z.string(), baseFen: Fen, employerFen: Fen, employeeFen: Fen, provisional: z.boolean() })),
        unpriced: z.array(z.object({ month: z.string(), cityCode: z.string(), reason: LocalizedSchema })),
        totals: z.object({ employerFen: Fen, employeeFen: Fen }),
      }).openapi('EmployeeContributions') } },
    },
    400: { description: 'A month is malformed, or `from` is after `to` or more than 10 years before it' },
    404: { description: 'No such employee in this tenant' },
  },
});

export function dashboardRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const close = deps.close ?? createCloseService({ db: deps.db });

  app.openapi(dashboard, async (c) => {
    const t = c.get('tenant');
    const tenant = { id: t.tenantId, slug: t.slug };
    const currentMonth = deps.clock.today().slice(0, 7);
    const months = Array.from({ length: COST_MONTHS }, (_, i) => addMonths(currentMonth, i - (COST_MONTHS - 1)));
    const [cities, entities, costs, closes, risks] = await Promise.all([
      deps.tenancy.listCities(t.tenantId),
      deps.people.listEntities(tenant),
      contributionCostByCity(deps.db, t.tenantId, months),
      close.months(tenant, { month: currentMonth }),
      listFindings(deps.db, t.tenantId, { state: 'open', kind: 'risks', limit: 5 }),
    ]);
    const cityName = (code: string) => cities.find((x) => x.code === code)?.name ?? code;
    const costCities = [...new Set([...cities.map((x) => x.code), ...costs.map((x) => x.cityCode)])]
      .filter((code) => costs.some((x) => x.cityCode === code) || cities.some((x) => x.code === code))
      .map((code) => ({
        cityCode: code, cityName: cityName(code),
        months: months.map((month) => {
          const found = costs.find((x) => x.cityCode === code && x.month === month);
          return { month, headcount: found?.headcount ?? 0, employerFen: found?.employerFen ?? 0, employeeFen: found?.employeeFen ?? 0, unpricedHeadcount: found?.unpricedHeadcount ?? 0 };
        }),
      }));
    // One row per entity and city it is registered in for social insurance.
    const closeRows = entities.flatMap((e) => [...new Set(e.registrations.filter((r) => r.agency === 'social_insurance').map((r) => r.cityCode))].map((cityCode) => {
      const m = closes.find((x) => x.entityId === e.id && x.cityCode === cityCode);
      const state = !m ? ('not_started' as const) : m.state === 'locked' ? ('locked' as const) : m.matchedAt ? ('matched' as const) : ('open' as const);
      return { entityId: e.id, entityName: e.name, cityCode, cityName: cityName(cityCode), month: currentMonth, state, billReceived: m?.hasBill ?? false, deductionsReceived: (m?.deductions ?? 0) > 0, openDifferences: m?.openDifferences ?? 0 };
    }));
    return c.json({
      currentMonth,
      cost: { months, cities: costCities },
      close: closeRows,
      risks: {
        open: risks.total, atStakeFen: risks.totalAtStakeFen,
        top: risks.items.map((f) => ({ id: f.id, employeeId: f.employeeId, employeeName: f.employeeName, ruleTitle: f.ruleTitle, severity: f.severity, since: f.since, atStakeFen: f.money.atStakeFen })),
      },
    }, 200);
  });

  app.openapi(contributions, async (c) => {
    const t = c.get('tenant');
    const q = c.req.valid('query');
    const to = q.to ?? deps.clock.today().slice(0, 7);
    const from = q.from ?? addMonths(to, -23);
    if (from > to || from < addMonths(to, -119)) {
      throw new ApiError(400, 'validation_failed', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { from: { 'zh-CN': '起始月份须不晚于结束月份，且相隔不超过 10 年', en: 'The first month must not be after the last, nor more than 10 years before it' } });
    }
    const result = await employeeContributions(deps.db, t.tenantId, c.req.valid('param').id, { from, to });
    if (!result) throw new ApiError(404, 'not_found', { 'zh-CN': '没有这名员工', en: 'No such employee' });
    return c.json(result, 200);
  });
  return app;
}
