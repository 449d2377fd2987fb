import { afterAll, beforeAll, expect } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '@lianxu/api';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { apiDeps } from './api-deps';
import { appDb } from './harness';
import { TestClient, uniqueSlug } from './http-client';
import { lifecycleTenantSpec, testIdNumber, testPersonName } from './people-fixtures';
import { provisionForTest } from './tenant-fixtures';

// The two tenants, signed-in clients, field definitions and helpers of the custom field API's
// integration tests (apps/api/src/custom-fields.*.integration.test.ts).

export const customFieldLabel = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const label = customFieldLabel;

/** One custom field of every type, defined in tenant A before the calling file's tests. */
export const CUSTOM_FIELDS = [
  { key: 'nickname', type: 'text', labels: label('昵称', 'Nickname'), options: { maxLength: 10 }, showIn: { list: true } },
  { key: 'shoe_size', type: 'number', labels: label('鞋码', 'Shoe size'), options: { min: 30, max: 50 }, searchable: true },
  { key: 'cert_expiry', type: 'date', labels: label('证书到期', 'Certificate expiry'), options: { min: '2020-01-01' } },
  {
    key: 'team',
    type: 'single_select',
    labels: label('班组', 'Team'),
    searchable: true,
    options: { choices: [{ value: 'alpha', labels: label('甲班', 'Alpha') }, { value: 'beta', labels: label('乙班', 'Beta') }, { value: 'gamma', labels: label('丙班', 'Gamma') }] },
  },
  {
    key: 'skills',
    type: 'multi_select',
    labels: label('技能', 'Skills'),
    options: { choices: [{ value: 'weld', labels: label('焊接', 'Welding') }, { value: 'forklift', labels: label('叉车', 'Forklift') }, { value: 'qa', labels: label('质检', 'Quality') }] },
  },
  { key: 'night_shift', type: 'yes_no', labels: label('夜班', 'Night shift'), searchable: true },
  {
    key: 'badge',
    type: 'pattern_text',
    labels: label('工牌号', 'Badge number'),
    required: true,
    options: { pattern: { regex: 'B-[0-9]{4}', message: label('工牌号格式为 B-四位数字', 'a badge number looks like B-1234') } },
  },
] as const;

/**
 * The API on a fixed business day and two fresh lifecycle tenants (A with CUSTOM_FIELDS defined,
 * B with none) with a signed-in tenant admin and HR each, for the calling test file. Registers its
 * beforeAll (tenants, sign-ins, definitions) and afterAll (closed).
 */
export function customFieldsFixture() {
  const db = appDb();
  const clock = createBusinessClock({ fixed: new Date('2026-03-10T04:00:00Z') });
  const deps = apiDeps(db, { trustProxy: true, clock });
  const app = buildApp(deps.deps);
  const A = uniqueSlug('cf-a');
  const B = uniqueSlug('cf-b');
  const tenants = { A: '', B: '' };
  const clients = {} as { adminA: TestClient; hrA: TestClient; adminB: TestClient; hrB: TestClient };
  // Person numbers far from other test files' (ID numbers are unique per tenant anyway).
  let person = 700_000 + Math.floor(Math.random() * 1000) * 7;

  function hireBody(overrides: Record<string, unknown> = {}) {
    person += 1;
    return { name: testPersonName(person), idNumber: testIdNumber(person), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '8000.00', ...overrides };
  }
  async function signedIn(email: string): Promise<TestClient> {
    const c = new TestClient(app);
    expect((await c.signIn(email)).status, email).toBe(200);
    return c;
  }

  beforeAll(async () => {
    tenants.A = await provisionForTest(db, lifecycleTenantSpec(A));
    tenants.B = await provisionForTest(db, lifecycleTenantSpec(B));
    clients.adminA = await signedIn(`admin@${A}.test`);
    clients.hrA = await signedIn(`hr@${A}.test`);
    clients.adminB = await signedIn(`admin@${B}.test`);
    clients.hrB = await signedIn(`hr@${B}.test`);
    for (const f of CUSTOM_FIELDS) {
      const res = await clients.adminA.post(`/api/t/${A}/custom-fields`, f);
      expect(res.status, `${f.key}: ${JSON.stringify(await res.clone().json())}`).toBe(201);
    }
  });

  afterAll(async () => {
    await deps.close();
    await db.destroy();
  });

  return {
    db,
    app,
    /** Tenant slugs. */
    A,
    B,
    /** Tenant ids, set in beforeAll. */
    tenants,
    /** Tenant admin and HR of A and of B; set in beforeAll. */
    clients,
    hireBody,
    patch: (c: TestClient, path: string, body: unknown) => c.request('PATCH', path, body),
    json: (res: Response): Promise<any> => res.json(),
    async employeeCount(tenantId: string): Promise<number> {
      return withTenant(db, tenantId, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from employees where tenant_id = ${tenantId}`.execute(trx)).rows[0]!.n);
    },
    async storedValues(tenantId: string, employeeId: string): Promise<Record<string, unknown>> {
      return withTenant(db, tenantId, async (trx) => (await trx.selectFrom('employees').select('custom_fields').where('tenant_id', '=', tenantId).where('id', '=', employeeId).executeTakeFirstOrThrow()).custom_fields);
    },
  };
}
