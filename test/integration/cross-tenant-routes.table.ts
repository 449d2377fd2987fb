// Tables of cross-tenant-routes.test.ts (moved here to keep that file under 500 lines): the
// operations that hold no tenant data, classified on purpose, and the parameters they need.

/**
 * Operations outside /api/t/{tenant}/ and with no id of tenant data: what they are, so a new one is
 * classified on purpose. A's admin calls each (sign-outs with a client of their own); the answer
 * must not be a 5xx nor carry anything of B.
 */
export const NOT_TENANT_SCOPED: Record<string, string> = {
  'GET /api/health': 'service health',
  'POST /api/auth/sign-in': 'credentials of a user',
  'POST /api/auth/two-factor': 'second factor of the signing-in user',
  'POST /api/auth/sign-out': 'own session',
  'POST /api/auth/sign-out-everywhere': 'own sessions',
  'GET /api/auth/sessions': 'own sessions',
  'POST /api/auth/two-factor/setup': 'own second factor',
  'POST /api/auth/two-factor/confirm': 'own second factor',
  'GET /api/me': 'own user and memberships',
  'GET /api/invitations/{token}': 'an unguessable invitation token, not an id',
  'POST /api/invitations/accept': 'an unguessable invitation token, not an id',
  'GET /api/tenants': 'the tenants the user may enter',
  'POST /api/tenant-files/validate': 'checks a file, stores nothing',
  'GET /api/console/tenants': 'platform console (platform roles only)',
  'GET /api/policies': 'public policy library',
  'GET /api/policies/{city}/{year}': 'public policy library',
  'GET /api/policy-records/{id}': 'public policy records',
  'GET /api/policy-records/{id}/raw': 'public policy records',
  'POST /api/policies/{city}/{year}/revisions': 'policy library (platform roles only)',
  'POST /api/contributions/quote': 'calculator, stores nothing',
  'GET /api/docs': 'API reference page',
  'GET /api/docs/assets/init.js': 'API reference page',
  'GET /api/docs/assets/{file}': 'API reference page',
  'GET /api/openapi.json': 'API description',
  'GET /api/intake/{slug}/{token}': 'a candidate\'s unguessable intake link, not an id',
  'POST /api/intake/{slug}/{token}': 'a candidate\'s unguessable intake link, not an id',
  'POST /api/statements/verify': 'checks a statement\'s signature, stores nothing',
};
export const NOT_TENANT_PARAMS: Record<string, Record<string, string>> = {
  'GET /api/invitations/{token}': { token: 'not-a-token' },
  'GET /api/policies/{city}/{year}': { city: '310100', year: '2026' },
  'GET /api/policy-records/{id}': { id: '00000000-0000-4000-8000-000000000000' },
  'GET /api/policy-records/{id}/raw': { id: '00000000-0000-4000-8000-000000000000' },
  'POST /api/policies/{city}/{year}/revisions': { city: '310100', year: '2026' },
  'GET /api/docs/assets/{file}': { file: 'x.js' },
  'GET /api/intake/{slug}/{token}': { slug: 'nobody', token: '00000000-0000-4000-8000-000000000000' },
  'POST /api/intake/{slug}/{token}': { slug: 'nobody', token: '00000000-0000-4000-8000-000000000000' },
};

// Rows of the cross-tenant route test's body table (cross-tenant-routes.test.ts), kept here so
// that file stays under the line limit: valid bodies of the employee change routes.

/** `METHOD path` → a valid body of the employee change routes (termination, transfer, wage) and their previews. */
export function employeeChangeBodies(today: string): Record<string, unknown> {
  return {
    'POST /api/t/{tenant}/employees/{id}/termination': { lastWorkingDay: today, reason: '个人原因' },
    'POST /api/t/{tenant}/employees/{id}/termination/preview': { lastWorkingDay: today, reason: '个人原因' },
    'POST /api/t/{tenant}/employees/{id}/transfer': { workCity: '440300', effectiveDate: today },
    'POST /api/t/{tenant}/employees/{id}/transfer/preview': { workCity: '440300', effectiveDate: today },
    'POST /api/t/{tenant}/employees/{id}/wage': { monthlyWage: '12000.00', effectiveFrom: today },
  };
}

// Rows of the cross-tenant walk (cross-tenant-routes.test.ts) kept here so the walk stays under
// 500 lines: valid request bodies of the monthly close's operations, referring to `of`'s data.

interface CloseRefs {
  entity: string;
  employees: string[];
}

/** JSON bodies of the close's write operations. */
export function closeBodies(of: CloseRefs): Record<string, unknown> {
  return {
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/bill': { lines: [{ employeeId: of.employees[0]!, personName: '甲', insurance: 'pension', periodFrom: '2024-09', periodTo: '2024-09', baseFen: 1, employerFen: 1, employeeFen: 1, collectionType: '正常应缴' }] },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/deductions': { rows: [{ employeeId: of.employees[0]!, insurance: 'pension', employeeFen: 1 }] },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/differences/{differenceId}/resolve': { action: 'accept', reason: 'x' },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/unlock': { reason: 'x' },
    'POST /api/t/{tenant}/close-adjustments': { entityId: of.entity, cityCode: '110100', originalMonth: '2024-09', targetMonth: '2024-10', employeeId: of.employees[0]!, insurance: 'pension', employerFen: 1, employeeFen: 0, reason: 'x' },
    'PUT /api/t/{tenant}/close-mappings/{kind}': { mapping: { employeeId: '员工ID', pension: '代扣养老' } },
  };
}

/** File bodies of the close's imports (payroll's export, the city's bill). */
export function closeRawBodies(of: CloseRefs): Record<string, { type: string; data: string }> {
  return {
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/deductions/import': { type: 'text/csv', data: `员工ID,代扣养老\n${of.employees[0]},1.00\n` },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/bill/import': { type: 'text/csv', data: '证件号码,姓名,险种,费款所属期起,缴费基数,单位缴费,个人缴费\n110101199001011234,甲,养老,202409,1.00,1.00,1.00\n' },
  };
}
/** Bodies valid in any tenant for the dual-run routes (so only the foreign run can be what is refused). */
export const DUAL_RUN_BODIES: Record<string, unknown> = {
  'POST /api/t/{tenant}/migrations/{id}/dual-run': { source: { url: 'postgres://reader@127.0.0.1:1/legacy', sslmode: 'prefer' }, startDay: '2024-10-08' },
  'PATCH /api/t/{tenant}/migrations/{id}/dual-run/differences/{differenceId}': { explained: true },
  'POST /api/t/{tenant}/migrations/{id}/dual-run/mode': { mode: 'live', signOff: true },
};
/** A valid mapping and corrections file for a migration run's sandbox routes (only the foreign run is refused). */
export const MIGRATION_SANDBOX_BODIES: Record<string, unknown> = {
  'PUT /api/t/{tenant}/migrations/{id}/mapping': { mapping: { roster: { name: '姓名', idNumber: '证件号码', city: '参保城市', hireDate: '入职日期', wage: '月工资' } } },
};
export const MIGRATION_CORRECTIONS_CSV = { type: 'text/csv', data: '文件,行号,列,更正值\n花名册,3,姓名,张三\n' };
