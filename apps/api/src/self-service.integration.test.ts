import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '@lianxu/api';
import { createBusinessClock, withEmployee, withTenant } from '@lianxu/db';
import { apiDeps, appDb, pdfText, provisionForTest, squeeze, TestClient, uniqueSlug } from '@lianxu/testing';

// Employee self-service against the run's real PostgreSQL: HR links a member with the employee role
// to their record; the employee then sees exactly their own rows (row-level security, withEmployee),
// another employee's ids answer 404, and HR of another tenant cannot read any of it.

const TODAY = '2026-12-05';
const db = appDb();
const clock = createBusinessClock({ fixed: new Date(`${TODAY}T04:00:00Z`) });
const deps = apiDeps(db, { trustProxy: true, clock });
const app = buildApp(deps.deps);
const slugA = uniqueSlug('self-a');
const slugB = uniqueSlug('self-b');
const CREDIT_CODE = '91310115MA1K4LX0QH';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
let serial = 0;
function idNumber(): string {
  serial += 1;
  const body = `310115198${serial % 10}0${1 + (serial % 9)}1${serial % 10}${String(100 + Math.floor(Math.random() * 800)).slice(-3)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
const json = (res: Response): Promise<any> => res.json();
async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status, email).toBe(200);
  return c;
}

const t = { A: '', B: '' };
let hrA: TestClient, emp1: TestClient, emp2: TestClient, hrB: TestClient, unlinked: TestClient;
let e1 = '', e2 = '';

beforeAll(async () => {
  const users = (slug: string, extra: { email: string; name: string; role: 'employee' }[] = []) => ({
    users: [{ email: `hr@${slug}.test`, name: '人事', role: 'hr' as const }, ...extra],
    consultants: [],
  });
  const entity = (number: string) => [{ name: '甲公司', creditCode: CREDIT_CODE, registrations: [{ city: '310100', agency: 'social_insurance' as const, number, gateway: 'bureau-sim' as const }] }];
  t.A = await provisionForTest(db, {
    slug: slugA, name: 'Self A', industry: 'retail', workCities: [{ code: '310100', name: '上海' }], settings: { warnDay: 25, approvalRequired: false }, entities: entity('SH-1'),
    demo: users(slugA, [1, 2, 3].map((n) => ({ email: `e${n}@${slugA}.test`, name: `员工${n}`, role: 'employee' as const }))),
  });
  t.B = await provisionForTest(db, { slug: slugB, name: 'Self B', industry: 'retail', workCities: [{ code: '310100', name: '上海' }], settings: { warnDay: 25, approvalRequired: false }, entities: entity('SH-2'), demo: users(slugB) });
  hrA = await signedIn(`hr@${slugA}.test`);
  emp1 = await signedIn(`e1@${slugA}.test`);
  emp2 = await signedIn(`e2@${slugA}.test`);
  unlinked = await signedIn(`e3@${slugA}.test`);
  hrB = await signedIn(`hr@${slugB}.test`);
  const hire = async (name: string, wage: string) => {
    const res = await hrA.post(`/api/t/${slugA}/employees`, { name, idNumber: idNumber(), mobile: '13812345678', hukou: 'non-local', workCity: '310100', hireDate: '2026-11-20', monthlyWage: wage });
    expect(res.status).toBe(201);
    return (await json(res)).id as string;
  };
  e1 = await hire('李雷', '5000.00');
  e2 = await hire('韩梅梅', '9000.00');
  // Coverage as the bureau confirmed it (e1 since 2024-01, e2 since 2025-06), and a notice for each.
  await withTenant(db, t.A, async (trx) => {
    const tasks = await trx.selectFrom('filing_tasks').select(['id', 'employee_id']).where('tenant_id', '=', t.A).execute();
    const taskOf = (e: string) => tasks.find((x) => x.employee_id === e)!.id;
    await trx.insertInto('coverage_periods').values([
      { tenant_id: t.A, employee_id: e1, city_code: '310100', start_month: '2024-01', end_month: null, opened_by: taskOf(e1) },
      { tenant_id: t.A, employee_id: e2, city_code: '310100', start_month: '2025-06', end_month: null, opened_by: taskOf(e2) },
    ]).execute();
    await sql`update wage_history set effective_from = '2024-01-01' where tenant_id = ${t.A}`.execute(trx);
    await trx.insertInto('notifications').values([
      { tenant_id: t.A, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_employee_id: e1, kind: 'enrollment.confirmed', subject: '李雷 增员已确认', body: '上海 2024-01 起' },
      { tenant_id: t.A, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_employee_id: e2, kind: 'enrollment.confirmed', subject: '韩梅梅 增员已确认', body: '上海 2025-06 起' },
    ]).execute();
  });
});

afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('links', () => {
  it('HR links members with the employee role; bad or taken links are refused, naming the field', async () => {
    expect((await hrA.post(`/api/t/${slugA}/employee-links`, { email: `e1@${slugA}.test`, employeeId: e1 })).status).toBe(201);
    expect((await hrA.post(`/api/t/${slugA}/employee-links`, { email: `e2@${slugA}.test`, employeeId: e2 })).status).toBe(201);
    const taken = await hrA.post(`/api/t/${slugA}/employee-links`, { email: `e3@${slugA}.test`, employeeId: e1 });
    expect(taken.status).toBe(409);
    expect(Object.keys((await json(taken)).error.fields)).toEqual(['employeeId']);
    const hrSelf = await hrA.post(`/api/t/${slugA}/employee-links`, { email: `hr@${slugA}.test`, employeeId: e2 });
    expect(hrSelf.status).toBe(400);
    expect(Object.keys((await json(hrSelf)).error.fields)).toEqual(['email']);
    expect((await hrA.post(`/api/t/${slugA}/employee-links`, { email: `e3@${slugA}.test`, employeeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await json(await hrA.get(`/api/t/${slugA}/employee-links`))).items.map((l: any) => l.employeeId).sort()).toEqual([e1, e2].sort());
    // HR of another tenant cannot link into A, nor an employee link themselves.
    expect((await hrB.post(`/api/t/${slugA}/employee-links`, { email: `e3@${slugA}.test`, employeeId: e2 })).status).toBe(404);
    expect((await emp1.post(`/api/t/${slugA}/employee-links`, { email: `e3@${slugA}.test`, employeeId: e2 })).status).toBe(403);
  });
});

describe('my pages', () => {
  it('an employee sees exactly their own record, timeline, contributions and notices', async () => {
    const me = await json(await emp1.get(`/api/t/${slugA}/me/employee`));
    expect(me).toMatchObject({ id: e1, name: '李雷', workCity: '310100' });
    const other = await json(await emp2.get(`/api/t/${slugA}/me/employee`));
    expect(other.id).toBe(e2);

    const coverage = await json(await emp1.get(`/api/t/${slugA}/me/coverage`));
    expect(coverage.periods).toEqual([expect.objectContaining({ cityCode: '310100', startMonth: '2024-01', endMonth: null })]);
    expect(coverage.periods[0].insurances).toContain('pension');
    expect(coverage.monthsCovered).toBe(36);

    const contributions = await json(await emp1.get(`/api/t/${slugA}/me/contributions`));
    expect(contributions.months[0].month).toBe('2026-12');
    expect(contributions.months).toHaveLength(36);
    const pension = contributions.months[0].lines.find((l: any) => l.insurance === 'pension');
    expect(Number(pension.base)).toBeGreaterThanOrEqual(5000);
    expect(Number(contributions.months[0].employee)).toBeGreaterThan(0);

    const notices = await json(await emp1.get(`/api/t/${slugA}/me/notifications`));
    expect(notices.notices.map((n: any) => n.subject)).toEqual(['李雷 增员已确认']);
    expect(notices.filings.every((f: any) => f.kind === 'enrollment')).toBe(true);
    expect(notices.filings).toHaveLength(1);
  });

  it('shows each rule of my city with the date it will be met, and what a break would do', async () => {
    const body = await json(await emp2.get(`/api/t/${slugA}/me/continuity?breakMonths=2`));
    expect(body.cityCode).toBe('310100');
    const outside = body.rules.find((r: any) => r.ruleId === 'shanghai.housing-purchase.outside-outer-ring');
    expect(outside).toMatchObject({ status: 'met', qualifyingMonths: 12, requiredMonths: 12 });
    const inside = body.rules.find((r: any) => r.ruleId === 'shanghai.housing-purchase.inside-outer-ring');
    // 2025-06 .. 2026-12 = 19 months of 36: met from 2028-05.
    expect(inside).toMatchObject({ status: 'not_met', qualifyingMonths: 19, willBeMetMonth: '2028-05', willBeMetOn: '2028-05-01' });
    expect(inside.breakImpact).toMatchObject({ resets: true });
    expect(body.rules.find((r: any) => r.purpose === 'car-plate-lottery').status).toBe('not_sourced');
    expect((await emp2.get(`/api/t/${slugA}/me/continuity?breakMonths=abc`)).status).toBe(400);
  });

  it('what if I leave: last covered month by the cut-off day, pension shortfall, waiting period, qualifications', async () => {
    const res = await emp1.get(`/api/t/${slugA}/me/leave-estimate?leaveDate=2027-03-10&gapMonths=3`);
    expect(res.status).toBe(200);
    const body = await json(res);
    // Shanghai's cut-off day is not sourced in the policy library: the tenant's (default 25) decides.
    expect(body).toMatchObject({ cutoffDay: 25, cutoffSource: 'tenant', lastCoveredMonth: '2027-02', gapFrom: '2027-03', gapTo: '2027-05', medicalWaitingMonths: 3 });
    expect(Number(body.pension.shortfall)).toBe(Math.round(Number(body.pension.monthlyBase) * 0.08 * 3 * 100) / 100);
    expect(body.qualifications.find((q: any) => q.ruleId === 'shanghai.housing-purchase.inside-outer-ring').resets).toBe(true);
    for (const [query, field] of [['leaveDate=2027-02-30', 'leaveDate'], ['leaveDate=2027-03-10&gapMonths=-1', 'gapMonths'], ['leaveDate=1999-01-01', 'leaveDate']] as const) {
      const bad = await emp1.get(`/api/t/${slugA}/me/leave-estimate?${query}`);
      expect(bad.status, query).toBe(400);
      expect(Object.keys((await json(bad)).error.fields)).toEqual([field]);
    }
  });

  it('requests go to HR inbox; another employee\'s request answers 404; nothing is written on bad input', async () => {
    const sent = await emp1.post(`/api/t/${slugA}/me/requests`, { kind: 'leave', leaveDate: '2027-03-10', message: '计划三月离职' });
    expect(sent.status).toBe(201);
    const request = await json(sent);
    expect((await json(await emp1.get(`/api/t/${slugA}/me/requests`))).items.map((r: any) => r.id)).toEqual([request.id]);
    expect((await emp1.get(`/api/t/${slugA}/me/requests/${request.id}`)).status).toBe(200);
    expect((await emp2.get(`/api/t/${slugA}/me/requests/${request.id}`)).status).toBe(404);
    expect((await json(await emp2.get(`/api/t/${slugA}/me/requests`))).items).toEqual([]);
    const inbox = await json(await hrA.get(`/api/t/${slugA}/notifications`));
    expect(inbox.items.map((n: any) => n.subject)).toContain('李雷 提交了离职日期 2027-03-10');
    expect((await json(await hrA.get(`/api/t/${slugA}/employee-requests`))).items.map((r: any) => r.id)).toContain(request.id);
    // The employee does not see HR's notice about their own request.
    expect((await json(await emp1.get(`/api/t/${slugA}/me/notifications`))).notices.map((n: any) => n.kind)).not.toContain('employee_request.leave');

    for (const [body, field] of [
      [{ kind: 'leave', leaveDate: '2027-02-30' }, 'leaveDate'],
      [{ kind: 'leave' }, 'leaveDate'],
      [{ kind: 'correction', message: '' }, 'message'],
      [{ kind: 'correction', message: '名字', leaveDate: '2027-01-01' }, 'leaveDate'],
    ] as const) {
      const bad = await emp1.post(`/api/t/${slugA}/me/requests`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await json(bad)).error.fields)).toEqual([field]);
    }
    expect((await json(await emp1.get(`/api/t/${slugA}/me/requests`))).items).toHaveLength(1);
    expect((await hrA.post(`/api/t/${slugA}/employee-requests/${request.id}/done`)).status).toBe(204);
    expect((await json(await emp1.get(`/api/t/${slugA}/me/requests/${request.id}`))).status).toBe('done');
  });

  it('my statement PDF is of my own record, and my city\'s portal is named; nobody else gets them through /me', async () => {
    const res = await emp1.get(`/api/t/${slugA}/me/statement.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = squeeze((await pdfText(new Uint8Array(await res.arrayBuffer()))).text);
    expect(text).toContain('李雷');
    expect(text).not.toContain('韩梅梅');
    const portal = await json(await emp1.get(`/api/t/${slugA}/me/official-portal`));
    expect(portal).toMatchObject({ cityCode: '310100', cityName: '上海', sourced: false });
    expect(portal.url).toMatch(/^https:\/\//);
    expect((await unlinked.get(`/api/t/${slugA}/me/statement.pdf`)).status).toBe(404);
    expect((await unlinked.get(`/api/t/${slugA}/me/official-portal`)).status).toBe(404);
    expect((await hrA.get(`/api/t/${slugA}/me/statement.pdf`)).status).toBe(403);
    expect((await hrB.get(`/api/t/${slugA}/me/statement.pdf`)).status).toBe(404);
    expect((await emp1.get(`/api/t/${slugA}/me/statement.pdf?lang=xx`)).status).toBe(400);
  });

  it('an employee without a link, HR and HR of another tenant get no employee pages', async () => {
    expect((await unlinked.get(`/api/t/${slugA}/me/coverage`)).status).toBe(404);
    expect((await hrA.get(`/api/t/${slugA}/me/coverage`)).status).toBe(403);
    for (const path of ['me/employee', 'me/coverage', 'me/contributions', 'me/continuity', 'me/notifications', 'me/requests', 'me/official-portal', 'employee-links', 'employee-requests']) {
      expect((await hrB.get(`/api/t/${slugA}/${path}`)).status, path).toBe(404);
    }
    // Another employee's id in an employee route: 404 (HR's employee page is closed to employees too).
    expect([403, 404]).toContain((await emp1.get(`/api/t/${slugA}/employees/${e2}`)).status);
  });
});

describe('database enforcement', () => {
  it('withEmployee admits only the employee\'s own rows, and nothing of another tenant', async () => {
    const seen = await withEmployee(db, t.A, e1, async (trx) => ({
      employees: (await trx.selectFrom('employees').select('id').where('tenant_id', '=', t.A).execute()).map((r) => r.id),
      periods: (await trx.selectFrom('coverage_periods').select('employee_id').where('tenant_id', '=', t.A).execute()).map((r) => r.employee_id),
      tasks: (await trx.selectFrom('filing_tasks').select('employee_id').where('tenant_id', '=', t.A).execute()).map((r) => r.employee_id),
      wages: (await trx.selectFrom('wage_history').select('employee_id').where('tenant_id', '=', t.A).execute()).map((r) => r.employee_id),
      notices: (await trx.selectFrom('notifications').select('recipient_employee_id').where('tenant_id', '=', t.A).execute()).map((r) => r.recipient_employee_id),
      links: (await trx.selectFrom('employee_user_links').select('employee_id').where('tenant_id', '=', t.A).execute()).map((r) => r.employee_id),
    }));
    expect(seen.employees).toEqual([e1]);
    expect(new Set([...seen.periods, ...seen.tasks, ...seen.wages, ...seen.notices, ...seen.links])).toEqual(new Set([e1]));
    // Writing a row of another employee is refused by the database itself.
    await expect(withEmployee(db, t.A, e1, (trx) => trx.insertInto('employee_requests').values({ tenant_id: t.A, employee_id: e2, kind: 'correction', message: 'x', created_by: e1 }).execute())).rejects.toThrow(/row-level security/);
    await expect(withEmployee(db, t.A, e1, (trx) => trx.updateTable('employees').set({ name: '改名' }).where('tenant_id', '=', t.A).where('id', '=', e2).executeTakeFirst())).resolves.toMatchObject({ numUpdatedRows: 0n });
    // Tenant B's context sees none of A's self-service rows.
    const fromB = await withTenant(db, t.B, async (trx) => ({
      links: await trx.selectFrom('employee_user_links').selectAll().execute(),
      requests: await trx.selectFrom('employee_requests').selectAll().execute(),
    }));
    expect(fromB).toEqual({ links: [], requests: [] });
    // HR (no employee set) still sees both employees.
    expect((await withTenant(db, t.A, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', t.A).execute())).length).toBe(2);
  });
});
