import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { BusinessClock, Database } from '@lianxu/db';
import {
  CSV_MEDIA_TYPE, DEDUCTION_COLUMNS, listAccounts, listHousingFundRates, mapAccounts, setHousingFundRate, monthDeductions, monthVouchers, renderDeductionsCsv, renderDeductionsXlsx, renderVouchersXlsx,
  VOUCHER_ACCOUNTS, VOUCHER_LAYOUTS, XLSX_MEDIA_TYPE, type MonthExportQuery,
} from '@lianxu/core';
import { INSURANCES } from '@lianxu/policy';
import { text } from '@lianxu/plugin-sdk';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { ErrorSchema, errors } from './people.schemas';
import { LocalizedSchema } from './localized.schema';

// Payroll and finance out (issue #18, item 3), under /api/t/{tenant}/: the month's employee
// deductions (what payroll withholds) and employer cost per employee and insurance as JSON, CSV and
// Excel; the month's finance vouchers as JSON and Excel in a bookkeeping program's import layout;
// the tenant's mapping of voucher accounts to its chart. Reads are open to API keys with the
// contributions:read scope; the mapping is changed by people only.

type Env = { Variables: TenantVariables };

const KEY_NOTE = 'Reachable with a session (tenant admin, HR) or a tenant API key with the `contributions:read` scope (`Authorization: Bearer lxk_…`).';
const MonthQuery = z
  .object({
    entityId: z.string().uuid('an employing entity id').openapi({ description: 'the employing entity', example: '7f0c2c0e-2b7e-4a53-9a43-2f5d0a3c1e10' }),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').openapi({ description: 'contribution month', example: '2026-03' }),
    city: z.string().regex(/^\d{6}$/, 'a 6-digit city code').optional().openapi({ description: 'only this city (default: every city with someone covered)', example: '310100' }),
    housingFundRate: z.string().max(32).optional().openapi({ description: 'the entity’s housing-fund rate, both sides; default the rate stored for the entity (PUT payroll/housing-fund-rates/{entityId}); with neither there is no housing-fund line', example: '0.07' }),
    injuryRate: z.string().max(32).optional().openapi({ description: 'the entity’s work-injury rate; default each city’s lowest', example: '0.004' }),
  })
  .strict();
const VoucherQuery = MonthQuery.extend({ layout: z.enum(VOUCHER_LAYOUTS).optional().openapi({ description: 'column layout of the workbook: generic (default), kingdee (金蝶), yonyou (用友)' }) }).strict();

const Insurance = z.enum(INSURANCES);
const Fen = z.number().int().openapi({ description: 'amount in fen' });
const Entity = z.object({ id: z.string(), name: z.string(), creditCode: z.string() });

const DeductionsSchema = z.object({
  entity: Entity,
  month: z.string(),
  housingFundRate: z.string().nullable().optional().openapi({ description: 'the rate used: the query’s, else the entity’s stored rate; null: no housing-fund line' }),
  cities: z.array(z.string()),
  employees: z.array(z.object({
    employeeId: z.string(), name: z.string(), idNumberMasked: z.string(), cityCode: z.string(),
    lines: z.array(z.object({ insurance: Insurance, cityCode: z.string(), baseFen: Fen, employeeFen: Fen, employerFen: Fen, policyId: z.string(), provisional: z.boolean() })),
    employeeTotalFen: Fen, employerTotalFen: Fen,
  })),
  unpriced: z.array(z.object({ employeeId: z.string(), name: z.string(), cityCode: z.string(), insurances: z.union([z.array(Insurance), z.literal('all')]), reason: LocalizedSchema })),
  totals: z.object({ employees: z.number().int(), employeeFen: Fen, employerFen: Fen }),
}).openapi('PayrollDeductions');

const VouchersSchema = z.object({
  entity: Entity,
  month: z.string(),
  cities: z.array(z.string()),
  vouchers: z.array(z.object({
    number: z.number().int(), kind: z.enum(['accrual', 'withholding', 'payment_social_insurance', 'payment_housing_fund']), date: z.string(), word: z.string(),
    lines: z.array(z.object({
      summary: z.string(), account: z.enum(VOUCHER_ACCOUNTS), accountCode: z.string(), accountName: z.string(), insurance: Insurance.nullable(), cityCode: z.string().nullable(), debitFen: Fen, creditFen: Fen,
    })),
    debitFen: Fen, creditFen: Fen,
  })),
  totals: z.object({ employerFen: Fen, employeeFen: Fen, debitFen: Fen, creditFen: Fen }),
}).openapi('FinanceVouchers');

const AccountSchema = z.object({ account: z.enum(VOUCHER_ACCOUNTS), code: z.string(), name: z.string(), mapped: z.boolean() }).openapi('FinanceAccount');
const AccountsBody = z.object({
  accounts: z.array(z.object({ account: z.enum(VOUCHER_ACCOUNTS), code: z.string().max(40), name: text({ max: 100 }) }).strict()).max(VOUCHER_ACCOUNTS.length).default([]),
  reset: z.array(z.enum(VOUCHER_ACCOUNTS)).max(VOUCHER_ACCOUNTS.length).optional(),
}).strict().openapi('FinanceAccountsUpdate');

const HousingFundRate = z.object({ entityId: z.string(), entityName: z.string(), rate: z.string().nullable() }).openapi('EntityHousingFundRate');
const HousingFundRateBody = z.object({
  rate: z.string().max(32).nullable().openapi({ description: 'both sides, e.g. 0.07 (must be allowed in every city where the entity is registered); null clears it', example: '0.07' }),
}).strict().openapi('EntityHousingFundRateUpdate');

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const file = (media: string, description: string) => ({ description, content: { [media]: { schema: z.string().openapi({ format: 'binary' }) } } });
const unpriceable = { description: 'An employee of the month cannot be priced (no wage, no policy figures): no voucher is made', content: { 'application/json': { schema: ErrorSchema } } };
const hr = requireRole('tenant_admin', 'hr');
const csvColumns = DEDUCTION_COLUMNS.map((c) => `\`${c.key}\``).join(', ');

const routes = {
  deductions: createRoute({
    method: 'get', path: '/payroll/deductions', tags: ['payroll'], middleware: hr, summary: 'The month’s employee deductions and employer cost per employee and insurance',
    description: `What payroll withholds (the employee share) and what the employer pays, per employee and insurance, by the policy engine's rules for the employee's wage and city; employees the policy cannot price are listed apart, never guessed. ${KEY_NOTE}`,
    request: { query: MonthQuery }, responses: { 200: json(DeductionsSchema, 'The month'), 400: errors[400], 403: errors[403], 404: errors[404] },
  }),
  deductionsCsv: createRoute({
    method: 'get', path: '/payroll/deductions.csv', tags: ['payroll'], middleware: hr, summary: 'The month’s deductions as CSV (payroll import)',
    description: `UTF-8 with a byte-order mark, one row per employee and city, amounts in yuan with two decimals. Columns, never renamed or reordered: ${csvColumns}. ${KEY_NOTE}`,
    request: { query: MonthQuery }, responses: { 200: file(CSV_MEDIA_TYPE, 'The deductions'), 400: errors[400], 403: errors[403], 404: errors[404] },
  }),
  deductionsXlsx: createRoute({
    method: 'get', path: '/payroll/deductions.xlsx', tags: ['payroll'], middleware: hr, summary: 'The month’s deductions as an Excel workbook',
    description: `The CSV's columns headed "中文 key", amounts in yuan; a second sheet lists the employees the policy could not price. ${KEY_NOTE}`,
    request: { query: MonthQuery }, responses: { 200: file(XLSX_MEDIA_TYPE, 'The deductions'), 400: errors[400], 403: errors[403], 404: errors[404] },
  }),
  vouchers: createRoute({
    method: 'get', path: '/finance/vouchers', tags: ['finance'], middleware: hr, summary: 'The month’s finance vouchers (accrual, withholding, payments)',
    description: `Double entry in fen, each voucher balanced: the accrual of the employer's contributions, the employee share withheld through payroll, and the payment to each city's bureau and housing-fund centre, in the tenant's chart of accounts (PUT /finance/accounts). ${KEY_NOTE}`,
    request: { query: MonthQuery }, responses: { 200: json(VouchersSchema, 'The vouchers'), 400: errors[400], 403: errors[403], 404: errors[404], 422: unpriceable },
  }),
  vouchersXlsx: createRoute({
    method: 'get', path: '/finance/vouchers.xlsx', tags: ['finance'], middleware: hr, summary: 'The month’s vouchers as an Excel workbook in a bookkeeping program’s import layout',
    description: `One row per voucher line, amounts in yuan. ${KEY_NOTE}`,
    request: { query: VoucherQuery }, responses: { 200: file(XLSX_MEDIA_TYPE, 'The vouchers'), 400: errors[400], 403: errors[403], 404: errors[404], 422: unpriceable },
  }),
  housingFundRates: createRoute({
    method: 'get', path: '/payroll/housing-fund-rates', tags: ['payroll'], middleware: hr, summary: 'Each employing entity’s housing-fund rate, used by the exports when the query gives none',
    description: KEY_NOTE, responses: { 200: json(z.object({ items: z.array(HousingFundRate) }), 'The entities and their rates'), 403: errors[403], 404: errors[404] },
  }),
  setHousingFundRate: createRoute({
    method: 'put', path: '/payroll/housing-fund-rates/{entityId}', tags: ['payroll'], middleware: requireRole('tenant_admin', 'hr'), summary: 'Store an employing entity’s housing-fund rate once (null clears it)',
    request: { params: z.object({ entityId: z.string().max(64) }), body: { required: true, content: { 'application/json': { schema: HousingFundRateBody } } } },
    responses: { 200: json(HousingFundRate, 'The entity and its rate'), 400: errors[400], 403: errors[403], 404: errors[404] },
  }),
  accounts: createRoute({
    method: 'get', path: '/finance/accounts', tags: ['finance'], middleware: hr, summary: 'The voucher accounts in the tenant’s chart (defaults where not mapped)',
    description: KEY_NOTE, responses: { 200: json(z.object({ items: z.array(AccountSchema) }), 'The accounts'), 403: errors[403], 404: errors[404] },
  }),
  mapAccounts: createRoute({
    method: 'put', path: '/finance/accounts', tags: ['finance'], middleware: requireRole('tenant_admin', 'hr'), summary: 'Map voucher accounts to the tenant’s chart of accounts (once; roles not given keep their mapping)',
    request: { body: { required: true, content: { 'application/json': { schema: AccountsBody } } } },
    responses: { 200: json(z.object({ items: z.array(AccountSchema) }), 'The accounts'), 400: errors[400], 403: errors[403], 404: errors[404] },
  }),
};

const queryOf = (tenantId: string, q: z.infer<typeof MonthQuery>): MonthExportQuery => ({
  tenantId, entityId: q.entityId, month: q.month,
  ...(q.city === undefined ? {} : { cityCode: q.city }),
  ...(q.housingFundRate === undefined ? {} : { housingFundRate: q.housingFundRate }),
  ...(q.injuryRate === undefined ? {} : { injuryRate: q.injuryRate }),
});
const download = (name: string, media: string) => ({ 'content-type': media, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });

/** Routes under /api/t/{tenant}/. */
export function payrollExportRoutes(deps: { db: Kysely<Database>; clock?: BusinessClock }) {
  const { db } = deps;
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(routes.deductions, async (c) => c.json(await monthDeductions(db, queryOf(c.get('tenantId'), c.req.valid('query'))), 200));
  app.openapi(routes.deductionsCsv, async (c) => {
    const q = c.req.valid('query');
    const body = renderDeductionsCsv(await monthDeductions(db, queryOf(c.get('tenantId'), q)));
    return c.body(body, 200, download(`payroll-deductions-${q.month}.csv`, CSV_MEDIA_TYPE)) as never;
  });
  app.openapi(routes.deductionsXlsx, async (c) => {
    const q = c.req.valid('query');
    const bytes = await renderDeductionsXlsx(await monthDeductions(db, queryOf(c.get('tenantId'), q)));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, download(`payroll-deductions-${q.month}.xlsx`, XLSX_MEDIA_TYPE)) as never;
  });
  app.openapi(routes.vouchers, async (c) => c.json(await monthVouchers(db, queryOf(c.get('tenantId'), c.req.valid('query'))), 200));
  app.openapi(routes.vouchersXlsx, async (c) => {
    const { layout = 'generic', ...q } = c.req.valid('query');
    const bytes = await renderVouchersXlsx(await monthVouchers(db, queryOf(c.get('tenantId'), q)), layout);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, download(`vouchers-${q.month}-${layout}.xlsx`, XLSX_MEDIA_TYPE)) as never;
  });
  app.openapi(routes.housingFundRates, async (c) => c.json({ items: await listHousingFundRates(db, c.get('tenantId')) }, 200));
  app.openapi(routes.setHousingFundRate, async (c) => {
    const month = (deps.clock?.today() ?? new Date().toISOString().slice(0, 10)).slice(0, 7);
    const saved = await setHousingFundRate(db, { id: c.get('tenantId') }, { id: c.get('user')!.id }, { entityId: c.req.param('entityId'), rate: c.req.valid('json').rate, month });
    return c.json(saved, 200);
  });
  app.openapi(routes.accounts, async (c) => c.json({ items: await listAccounts(db, c.get('tenantId')) }, 200));
  app.openapi(routes.mapAccounts, async (c) => {
    const body = c.req.valid('json');
    const items = await mapAccounts(db, { id: c.get('tenantId') }, { id: c.get('user')!.id }, { accounts: body.accounts, ...(body.reset ? { reset: body.reset } : {}) });
    return c.json({ items }, 200);
  });
  return app;
}
