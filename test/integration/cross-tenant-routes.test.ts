import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { withTenant } from '@lianxu/db';
import { createMigrationRun, riskScanRun, startRiskScan } from '@lianxu/core';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, ownerDb, provisionForTest, TestClient, testIdNumber, uniqueSlug } from '@lianxu/testing';
import { closeBodies, closeRawBodies } from './cross-tenant-routes.table';
import type { TenantSpec } from '@lianxu/core';
import { employeeChangeBodies } from './cross-tenant-routes.table';
import { NOT_TENANT_PARAMS, NOT_TENANT_SCOPED } from './cross-tenant-routes.table';
import { DUAL_RUN_BODIES, MIGRATION_CORRECTIONS_CSV, MIGRATION_SANDBOX_BODIES } from './cross-tenant-routes.table';

// Route-driven cross-tenant test: every operation of /api/openapi.json (plugin routes included) is
// called by tenant A's admin and HR against tenant B, first with B's slug, then with A's slug and
// B's ids (employees, tasks, custom-field keys, notifications, grants, invitations, members,
// branches, shift patterns, schedules), mutating ones included. Each answer must be 404 (403 where
// a role may not use the route at all), must not carry anything of B, and B's rows must be the same
// before and after. An operation the tables below do not know fails the test, so a new route is
// covered (or consciously classified) before it ships.

const db = appDb();
const owner = ownerDb();
// On-demand risk scans go to a queue no worker polls: only who may start and follow them matters here.
const riskClient = new Client({ connection: Connection.lazy({ address: inject('temporalAddress') }) });
const deps = apiDeps(db, {
  trustProxy: true,
  riskScans: { start: (t: { id: string; slug: string }) => startRiskScan(riskClient, t, 'xt-risk-no-worker'), run: (t: { id: string; slug: string }, id: string) => riskScanRun(riskClient, t, id) },
});
const app = buildApp(deps.deps);

const slugA = uniqueSlug('xt-a');
const slugB = uniqueSlug('xt-b');
// Text that exists only in B: no answer to A may contain any of it.
const SECRET = '乙方机密';
const B_NAMES = ['司马乙', '诸葛乙'];
const B_ID_NUMBERS = [testIdNumber(7_101, '310115'), testIdNumber(7_102, '310115')];
const B_MOBILE = '13955501234';
const FIELD = 'xt_note'; // a custom field both tenants have
const B_ONLY_FIELD = 'xt_b_only';

function tenantSpec(slug: string, seed: number): TenantSpec {
  const spec = lifecycleTenantSpec(slug, { seed });
  return {
    ...spec,
    industry: 'manufacturing',
    plugins: [
      { id: 'manufacturing-shifts', enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } },
      { id: 'retail-branches', enabled: true },
    ],
    consultantGrants: [`consultant@${slug}.test`],
    demo: { ...spec.demo!, users: [...(spec.demo!.users ?? []), { email: `employee@${slug}.test`, name: '员工', role: 'employee' }], consultants: [{ email: `consultant@${slug}.test`, name: '顾问' }] },
  } as TenantSpec;
}

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  const res = await c.signIn(email);
  expect(res.status, `sign in ${email}`).toBe(200);
  return c;
}

const json = async (res: Response, what: string): Promise<any> => {
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
};

/** The id of what a create answered: `{ id }` or `{ <thing>: { id } }`. */
function idIn(answer: Record<string, any>): string {
  const id = answer.id ?? Object.values(answer).find((v) => v && typeof v === 'object' && typeof v.id === 'string')?.id;
  if (typeof id !== 'string') throw new Error(`no id in ${JSON.stringify(answer).slice(0, 300)}`);
  return id;
}

/** Ids of one tenant's data, made through its own API. */
interface TenantData {
  slug: string;
  tenantId: string;
  employees: string[];
  tasks: string[];
  notification: string;
  grant: string;
  invitation: string;
  member: string;
  branch: string;
  pattern: string;
  patternCode: string;
  session: string;
  finding: string;
  /** The employing entity, and a difference of its 2024-09 close in Beijing. */
  entity: string;
  difference: string;
  apiKey: string;
  webhook: string;
  delivery: string;
  /** A legacy-data migration run (created, nothing loaded). */
  migration: string;
  /** A candidate intake, the employee-role member linked to employees[0], and that member's request to HR. */
  intake: string;
  linkUser: string;
  request: string;
  /** An annual base adjustment awaiting HR's decision. */
  baseAdjustment: string;
  /** A housing-fund filing to make (缴存登记 of employees[0]). */
  fundFiling: string;
}

let A: TenantData;
let B: TenantData;
let adminA: TestClient;
let hrA: TestClient;
let hrB: TestClient;
let xlsx: ArrayBuffer;

async function populate(slug: string, tenantId: string, b: boolean): Promise<TenantData> {
  const admin = await signedIn(`admin@${slug}.test`);
  const hr = await signedIn(`hr@${slug}.test`);
  const t = `/api/t/${slug}`;
  const label = b ? SECRET : '甲方';
  await json(await admin.post(`${t}/custom-fields`, { key: FIELD, type: 'text', labels: { 'zh-CN': `${label}备注`, en: 'Note' } }), 'custom field');
  if (b) await json(await admin.post(`${t}/custom-fields`, { key: B_ONLY_FIELD, type: 'text', labels: { 'zh-CN': `${SECRET}字段`, en: 'B only' } }), 'custom field');
  const employees: string[] = [];
  for (const [i, name] of (b ? B_NAMES : ['甲一', '甲二']).entries()) {
    const body = {
      name, idNumber: b ? B_ID_NUMBERS[i]! : testIdNumber(7_200 + i, '310115'), mobile: b ? B_MOBILE : '13955509876', hukou: 'non-local',
      workCity: '310100', hireDate: new Date().toISOString().slice(0, 10), monthlyWage: '8500.00', customFields: { [FIELD]: `${label}${i}` },
    };
    const res = await hr.request('POST', `${t}/employees`, body, { 'idempotency-key': `xt-${slug}-${i}` });
    employees.push(idIn(await json(res, 'hire')));
  }
  const tasks = ((await json(await hr.get(`${t}/tasks`), 'tasks')).items as { id: string }[]).map((x) => x.id);
  expect(tasks.length).toBeGreaterThan(0);
  const hrUser = idIn(await json(await hr.get('/api/me'), 'me'));
  const notification = await withTenant(db, tenantId, (trx) =>
    trx.insertInto('notifications').values({ tenant_id: tenantId, dedupe_key: `xt-${slug}`, channel: 'in_app', recipient_user_id: hrUser, recipient_employee_id: null, recipient_address: null, kind: 'task_rejected', subject: `${label}通知`, body: `${label}通知正文`, task_id: tasks[0]!, provider: null, last_error: null, sent_at: null, read_at: null }).returning('id').executeTakeFirstOrThrow(),
  );
  const grants = (await json(await admin.get(`${t}/grants`), 'grants')).items as { id: string }[];
  const invitation = idIn(await json(await admin.post(`${t}/invitations`, { email: `invitee@${slug}.test`, role: 'hr' }), 'invitation'));
  const p = `${t}/plugins`;
  const branch = idIn(await json(await hr.post(`${p}/retail-branches/branches`, { name: `${label}门店`, cityCode: '310100', address: `${label}地址`, managerName: '王芳' }), 'branch'));
  await json(await hr.post(`${p}/retail-branches/assignments/bulk`, { employeeIds: [employees[1]!], branchId: branch }), 'assignment');
  const pattern = await json(await hr.post(`${p}/manufacturing-shifts/shift-patterns`, { code: 'xt-two', name: `${label}班次`, shifts: [{ name: '早班', start: '08:00', end: '16:00', hours: 8 }] }), 'pattern');
  await json(await hr.post(`${p}/manufacturing-shifts/schedules`, { employeeId: employees[0]!, patternCode: 'xt-two', team: `${label}班组`, validFrom: '2026-01-01' }), 'schedule');
  const sessions = (await json(await hr.get('/api/auth/sessions'), 'sessions')).items as { id: string }[];
  // A risk finding, as the scan stores them (the scan itself is tested in test/integration/risk).
  const finding = await withTenant(db, tenantId, (trx) =>
    trx.insertInto('risk_findings').values({ tenant_id: tenantId, employee_id: employees[0]!, rule_id: 'coverage_gap', subject: '2026-01', source: 'core', severity: 'critical', since: '2026-01-01',
      message: JSON.stringify({ 'zh-CN': `${label}断缴`, en: 'gap' }), details: '{}', last_scan_id: crypto.randomUUID() }).returning('id').executeTakeFirstOrThrow(),
  );
  const entity = (await withTenant(db, tenantId, (trx) => trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow())).id;
  const closePath = `${t}/close/${entity}/110100/2024-09`;
  await json(await hr.request('PUT', closePath, {}), 'close month');
  await json(await hr.post(`${closePath}/bill`, { lines: [{ employeeId: employees[0]!, personName: `${label}账单`, insurance: 'pension', periodFrom: '2024-09', periodTo: '2024-09', baseFen: 850_000, employerFen: 136_000, employeeFen: 68_000, collectionType: '正常应缴' }] }), 'bill');
  await json(await hr.post(`${closePath}/match`, {}), 'match');
  const difference = idIn((await json(await hr.get(`${closePath}/differences`), 'differences')).items[0]);
  const apiKey = idIn(await json(await admin.post(`${t}/api-keys`, { name: `${label}密钥`, scopes: ['employees:read'], expiresInDays: 30 }), 'api key'));
  const webhook = idIn(await json(await admin.post(`${t}/webhooks`, { url: 'http://127.0.0.1:9/xt', events: ['employee.hired'] }), 'webhook'));
  await json(await admin.post(`${t}/webhooks/${webhook}/test`), 'webhook test');
  const delivery = idIn((await json(await admin.get(`${t}/webhooks/${webhook}/deliveries`), 'deliveries')).items[0]);
  const migration = await createMigrationRun(db, tenantId);
  const startDate = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const intake = idIn(await json(await hr.post(`${t}/intakes`, { name: `${label}候选人`, mobile: '13912345678', cityCode: '310100', startDate, monthlyWage: '5000' }), 'intake'));
  const self = await signedIn(`employee@${slug}.test`);
  await json(await hr.post(`${t}/employee-links`, { email: `employee@${slug}.test`, employeeId: employees[0]! }), 'employee link');
  const linkUser = idIn(await json(await self.get('/api/me'), 'me'));
  const request = idIn(await json(await self.post(`${t}/me/requests`, { kind: 'correction', message: `${label}更正` }), 'request'));
  // A base adjustment awaiting HR's decision, as its workflow stores it (the workflow is tested in test/integration/base-adjustment).
  const baseAdjustment = (await withTenant(db, tenantId, (trx) => trx.insertInto('base_adjustments').values({ tenant_id: tenantId, city_code: '110100', policy_year: 2025,
    policy_id: '110100-2025-r1', effective_month: '2025-07', effective_to: '2026-06', prepared_on: '2025-09-10', workflow_id: `base-adjust:${tenantId}:110100:2025` }).returning('id').executeTakeFirstOrThrow())).id;
  // A housing-fund filing owed to the fund centre, as a hire stores it (tested in apps/api/src/fund-filings.integration.test.ts).
  const fundFiling = (await withTenant(db, tenantId, (trx) => trx.insertInto('fund_filings').values({ tenant_id: tenantId, employee_id: employees[0]!, event_id: crypto.randomUUID(),
    kind: 'open', city_code: '310100', month: '2026-01', due_date: '2026-02-04' }).returning('id').executeTakeFirstOrThrow())).id;
  return {
    entity, difference, apiKey, webhook, delivery, migration, intake, linkUser, request, baseAdjustment, fundFiling,
    slug, tenantId, employees, tasks, notification: notification.id, grant: grants[0]!.id, invitation, member: hrUser,
    branch, pattern: idIn(pattern), patternCode: 'xt-two', session: sessions[0]!.id, finding: finding.id,
  };
}

/** Every row of B, in every table that has a tenant_id (core, platform and plugin tables). */
async function snapshotOfB(): Promise<string> {
  const tables = await sql<{ schema: string; name: string }>`
    select c.table_schema as schema, c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.column_name = 'tenant_id' and c.table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`.execute(owner);
  const out: Record<string, unknown[]> = {};
  await withTenant(owner, B.tenantId, async (trx) => {
    for (const { schema, name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(`${schema}.${name}`)} where tenant_id = ${B.tenantId}`.execute(trx);
      out[`${schema}.${name}`] = rows.rows.map((r) => JSON.stringify(r)).sort();
    }
  });
  return JSON.stringify(out);
}

beforeAll(async () => {
  const ta = await provisionForTest(db, tenantSpec(slugA, 11));
  const tb = await provisionForTest(db, tenantSpec(slugB, 12));
  A = await populate(slugA, ta, false);
  B = await populate(slugB, tb, true);
  adminA = await signedIn(`admin@${slugA}.test`);
  hrA = await signedIn(`hr@${slugA}.test`);
  hrB = await signedIn(`hr@${slugB}.test`);
  xlsx = await (await adminA.get(`/api/t/${slugA}/employees/export.xlsx`)).arrayBuffer();
}, 180_000);
afterAll(async () => {
  await deps.close();
  await db.destroy();
  await owner.destroy();
});

// ---- What each operation needs -------------------------------------------------------------

type Ids = TenantData;
/** What the {id}-like path parameters of an operation stand for. */
type Ref = 'employee' | 'task' | 'notification' | 'grant' | 'invitation' | 'member' | 'branch' | 'field' | 'session' | 'plugin' | 'preset' | 'finding' | 'scan' | 'entity' | 'city' | 'month' | 'difference' | 'apiKey' | 'webhook' | 'delivery' | 'migration' | 'intake' | 'linkUser' | 'request' | 'baseAdjustment' | 'mappingKind' | 'fundFiling';

/** Path parameter → tenant data, by path prefix (the first match wins). */
function refOf(path: string, param: string): Ref {
  if (param === 'key') return 'field';
  if (param === 'userId') return 'member';
  if (param === 'pluginId') return 'preset';
  if (param === 'entityId') return 'entity';
  if (param === 'city' && path.startsWith('/api/t/{tenant}/close/')) return 'city';
  if (param === 'month' && path.startsWith('/api/t/{tenant}/close/')) return 'month';
  if (param === 'differenceId') return 'difference';
  if (param === 'kind' && path.startsWith('/api/t/{tenant}/close-mappings/')) return 'mappingKind';
  if (param === 'deliveryId') return 'delivery';
  const table: [string, Ref][] = [
    ['/api/t/{tenant}/employees/', 'employee'], ['/api/t/{tenant}/tasks/', 'task'], ['/api/t/{tenant}/notifications/', 'notification'],
    ['/api/t/{tenant}/grants/', 'grant'], ['/api/t/{tenant}/invitations/', 'invitation'], ['/api/t/{tenant}/plugins/retail-branches/branches/', 'branch'],
    ['/api/t/{tenant}/plugins/', 'plugin'], ['/api/auth/sessions/', 'session'],
    ['/api/t/{tenant}/risk/findings/', 'finding'], ['/api/t/{tenant}/risk/scans/', 'scan'],
    ['/api/t/{tenant}/api-keys/', 'apiKey'], ['/api/t/{tenant}/webhooks/', 'webhook'], ['/api/t/{tenant}/migrations/', 'migration'],
    ['/api/t/{tenant}/intakes/', 'intake'], ['/api/t/{tenant}/employee-links/', 'linkUser'],
    ['/api/t/{tenant}/employee-requests/', 'request'], ['/api/t/{tenant}/me/requests/', 'request'],
    ['/api/t/{tenant}/base-adjustments/', 'baseAdjustment'], ['/api/t/{tenant}/fund-filings/', 'fundFiling'],
  ];
  const hit = table.find(([prefix]) => path.startsWith(prefix));
  if (!hit) throw new Error(`no tenant data known for {${param}} of ${path}: add it to refOf()`);
  return hit[1];
}

function idOf(ref: Ref, of: Ids, own: Ids = of): string {
  switch (ref) {
    case 'employee': return of.employees[0]!;
    case 'task': return of.tasks[0]!;
    case 'notification': return of.notification;
    case 'grant': return of.grant;
    case 'invitation': return of.invitation;
    case 'member': return of.member;
    case 'branch': return of.branch;
    case 'session': return of.session;
    case 'field': return of === B && own !== B ? B_ONLY_FIELD : FIELD;
    case 'plugin': return 'retail-branches';
    case 'preset': return 'manufacturing-shifts';
    case 'finding': return of.finding;
    case 'scan': return `risk-scan:${of.slug}:now:00000000-0000-4000-8000-000000000000`;
    case 'entity': return of.entity;
    case 'city': return '110100';
    case 'month': return '2024-09';
    case 'difference': return of.difference;
    case 'apiKey': return of.apiKey;
    case 'webhook': return of.webhook;
    case 'migration': return of.migration;
    case 'delivery': return of.delivery;
    case 'intake': return of.intake;
    case 'linkUser': return of.linkUser;
    case 'request': return of.request;
    case 'baseAdjustment': return of.baseAdjustment;
    case 'mappingKind': return 'deductions';
    case 'fundFiling': return of.fundFiling;
  }
}

/** A valid request body for `METHOD path`, referring to `of`'s data (B's ids for the cross-tenant cases). */
function bodyOf(key: string, of: Ids): { body?: unknown; raw?: { type: string; data: BodyInit } } {
  const today = new Date().toISOString().slice(0, 10);
  const bodies: Record<string, unknown> = {
    ...DUAL_RUN_BODIES,
    ...MIGRATION_SANDBOX_BODIES,
    'POST /api/t/{tenant}/grants': { consultantEmail: `consultant@${slugA}.test` },
    'POST /api/t/{tenant}/employees': { name: '张伟', idNumber: testIdNumber(7_300, '310115'), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000.00' },
    'POST /api/t/{tenant}/employees/preview': { name: '张伟', idNumber: testIdNumber(7_301, '310115'), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000.00' },
    'PATCH /api/t/{tenant}/employees/{id}/custom-fields': { [FIELD]: 'changed by A' },
    ...employeeChangeBodies(today),
    'POST /api/t/{tenant}/custom-fields': { key: 'xt_new', type: 'text', labels: { 'zh-CN': '新', en: 'New' } },
    'PATCH /api/t/{tenant}/custom-fields/{key}': { labels: { 'zh-CN': '改名', en: 'Renamed' } },
    'POST /api/t/{tenant}/custom-fields/presets/{pluginId}': {},
    'POST /api/t/{tenant}/tasks/{id}/receipt': { receiptNo: 'XT-RECEIPT-1' },
    'POST /api/t/{tenant}/tasks/{id}/filed-by-hand': { receiptNo: 'XT-HAND-1' },
    'POST /api/t/{tenant}/fund-filings/{id}/filed': { receiptNo: 'XT-FUND-1' },
    'POST /api/t/{tenant}/tasks/{id}/resubmit': { name: '改名' },
    'PUT /api/t/{tenant}/plugins/{id}': { enabled: false },
    'PATCH /api/t/{tenant}/members/{userId}': { role: 'employee' },
    'POST /api/t/{tenant}/invitations': { email: `xt-${randomSuffix()}@example.test`, role: 'hr' },
    'POST /api/t/{tenant}/plugins/manufacturing-shifts/shift-patterns': { code: 'xt-new', name: '新班次', shifts: [{ name: '早班', start: '08:00', end: '16:00', hours: 8 }] },
    'POST /api/t/{tenant}/plugins/manufacturing-shifts/schedules': { employeeId: of.employees[1]!, patternCode: 'xt-two', validFrom: '2026-02-01' },
    'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance': { records: [{ employeeId: of.employees[0]!, date: today, regularHours: 8, overtimeHours: 2 }] },
    'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance-records': { records: [{ recordId: 'xt-attendance-1', employeeId: of.employees[0]!, workDate: today, regularHours: 8, overtimeHours: 2 }] },
    'POST /api/t/{tenant}/plugins/retail-branches/branches': { name: '新门店', cityCode: '310100', address: '新地址', managerName: '李强' },
    'PATCH /api/t/{tenant}/plugins/retail-branches/branches/{id}': { name: '被改名的门店' },
    'POST /api/t/{tenant}/plugins/retail-branches/assignments/bulk': { employeeIds: [of.employees[0]!], branchId: of.branch },
    'POST /api/t/{tenant}/risk/findings/{id}/acknowledge': { reason: '已知悉' },
    'PUT /api/t/{tenant}/risk/settings': { gapThresholdMonths: 2, warningDay: 20 },
    ...closeBodies(of),
    'POST /api/t/{tenant}/api-keys': { name: '新密钥', scopes: ['employees:read'], expiresInDays: 7 },
    'POST /api/t/{tenant}/webhooks': { url: 'http://127.0.0.1:9/new', events: ['employee.hired'] },
    'PATCH /api/t/{tenant}/webhooks/{id}': { enabled: false },
    'POST /api/t/{tenant}/intakes': { name: '新候选人', mobile: '13912345678', cityCode: '310100', startDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10), monthlyWage: '5000' },
    'POST /api/t/{tenant}/employee-links': { email: `nobody-${randomSuffix()}@example.test`, employeeId: of.employees[0]! },
    'POST /api/t/{tenant}/me/requests': { kind: 'correction', message: '更正' },
    'PUT /api/t/{tenant}/finance/accounts': { accounts: [{ account: 'bank', code: '100201', name: '银行存款-甲' }] },
    'PUT /api/t/{tenant}/payroll/housing-fund-rates/{entityId}': { rate: '0.07' },
    'POST /api/t/{tenant}/migrations/{id}/load': { wrappedKey: { runId: of.migration, tenantId: of.tenantId, transferKeyId: '0123456789abcdef', wrapped: 'AAAA' }, transferKey: Buffer.alloc(32, 3).toString('base64') },
    'POST /api/t/{tenant}/migrations/{id}/promote': { batchSize: 100 },
    'POST /api/t/{tenant}/base-adjustments': { cityCode: '110100', policyYear: 2025 },
    'POST /api/t/{tenant}/base-adjustments/{id}/cancel': { reason: 'x' },
  };
  if (closeRawBodies(of)[key]) return { raw: closeRawBodies(of)[key] };
  if (key === 'POST /api/t/{tenant}/migrations/{id}/corrections') return { raw: MIGRATION_CORRECTIONS_CSV };
  if (key === 'POST /api/t/{tenant}/migrations') return { raw: { type: 'application/octet-stream', data: Buffer.from('LXMIGPK1') } };
  if (key === 'POST /api/t/{tenant}/employees/import.xlsx') return { raw: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: xlsx } };
  if (key === 'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance/import') return { raw: { type: 'text/csv', data: `employee_id,date,regular_hours,overtime_hours\n${of.employees[0]},${today},8,3\n` } };
  return key in bodies ? { body: bodies[key] } : {};
}

const randomSuffix = () => Math.random().toString(36).slice(2, 10);

/**
 * Operations that take tenant data in the body or query rather than the path: with A's slug they are
 * given B's ids there. The query ones are filters of A's own lists: they may answer 200, with nothing of B.
 */
const BODY_REFS = new Set([
  'POST /api/t/{tenant}/plugins/manufacturing-shifts/schedules',
  'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance',
  'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance-records',
  'POST /api/t/{tenant}/plugins/manufacturing-shifts/attendance/import',
  'POST /api/t/{tenant}/plugins/retail-branches/assignments/bulk',
]);
const QUERY_REFS: Record<string, (of: Ids) => string> = {
  'GET /api/t/{tenant}/plugins/manufacturing-shifts/schedules': (of) => `employeeId=${of.employees[0]}`,
  'GET /api/t/{tenant}/plugins/manufacturing-shifts/contribution-base': (of) => `employeeId=${of.employees[0]}&month=${new Date().toISOString().slice(0, 7)}`,
  // Payroll and finance exports of an employing entity's month: B's entity is an unknown entity to A (400 naming entityId).
  ...Object.fromEntries(['/payroll/deductions', '/payroll/deductions.csv', '/payroll/deductions.xlsx', '/finance/vouchers', '/finance/vouchers.xlsx']
    .map((p) => [`GET /api/t/{tenant}${p}`, (of: Ids) => `entityId=${of.entity}&month=2024-09`])),
};
/** Queries an operation needs to be valid at all. */
const QUERIES: Record<string, string> = {
  'GET /api/t/{tenant}/plugins/manufacturing-shifts/overtime': `month=${new Date().toISOString().slice(0, 7)}`,
  'GET /api/t/{tenant}/plugins/manufacturing-shifts/reports/headcount.xlsx': `month=${new Date().toISOString().slice(0, 7)}`,
  'GET /api/t/{tenant}/plugins/manufacturing-shifts/reports/headcount': `month=${new Date().toISOString().slice(0, 7)}`,
  'DELETE /api/t/{tenant}/custom-fields/{key}': 'confirm=true',
};


// ---- The walk -----------------------------------------------------------------------------------

interface Case {
  route: string;
  as: 'admin' | 'hr';
  label: string;
  method: string;
  url: string;
  body?: unknown;
  raw?: { type: string; data: BodyInit };
  /** Statuses the case may answer. */
  allowed: number[];
  /** A 400/422 must name the field that holds B's id (not fail on something else). */
  names?: RegExp;
}

const fill = (path: string, params: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((p) => p !== 'tenant');

function casesOf(route: string, as: Case['as']): Case[] {
  const [method, path] = route.split(' ') as [string, string];
  const cases: Case[] = [];
  const query = (extra?: string) => [QUERIES[route], extra].filter(Boolean).join('&');
  const url = (p: string, q: string) => (q ? `${p}?${q}` : p);
  if (path.includes('{tenant}')) {
    // 1. B's slug with B's own ids and a body that would be valid in B.
    const inB = Object.fromEntries(paramsOf(path).map((p) => [p, idOf(refOf(path, p), B)]));
    cases.push({ route, as, label: "B's slug", method, url: url(fill(path, { tenant: B.slug, ...inB }), query(QUERY_REFS[route]?.(B))), ...bodyOf(route, B), allowed: [404] });
    // 2. A's slug with B's ids wherever the operation takes tenant data.
    const refs = paramsOf(path).map((p) => ({ p, ref: refOf(path, p) })).filter(({ ref }) => ref !== 'plugin' && ref !== 'preset' && ref !== 'mappingKind');
    if (refs.length) {
      const params = { tenant: A.slug, ...Object.fromEntries(paramsOf(path).map((p) => [p, idOf(refOf(path, p), B, A)])) };
      cases.push({ route, as, label: "A's slug, B's ids in the path", method, url: url(fill(path, params), query()), ...bodyOf(route, A), allowed: [404, 403] });
    }
    if (BODY_REFS.has(route)) {
      // A valid reference of A's beside B's, so only B's id can be what is refused.
      const mixed: Ids = { ...A, employees: [B.employees[0]!, B.employees[1]!] };
      cases.push({ route, as, label: "A's slug, B's employees in the body", method, url: url(fill(path, { tenant: A.slug }), query()), ...bodyOf(route, mixed), allowed: [404, 400, 422], names: /employee/i });
      if (route.endsWith('/schedules')) {
        const body = { employeeId: A.employees[1]!, patternId: B.pattern, validFrom: '2026-03-01' };
        cases.push({ route, as, label: "A's slug, B's shift pattern in the body", method, url: fill(path, { tenant: A.slug }), body, allowed: [404, 400, 422], names: /pattern/i });
      }
      if (route.endsWith('/assignments/bulk')) {
        cases.push({ route, as, label: "A's slug, B's branch in the body", method, url: fill(path, { tenant: A.slug }), ...bodyOf(route, { ...A, branch: B.branch }), allowed: [404, 400, 422], names: /branch/i });
      }
    }
    if (QUERY_REFS[route]) {
      const single = route.endsWith('/contribution-base') || /^GET \/api\/t\/\{tenant\}\/(payroll|finance)\//.test(route);
      cases.push({ route, as, label: "A's slug, B's ids in the query", method, url: url(fill(path, { tenant: A.slug }), query(QUERY_REFS[route]!(B))), allowed: single ? [404, 400] : [200], names: /employee|entity/i });
    }
    // 3. A's own lists and reports (GET without ids) must not show B's rows.
    if (method === 'GET' && !refs.length && !QUERY_REFS[route]) {
      cases.push({ route, as, label: "A's own GET shows nothing of B", method, url: url(fill(path, { tenant: A.slug, id: 'retail-branches', kind: 'deductions' }), query()), allowed: [200, 403] });
    }
  } else if (path.startsWith('/api/auth/sessions/')) {
    cases.push({ route, as, label: "B's session id", method, url: fill(path, { id: B.session }), allowed: [404] });
  } else {
    if (!(route in NOT_TENANT_SCOPED)) throw new Error(`${route} is neither under /api/t/{tenant}/ nor classified in NOT_TENANT_SCOPED`);
    if (as === 'admin') cases.push({ route, as, label: NOT_TENANT_SCOPED[route]!, method, url: fill(path, NOT_TENANT_PARAMS[route] ?? {}), body: method === 'GET' ? undefined : {}, allowed: [] });
  }
  return cases;
}

async function send(client: TestClient, c: Case): Promise<Response> {
  const headers: Record<string, string> = { 'idempotency-key': `xt-${randomSuffix()}` };
  if (!c.raw) return client.request(c.method, c.url, c.body, headers);
  // Uploads: the client's cookie and origin, with the file as the body.
  return app.request(`http://localhost:3000${c.url}`, {
    method: c.method,
    headers: { ...headers, cookie: client.cookie!, origin: 'http://localhost:3000', 'x-forwarded-for': client.address, 'content-type': c.raw.type },
    body: c.raw.data,
  });
}

const leaks = (text: string) => [SECRET, ...B_NAMES, ...B_ID_NUMBERS, B_MOBILE].filter((s) => text.includes(s));

describe('every route of /api/openapi.json, as tenant A against tenant B', () => {
  it('answers 404 (or 403), leaks nothing of B and changes none of B rows', async () => {
    const spec = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const before = await snapshotOfB();
    const failures: string[] = [];
    const exercised = new Set<string>();
    let count = 0;
    const tally: Record<string, number> = {};
    for (const as of ['admin', 'hr'] as const) {
      const client = as === 'admin' ? adminA : hrA;
      for (const route of routes) {
        for (const c of casesOf(route, as)) {
          // Sign-outs and the second-factor set-up act on the caller's user: A's consultant takes them.
          const own = c.route.startsWith('POST /api/auth/') ? await signedIn(`consultant@${slugA}.test`) : client;
          const mutating = c.method !== 'GET';
          const snap = mutating && c.allowed.length ? await snapshotOfB() : undefined;
          const res = await send(own, c);
          const text = await res.text();
          count++;
          tally[`${c.label.startsWith("A's") || c.label.startsWith("B's") ? c.label : 'not tenant-scoped'} → ${res.status}`] = (tally[`${c.label.startsWith("A's") || c.label.startsWith("B's") ? c.label : 'not tenant-scoped'} → ${res.status}`] ?? 0) + 1;
          exercised.add(route);
          const where = `${c.route} [${as}, ${c.label}] → ${res.status}`;
          if (res.status >= 500) failures.push(`${where}: server error ${text.slice(0, 200)}`);
          else if (c.allowed.length && !c.allowed.includes(res.status)) failures.push(`${where}: expected ${c.allowed.join('/')} ${text.slice(0, 200)}`);
          if (c.names && (res.status === 400 || res.status === 422) && !c.names.test(text)) failures.push(`${where}: the refusal does not name the field with B's id: ${text.slice(0, 300)}`);
          const leaked = leaks(text);
          if (leaked.length) failures.push(`${where}: answer contains B's ${leaked.join(', ')}`);
          if (snap !== undefined && (await snapshotOfB()) !== snap) failures.push(`${where}: B's rows changed`);
          // A 404 proves nothing if the caller lost its session: it must still reach its own tenant.
          if ((await client.get(`/api/t/${slugA}/home`)).status !== 200) throw new Error(`${where}: A's ${as} is no longer signed in to A`);
        }
      }
    }
    // B's session is still valid: A could not end it.
    expect((await hrB.get('/api/me')).status).toBe(200);
    expect(await snapshotOfB()).toBe(before);
    console.log(`[cross-tenant] ${exercised.size} of ${routes.length} operations exercised in ${count} cases`, tally);
    expect(failures).toEqual([]);
    expect(routes.filter((r) => !exercised.has(r))).toEqual([]);
    expect(routes.length).toBeGreaterThan(75);
  }, 600_000);
});
