import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { contributionBasePlugins, createPolicyLibraryService } from '@lianxu/core';
import { calculateContributions } from '@lianxu/policy';
import {
  apiDeps,
  appDb,
  buildApp,
  eventually,
  lifecycleTenantSpec,
  provisionForTest,
  startLifecycleStack,
  TestClient,
  testIdNumber,
  testPersonName,
  uniqueSlug,
} from '@lianxu/testing';

// A plugin-adjusted base reaches the bureau (issue 13 item 3): manufacturing-shifts' rule "last
// year's average wage including overtime" decides the base of a filing made by the real worker
// activities, and the filing at bureau-sim carries that base, not the wage.

const json = (res: Response): Promise<any> => res.json();
const db = appDb(10);
const api = apiDeps(db);
const app = buildApp(api.deps);
let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
const tenant = { id: '', slug: uniqueSlug('plugin-base') };
let admin: TestClient;
let actor: { id: string };

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  tenant.id = await provisionForTest(db, lifecycleTenantSpec(tenant.slug, { seed: 5151 }));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${tenant.slug}.test`)).status).toBe(200);
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${tenant.slug}.test`).executeTakeFirstOrThrow()).id };
  const on = await admin.request('PUT', `/api/t/${tenant.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } });
  expect(on.status).toBe(200);
  stack = await startLifecycleStack(db, { tenantIds: [tenant.id], lifecycle: { contributionBase: contributionBasePlugins(api.deps.plugins, 0) } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await api.close();
  await db.destroy();
});

describe('a plugin-adjusted base', () => {
  it('is the base the bureau receives for the filing', async () => {
    // Employed all of last year at 8,700 with overtime in November: this year's base is the average
    // of last year's wage plus overtime pay, above the wage.
    const lastYear = Number(today().slice(0, 4)) - 1;
    const idNumber = testIdNumber(7_001);
    const hired = await stack.people.hire(tenant, actor, {
      name: testPersonName(7_001), idNumber, mobile: '13912340001', hukou: 'local', workCity: '310100', hireDate: `${lastYear}-01-02`, monthlyWage: '8700.00',
    });
    expect(hired.status).toBe(201);
    const employeeId = hired.body.id;
    const records = Array.from({ length: 10 }, (_, i) => ({ employeeId, date: `${lastYear}-11-${String(i + 3).padStart(2, '0')}`, regularHours: 8, overtimeHours: 3 }));
    expect((await admin.post(`/api/t/${tenant.slug}/plugins/manufacturing-shifts/attendance`, { records })).status).toBe(201);

    // The plugin's own explanation of this month's base.
    const month = today().slice(0, 7);
    const explained = await json(await admin.get(`/api/t/${tenant.slug}/plugins/manufacturing-shifts/contribution-base?employeeId=${employeeId}&month=${month}`));
    expect(explained.rule).toBe('wage_plus_overtime_avg');
    expect(explained.baseFen).toBeGreaterThan(870_000);

    // A transfer to Beijing today files an enrollment there for this month, through the real activities.
    const moved = await stack.people.transfer(tenant, actor, employeeId, { workCity: '110100', effectiveDate: today() });
    expect(moved.status).toBe(200);
    const task = await eventually(async () => {
      const rows = await withTenant(db, tenant.id, (trx) =>
        trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('employee_id', '=', employeeId).where('kind', '=', 'enrollment').where('city_code', '=', '110100').execute(),
      );
      return rows[0] && !rows[0].open ? rows[0] : undefined;
    }, 60_000, 'Beijing enrollment settled');
    expect(task.status).toBe('confirmed');

    // The base is the plugin's figure inside Beijing's floor and cap: what the policy engine makes of it.
    const library = await createPolicyLibraryService({ db }).library();
    const expected = calculateContributions({ city: '110100', month: task.month, wageFen: explained.baseFen, hukou: 'local' }, library).lines.find((l) => l.insurance === 'pension')!.baseFen;
    const wageOnly = calculateContributions({ city: '110100', month: task.month, wageFen: 870_000, hukou: 'local' }, library).lines.find((l) => l.insurance === 'pension')!.baseFen;
    expect(expected).not.toBe(wageOnly);
    expect(Number(task.base_fen)).toBe(expected);
    const filings = stack.bureau.state.listFilings().filter((f) => f.kind === 'enrollment' && f.city === '110100' && (f.payload as { idNumber?: string }).idNumber === idNumber);
    expect(filings).toHaveLength(1);
    expect((filings[0]!.payload as { base: number }).base).toBe(expected);
  });
});
