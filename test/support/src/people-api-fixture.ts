import { afterAll, beforeAll, expect } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '@lianxu/api';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { apiDeps } from './api-deps';
import { appDb } from './harness';
import { TestClient, uniqueSlug } from './http-client';
import { provisionDemoTenants, provisionForTest } from './tenant-fixtures';

// The two tenants, signed-in clients and helpers of the people API's integration tests
// (apps/api/src/employees.*.integration.test.ts).

/** Business "today" of the people API tests: dates, deadlines and cut-off months are known. */
export const PEOPLE_API_TODAY = '2026-03-10';

export type PeopleCounts = Record<'employees' | 'employment_events' | 'wage_history' | 'filing_tasks' | 'outbox' | 'audit_log' | 'coverage_periods', number>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CREDIT_CODE = '91310115MA1K4LX0QH';

/**
 * The people API on a fixed business day, a demo-mode twin (consultants without a second factor
 * are let in only in demo mode), the demo tenants and two fresh tenants with signed-in clients, for
 * the calling test file. Tenant A (no approval, warn day 25) works in 上海 and 杭州 (cut-off the 15th)
 * and is registered in 南京 too, which the policy library lacks; tenant B (approval required, warn
 * day 20) files in 上海 by file. Registers its beforeAll (tenants, sign-ins) and afterAll (closed).
 */
export function peopleApiFixture() {
  const db = appDb();
  const clock = createBusinessClock({ fixed: new Date(`${PEOPLE_API_TODAY}T04:00:00Z`) });
  const deps = apiDeps(db, { trustProxy: true, clock });
  const app = buildApp(deps.deps);
  const demoDeps = apiDeps(db, { trustProxy: true, clock }, { demoMode: true });
  const demoApp = buildApp(demoDeps.deps);
  const slugA = uniqueSlug('people-a');
  const slugB = uniqueSlug('people-b');
  const tenants = { A: '', B: '' };
  /** The demo tenants' ids by slug. */
  const demo: Record<string, string> = {};
  const clients = {} as { hrA: TestClient; adminA: TestClient; employeeA: TestClient; hrB: TestClient };
  /** Every ID number the calling file sends, accepted or refused. */
  const usedIds: string[] = [];
  let serial = 0;

  /** A valid GB 11643 number, different for every call in the calling file. */
  function newIdNumber(): string {
    serial += 1;
    const birth = `19${70 + (serial % 30)}0${1 + (serial % 9)}1${serial % 10}`;
    const body = `310115${birth}${String(100 + ((serial * 37 + Math.floor(Math.random() * 500)) % 900)).slice(-3)}`;
    const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
    const id = body + '10X98765432'[sum % 11]!;
    // Numbers of refused requests too: none may be logged or stored either.
    usedIds.push(id);
    return id;
  }
  function wrongCheckDigit(id: string): string {
    const last = id[17]!;
    const bad = id.slice(0, 17) + (last === '0' ? '1' : '0');
    usedIds.push(bad);
    return bad;
  }
  function hireBody(overrides: Record<string, unknown> = {}) {
    const idNumber = newIdNumber();
    return { name: '张伟', idNumber, mobile: '13812345678', hukou: 'non-local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '8500.00', ...overrides };
  }
  async function signedIn(email: string, on = app): Promise<TestClient> {
    const c = new TestClient(on);
    const res = await c.signIn(email);
    expect(res.status, `sign in ${email}`).toBe(200);
    return c;
  }
  /** The tenant's row count of every table a people change writes to. */
  async function counts(tenantId: string): Promise<PeopleCounts> {
    return withTenant(db, tenantId, async (trx) => {
      const out = {} as PeopleCounts;
      for (const table of ['employees', 'employment_events', 'wage_history', 'filing_tasks', 'outbox', 'audit_log', 'coverage_periods'] as const) {
        const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
        out[table] = r.rows[0]!.n;
      }
      return out;
    });
  }

  beforeAll(async () => {
    Object.assign(demo, await provisionDemoTenants(db));
    const users = (slug: string) => ({
      users: [
        { email: `hr@${slug}.test`, name: '人事', role: 'hr' as const },
        { email: `admin@${slug}.test`, name: '管理员', role: 'tenant_admin' as const },
        { email: `employee@${slug}.test`, name: '员工', role: 'employee' as const },
      ],
      consultants: [],
    });
    tenants.A = await provisionForTest(db, {
      slug: slugA,
      name: 'People A',
      industry: 'retail',
      workCities: [{ code: '310100', name: '上海' }, { code: '330100', name: '杭州', cutoffDay: 15 }],
      settings: { warnDay: 25, approvalRequired: false },
      entities: [
        {
          name: '甲公司',
          creditCode: CREDIT_CODE,
          registrations: [
            { city: '310100', agency: 'social_insurance', number: 'SH-1', gateway: 'bureau-sim' },
            { city: '330100', agency: 'social_insurance', number: 'HZ-1', gateway: 'bureau-sim' },
            // Registered, but the policy library has no Nanjing: nothing can be filed there.
            { city: '320100', agency: 'social_insurance', number: 'NJ-1', gateway: 'bureau-sim' },
          ],
        },
      ],
      demo: users(slugA),
    });
    tenants.B = await provisionForTest(db, {
      slug: slugB,
      name: 'People B',
      industry: 'manufacturing',
      workCities: [{ code: '310100', name: '上海' }],
      settings: { warnDay: 20, approvalRequired: true },
      entities: [{ name: '乙公司', creditCode: CREDIT_CODE, registrations: [{ city: '310100', agency: 'social_insurance', number: 'SH-2', gateway: 'filing-file' }] }],
      demo: users(slugB),
    });
    clients.hrA = await signedIn(`hr@${slugA}.test`);
    clients.adminA = await signedIn(`admin@${slugA}.test`);
    clients.employeeA = await signedIn(`employee@${slugA}.test`);
    clients.hrB = await signedIn(`hr@${slugB}.test`);
  });

  afterAll(async () => {
    await deps.close();
    await demoDeps.close();
    await db.destroy();
  });

  return {
    db,
    deps,
    app,
    demoDeps,
    demoApp,
    slugA,
    slugB,
    /** Tenant ids, set in beforeAll. */
    tenants,
    demo,
    /** HR, tenant admin and employee of A, HR of B; set in beforeAll. */
    clients,
    usedIds,
    newIdNumber,
    wrongCheckDigit,
    hireBody,
    signedIn,
    counts,
    json: (res: Response): Promise<any> => res.json(),
  };
}
