import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { apiDeps, appDb, provisionDemoTenants, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// The people API against the run's real PostgreSQL: hires, terminations, transfers and wage
// changes, each recorded once, with its filing task and outbox row, and nothing written on bad input.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
// Business "today" is fixed, so dates, deadlines and cut-off months are known.
const TODAY = '2026-03-10';
const clock = createBusinessClock({ fixed: new Date(`${TODAY}T04:00:00Z`) });
const deps = apiDeps(db, { trustProxy: true, clock });
const app = buildApp(deps.deps);
// Consultants without a second factor are let in only in demo mode.
const demoDeps = apiDeps(db, { trustProxy: true, clock }, { demoMode: true });
const demoApp = buildApp(demoDeps.deps);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
let serial = 0;
/** A valid GB 11643 number, different for every call in this file. */
function newIdNumber(): string {
  serial += 1;
  const birth = `19${70 + (serial % 30)}0${1 + (serial % 9)}1${serial % 10}`;
  const body = `310115${birth}${String(100 + ((serial * 37 + Math.floor(Math.random() * 500)) % 900)).slice(-3)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
function wrongCheckDigit(id: string): string {
  const last = id[17]!;
  return id.slice(0, 17) + (last === '0' ? '1' : '0');
}

const slugA = uniqueSlug('people-a');
const slugB = uniqueSlug('people-b');
let tenantA = '';
let tenantB = '';
let demo: Record<string, string> = {};
const CREDIT_CODE = '91310115MA1K4LX0QH';
const usedIds: string[] = [];

function hireBody(overrides: Record<string, unknown> = {}) {
  const idNumber = newIdNumber();
  usedIds.push(idNumber);
  return { name: '张伟', idNumber, mobile: '13812345678', hukou: 'non-local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '8500.00', ...overrides };
}

async function signedIn(email: string, on = app): Promise<TestClient> {
  const c = new TestClient(on);
  const res = await c.signIn(email);
  expect(res.status, `sign in ${email}`).toBe(200);
  return c;
}

type Counts = Record<'employees' | 'employment_events' | 'wage_history' | 'filing_tasks' | 'outbox' | 'audit_log' | 'coverage_periods', number>;

async function counts(tenantId: string): Promise<Counts> {
  return withTenant(db, tenantId, async (trx) => {
    const out = {} as Counts;
    for (const table of ['employees', 'employment_events', 'wage_history', 'filing_tasks', 'outbox', 'audit_log', 'coverage_periods'] as const) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
      out[table] = r.rows[0]!.n;
    }
    return out;
  });
}

let hrA: TestClient;
let adminA: TestClient;
let employeeA: TestClient;
let hrB: TestClient;

beforeAll(async () => {
  demo = await provisionDemoTenants(db);
  const users = (slug: string) => ({
    users: [
      { email: `hr@${slug}.test`, name: '人事', role: 'hr' as const },
      { email: `admin@${slug}.test`, name: '管理员', role: 'tenant_admin' as const },
      { email: `employee@${slug}.test`, name: '员工', role: 'employee' as const },
    ],
    consultants: [],
  });
  tenantA = await provisionForTest(db, {
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
  tenantB = await provisionForTest(db, {
    slug: slugB,
    name: 'People B',
    industry: 'manufacturing',
    workCities: [{ code: '310100', name: '上海' }],
    settings: { warnDay: 20, approvalRequired: true },
    entities: [{ name: '乙公司', creditCode: CREDIT_CODE, registrations: [{ city: '310100', agency: 'social_insurance', number: 'SH-2', gateway: 'filing-file' }] }],
    demo: users(slugB),
  });
  hrA = await signedIn(`hr@${slugA}.test`);
  adminA = await signedIn(`admin@${slugA}.test`);
  employeeA = await signedIn(`employee@${slugA}.test`);
  hrB = await signedIn(`hr@${slugB}.test`);
});

afterAll(async () => {
  await deps.close();
  await demoDeps.close();
  await db.destroy();
});

describe('hire', () => {
  it('answers 201 with the masked ID number only, and starts an enrollment through the outbox', async () => {
    const body = hireBody();
    const res = await hrA.post(`/api/t/${slugA}/employees`, body);
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(body.idNumber);
    const e = JSON.parse(text);
    expect(e.idNumberMasked).toBe(`${body.idNumber.slice(0, 3)}***********${body.idNumber.slice(-4)}`);
    expect(e.mobile).toBe('138****5678');
    expect(e).toMatchObject({ name: '张伟', hukou: 'non-local', workCity: '310100', hireDate: '2026-03-02', status: 'active', monthlyWage: '8500.00', terminationDate: null });
    expect(e.wageHistory).toEqual([{ effectiveFrom: '2026-03-02', monthlyWage: '8500.00' }]);

    const shown = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(shown.enrollment).toMatchObject({ status: 'submitting', deadlineDate: '2026-04-01', deadline: '2026-04-01T16:00:00.000Z', bureauReceipt: null, month: '2026-03', cityCode: '310100' });
    expect(shown.enrollment.workflowId).toMatch(new RegExp(`^enroll:${slugA}:${e.id}:[0-9a-f-]{36}$`));
    expect(shown.tasks).toHaveLength(1);
    expect(shown.tasks[0]).toMatchObject({ kind: 'enrollment', daysLeft: 22, gateway: 'bureau-sim', employeeName: '张伟' });
    expect(shown.coverage).toEqual([]);

    const rows = await withTenant(db, tenantA, async (trx) => ({
      employee: await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantA).where('id', '=', e.id).executeTakeFirstOrThrow(),
      events: await trx.selectFrom('employment_events').selectAll().where('tenant_id', '=', tenantA).where('employee_id', '=', e.id).execute(),
      tasks: await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantA).where('employee_id', '=', e.id).execute(),
      outbox: await trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', 'like', `%:${e.id}:%`).execute(),
    }));
    expect(rows.employee.monthly_wage_fen).toBe('850000');
    expect(rows.employee.id_number_key_id).toBe('dk1');
    expect(rows.employee.id_number_cipher.toString('latin1')).not.toContain(body.idNumber);
    expect(rows.events).toHaveLength(1);
    expect(rows.events[0]).toMatchObject({ kind: 'hire', effective_date: '2026-03-02', response_status: 201 });
    expect(JSON.stringify(rows.events[0]!.details)).not.toContain(body.idNumber);
    expect(rows.tasks).toHaveLength(1);
    const task = rows.tasks[0]!;
    expect(task).toMatchObject({ kind: 'enrollment', status: 'submitting', month: '2026-03', city_code: '310100', gateway: 'bureau-sim', event_id: rows.events[0]!.id });
    expect(task.workflow_id).toBe(`enroll:${slugA}:${e.id}:${rows.events[0]!.id}`);
    expect(task.warn_at!.toISOString()).toBe('2026-03-26T16:00:00.000Z');
    expect(rows.outbox).toHaveLength(1);
    expect(rows.outbox[0]).toMatchObject({ kind: 'start', workflow_type: 'enrollmentWorkflow', workflow_id: task.workflow_id, args: [{ tenantId: tenantA, taskId: task.id, plan: expect.objectContaining({ kind: 'enrollment', open: true, warnAt: task.warn_at!.getTime(), deadlineAt: task.deadline_at!.getTime() }) }] });
  });

  it('waits for approval when the tenant requires it, and takes the entity without asking when there is one', async () => {
    const res = await hrB.post(`/api/t/${slugB}/employees`, hireBody({ hireDate: '2026-03-01' }));
    expect(res.status).toBe(201);
    const e = await json(res);
    expect(e.enrollment).toMatchObject({ status: 'pending_approval', deadlineDate: '2026-03-31' });
    const task = await withTenant(db, tenantB, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantB).where('employee_id', '=', e.id).executeTakeFirstOrThrow());
    // warnDay 20 of tenant B: warned at the start of day hireDate + 20.
    expect(task.warn_at!.toISOString()).toBe('2026-03-20T16:00:00.000Z');
    expect(task.gateway).toBe('filing-file');
  });

  it('makes one employee, one event, one task and one outbox row for the same request twice with one Idempotency-Key', async () => {
    const body = hireBody({ name: '李娜' });
    const key = `hire-${uniqueSlug('k')}`;
    const before = await counts(tenantA);
    const first = await hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key });
    const second = await hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(second)).toEqual(await json(first));
    const after = await counts(tenantA);
    expect(after.employees - before.employees).toBe(1);
    expect(after.employment_events - before.employment_events).toBe(1);
    expect(after.filing_tasks - before.filing_tasks).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);

    // The same key with another body is refused, and writes nothing.
    const other = await hrA.request('POST', `/api/t/${slugA}/employees`, { ...body, monthlyWage: '9000.00' }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect((await json(other)).error).toMatchObject({ code: 'idempotency_key_reused', fields: { 'Idempotency-Key': expect.any(String) } });
    expect(await counts(tenantA)).toEqual(after);
  });

  it('answers two identical requests sent at the same moment with the first answer, writing once', async () => {
    const body = hireBody({ name: '王芳' });
    const key = `hire-${uniqueSlug('race')}`;
    const before = await counts(tenantA);
    const responses = await Promise.all([0, 1, 2].map(() => hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const bodies = await Promise.all(responses.map(json));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const after = await counts(tenantA);
    for (const table of ['employees', 'employment_events', 'filing_tasks', 'outbox', 'wage_history'] as const) expect(after[table] - before[table], table).toBe(1);
  });

  it('refuses a second active employee with the same ID number (409 on idNumber), also when sent at once', async () => {
    const body = hireBody({ name: '赵磊' });
    expect((await hrA.post(`/api/t/${slugA}/employees`, body)).status).toBe(201);
    const again = await hrA.post(`/api/t/${slugA}/employees`, { ...body, idNumber: body.idNumber.toLowerCase() });
    expect(again.status).toBe(409);
    expect(Object.keys((await json(again)).error.fields)).toEqual(['idNumber']);

    const racing = hireBody({ name: '钱多' });
    const results = await Promise.all([0, 1].map(() => hrA.post(`/api/t/${slugA}/employees`, racing)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp?][] = [
    ['a wrong ID check digit', () => hireBody({ idNumber: wrongCheckDigit(newIdNumber()) }), 'idNumber', /check digit/],
    ['an ID number of the wrong shape', () => hireBody({ idNumber: '12345' }), 'idNumber', /18 characters/],
    ['a city not in the policy library', () => hireBody({ workCity: '320100' }), 'workCity', /policy library/],
    ['a city where the entity is not registered', () => hireBody({ workCity: '440300' }), 'workCity', /registration/],
    ['a city code that is not 6 digits', () => hireBody({ workCity: 'shanghai' }), 'workCity', /6-digit/],
    ['a wage of zero', () => hireBody({ monthlyWage: '0' }), 'monthlyWage', /more than 0/],
    ['a wage of 0.00', () => hireBody({ monthlyWage: '0.00' }), 'monthlyWage', /more than 0/],
    ['a wage with three decimals', () => hireBody({ monthlyWage: '8500.123' }), 'monthlyWage', /2 decimals/],
    ['a negative wage', () => hireBody({ monthlyWage: '-100' }), 'monthlyWage'],
    ['an absurd wage', () => hireBody({ monthlyWage: '5000000' }), 'monthlyWage', /below/],
    ['a wage as a number', () => hireBody({ monthlyWage: 8500 }), 'monthlyWage'],
    ['a hire date more than 90 days ahead', () => hireBody({ hireDate: '2026-06-09' }), 'hireDate', /90 days/],
    ['a hire date that does not exist', () => hireBody({ hireDate: '2026-02-30' }), 'hireDate', /real date/],
    ['a hire date before 2000', () => hireBody({ hireDate: '1999-12-31' }), 'hireDate', /2000/],
    ['a short mobile', () => hireBody({ mobile: '1381234' }), 'mobile', /11-digit/],
    ['an unknown hukou', () => hireBody({ hukou: 'rural' }), 'hukou'],
    ['markup in the name', () => hireBody({ name: '<script>alert(1)</script>' }), 'name', /letters/],
    ['an empty name', () => hireBody({ name: '   ' }), 'name', /required/],
    ['a missing ID number', () => { const { idNumber: _, ...rest } = hireBody(); return rest; }, 'idNumber'],
    ['an entity of no one', () => hireBody({ entityId: '00000000-0000-4000-8000-000000000000' }), 'entityId', /no such/],
    ['an unknown field', () => hireBody({ salary: '1' }), 'salary'],
  ];
  for (const [what, body, field, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await counts(tenantA);
      const res = await hrA.post(`/api/t/${slugA}/employees`, body());
      expect(res.status).toBe(400);
      const error = (await json(res)).error;
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.fields ?? {})).toContain(field);
      if (message) expect(error.fields[field]).toMatch(message);
      expect(await counts(tenantA)).toEqual(before);
    });
  }

  it('answers in Chinese by default', async () => {
    const res = await app.request(`http://localhost:3000/api/t/${slugA}/employees`, {
      method: 'POST',
      headers: { cookie: hrA.cookie!, origin: 'http://localhost:3000', 'content-type': 'application/json', 'x-forwarded-for': hrA.address },
      body: JSON.stringify(hireBody({ idNumber: wrongCheckDigit(newIdNumber()) })),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields.idNumber).toContain('校验码');
  });

  it('refuses malformed JSON and a missing entity where the tenant has several', async () => {
    const before = await counts(tenantA);
    const broken = await app.request(`http://localhost:3000/api/t/${slugA}/employees`, {
      method: 'POST',
      headers: { cookie: hrA.cookie!, origin: 'http://localhost:3000', 'content-type': 'application/json', 'x-forwarded-for': hrA.address },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
    expect(await counts(tenantA)).toEqual(before);

    const hrDemo = await signedIn('hr@demo-manufacturing.demo');
    const missing = await hrDemo.post('/api/t/demo-manufacturing/employees', hireBody());
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.fields.entityId).toMatch(/2 employing entities/);
  });

  it('refuses a termination before the hire date and writes nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-01' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-01-31', reason: '试用期未通过' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields.lastWorkingDay).toMatch(/hire date 2026-02-01/);
    expect(await counts(tenantA)).toEqual(before);
    expect((await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`))).status).toBe('active');

    for (const bad of [{ lastWorkingDay: '2026-13-01', reason: 'x' }, { lastWorkingDay: '2026-03-20', reason: '' }, { lastWorkingDay: '2026-03-20' }]) {
      const r = await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, bad);
      expect(r.status).toBe(400);
    }
    expect(await counts(tenantA)).toEqual(before);
  });
});

describe('termination', () => {
  it('ends contributions by the cut-off day: the 24th with the month before, the 26th with this month', async () => {
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', name: '周一' })));
    const b = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', name: '周二' })));
    const ra = await hrA.post(`/api/t/${slugA}/employees/${a.id}/termination`, { lastWorkingDay: '2026-03-24', reason: '合同到期' });
    const rb = await hrA.post(`/api/t/${slugA}/employees/${b.id}/termination`, { lastWorkingDay: '2026-03-26', reason: '合同到期' });
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    const ea = await json(ra);
    expect(ea).toMatchObject({ status: 'terminated', terminationDate: '2026-03-24' });
    const stopA = ea.tasks.find((t: any) => t.kind === 'stop');
    const stopB = (await json(rb)).tasks.find((t: any) => t.kind === 'stop');
    expect(stopA).toMatchObject({ month: '2026-02', cityCode: '310100', status: 'submitting' });
    expect(stopB).toMatchObject({ month: '2026-03', cityCode: '310100' });
    expect(stopA.workflowId).toMatch(new RegExp(`^stop:${slugA}:${a.id}:`));
    const outbox = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', '=', stopA.workflowId).execute());
    expect(outbox).toEqual([expect.objectContaining({ kind: 'start', workflow_type: 'stopWorkflow', args: [{ tenantId: tenantA, taskId: stopA.id, plan: { kind: 'stop', status: 'submitting', open: true, gateway: 'bureau-sim', warnAt: null, deadlineAt: null } }] })]);

    // A second termination is a conflict, not a second stop.
    const again = await hrA.post(`/api/t/${slugA}/employees/${a.id}/termination`, { lastWorkingDay: '2026-03-25', reason: '重复' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_terminated');
  });

  it('follows the city\'s own cut-off day, and never ends before the first covered month', async () => {
    // Hangzhou's cut-off is the 15th in tenant A.
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ workCity: '330100', hireDate: '2026-01-05' })));
    const r = await json(await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-16', reason: '离职' }));
    expect(r.tasks.find((t: any) => t.kind === 'stop').month).toBe('2026-03');
    const short = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-03-02' })));
    const s = await json(await hrA.post(`/api/t/${slugA}/employees/${short.id}/termination`, { lastWorkingDay: '2026-03-05', reason: '试用期' }));
    expect(s.tasks.find((t: any) => t.kind === 'stop').month).toBe('2026-03');
  });

  it('tells an enrollment still waiting for approval to cancel', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody({ hireDate: '2026-03-02' })));
    const r = await hrB.post(`/api/t/${slugB}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-06', reason: '未到岗' });
    expect(r.status).toBe(200);
    const signals = await withTenant(db, tenantB, (trx) =>
      trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute(),
    );
    expect(signals).toEqual([expect.objectContaining({ signal_name: 'cancel', args: [] })]);
  });

  it('does not cancel an enrollment that is already being filed', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-09', reason: '离职' });
    const signals = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').select('id').where('tenant_id', '=', tenantA).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute());
    expect(signals).toEqual([]);
  });

  it('replays a termination sent twice with one key', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const key = uniqueSlug('term');
    const body = { lastWorkingDay: '2026-03-20', reason: '离职' };
    const first = await hrA.request('POST', `/api/t/${slugA}/employees/${e.id}/termination`, body, { 'idempotency-key': key });
    const second = await hrA.request('POST', `/api/t/${slugA}/employees/${e.id}/termination`, body, { 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(second)).tasks.filter((t: any) => t.kind === 'stop')).toHaveLength(1);
  });
});

describe('transfer', () => {
  it('stops in the old city the month before and enrolls in the new city from the effective month', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/transfer`, { workCity: '330100', effectiveDate: '2026-04-01' });
    expect(res.status).toBe(200);
    const moved = await json(res);
    expect(moved.workCity).toBe('330100');
    const stop = moved.tasks.find((t: any) => t.kind === 'stop');
    const enrollments = moved.tasks.filter((t: any) => t.kind === 'enrollment');
    expect(stop).toMatchObject({ cityCode: '310100', month: '2026-03' });
    expect(enrollments.map((t: any) => [t.cityCode, t.month])).toEqual([['310100', '2026-01'], ['330100', '2026-04']]);
    expect(moved.enrollment).toMatchObject({ cityCode: '330100', month: '2026-04', deadlineDate: '2026-05-01', status: 'submitting' });
    // No month between is uncovered: the old city pays through March, the new one from April.
    expect(stop.month < moved.enrollment.month).toBe(true);
    const after = await counts(tenantA);
    expect(after.outbox - before.outbox).toBe(2);
    expect(after.filing_tasks - before.filing_tasks).toBe(2);
    expect(after.employment_events - before.employment_events).toBe(1);
  });

  it('refuses the same city, a city not in the library, and a date before the hire date, writing nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-02' })));
    const before = await counts(tenantA);
    for (const [body, field] of [
      [{ workCity: '310100', effectiveDate: '2026-04-01' }, 'workCity'],
      [{ workCity: '320100', effectiveDate: '2026-04-01' }, 'workCity'],
      [{ workCity: '330100', effectiveDate: '2026-01-01' }, 'effectiveDate'],
      [{ workCity: '330100', effectiveDate: 'soon' }, 'effectiveDate'],
    ] as const) {
      const r = await hrA.post(`/api/t/${slugA}/employees/${e.id}/transfer`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await json(r)).error.fields)).toContain(field);
    }
    expect(await counts(tenantA)).toEqual(before);
  });
});

describe('wage change', () => {
  it('adds to the wage history and changes the wage, without a workflow', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '9200.5', effectiveFrom: '2026-04-01' });
    expect(res.status).toBe(200);
    const changed = await json(res);
    expect(changed.monthlyWage).toBe('9200.50');
    expect(changed.wageHistory).toEqual([{ effectiveFrom: '2026-01-05', monthlyWage: '8500.00' }, { effectiveFrom: '2026-04-01', monthlyWage: '9200.50' }]);
    const after = await counts(tenantA);
    expect(after.outbox).toBe(before.outbox);
    expect(after.employment_events - before.employment_events).toBe(1);
    const bad = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '0', effectiveFrom: '2025-12-01' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['monthlyWage']);
    const early = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '100', effectiveFrom: '2025-12-01' });
    expect((await json(early)).error.fields.effectiveFrom).toMatch(/hire date/);
  });
});

describe('reading employees', () => {
  it('pages, finds by name prefix and by full ID number, and filters by status and city', async () => {
    // Names are letters only: a marker of random Chinese characters no other test uses.
    const marker = [...Array(4)].map(() => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join('');
    const body = hireBody({ name: `${marker}甲`, workCity: '330100' });
    await hrA.post(`/api/t/${slugA}/employees`, body);
    await hrA.post(`/api/t/${slugA}/employees`, hireBody({ name: `${marker}乙` }));
    const byName = await json(await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent(marker)}`));
    expect(byName.total).toBe(2);
    const byId = await json(await hrA.get(`/api/t/${slugA}/employees?q=${body.idNumber.toLowerCase()}`));
    expect(byId.items.map((i: any) => i.name)).toEqual([`${marker}甲`]);
    expect(JSON.stringify(byId)).not.toContain(body.idNumber);
    const inHangzhou = await json(await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent(marker)}&city=330100`));
    expect(inHangzhou.items.map((i: any) => i.name)).toEqual([`${marker}甲`]);
    const page = await json(await hrA.get(`/api/t/${slugA}/employees?pageSize=2&page=2&status=active`));
    expect(page).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.items.every((i: any) => i.status === 'active')).toBe(true);
    expect((await hrA.get(`/api/t/${slugA}/employees?pageSize=1000`)).status).toBe(400);
    expect((await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent('%')}`)).status).toBe(200);
  });

  it('lists the tenant\'s entities with their registrations', async () => {
    const { items } = await json(await hrA.get(`/api/t/${slugA}/entities`));
    expect(items).toHaveLength(1);
    expect(items[0].registrations.map((r: any) => r.cityCode)).toEqual(['310100', '320100', '330100']);
  });

  it('reveals the full ID number to HR, on record, and to no consultant or employee', async () => {
    const body = hireBody();
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, body));
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/reveal-id-number`);
    expect(res.status).toBe(200);
    expect((await json(res)).idNumber).toBe(body.idNumber);
    const hrUser = await json(await hrA.get('/api/me'));
    const audit = await withTenant(db, tenantA, (trx) =>
      trx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantA).where('action', '=', 'id_number.revealed').where(sql<boolean>`row_key->>'id' = ${e.id}`).execute(),
    );
    expect(audit).toEqual([expect.objectContaining({ actor_id: hrUser.user.id, table_name: 'employees' })]);
    expect((await employeeA.post(`/api/t/${slugA}/employees/${e.id}/reveal-id-number`)).status).toBe(403);
  });

  it('exports an xlsx whose rows carry masked ID numbers only, and records the export', async () => {
    const body = hireBody({ name: '导出测试' });
    await hrA.post(`/api/t/${slugA}/employees`, body);
    const res = await hrA.get(`/api/t/${slugA}/employees/export.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`employees-${slugA}-${TODAY}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]![1]).toContain('ID');
    const mine = rows.find((r) => r[0] === '导出测试')!;
    expect(mine[1]).toBe(`${body.idNumber.slice(0, 3)}***********${body.idNumber.slice(-4)}`);
    const all = rows.flat().join('|');
    for (const id of usedIds) expect(all).not.toContain(id);
    expect(rows.slice(1).every((r) => /^\d{3}\*{11}[\dX]{4}$/.test(r[1]!))).toBe(true);
    const audit = await withTenant(db, tenantA, (trx) => trx.selectFrom('audit_log').select('id').where('tenant_id', '=', tenantA).where('action', '=', 'employees.exported').execute());
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});

describe('tasks', () => {
  it('lists open tasks with the employee\'s name and days left, nearest deadline first', async () => {
    const { items } = await json(await hrA.get(`/api/t/${slugA}/tasks?open=true`));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((t: any) => t.open)).toBe(true);
    const withDeadline = items.filter((t: any) => t.deadline);
    expect(withDeadline.map((t: any) => t.deadline)).toEqual([...withDeadline.map((t: any) => t.deadline)].sort());
    const hire0302 = items.find((t: any) => t.kind === 'enrollment' && t.month === '2026-03' && t.deadlineDate === '2026-04-01');
    expect(hire0302).toMatchObject({ daysLeft: 22, employeeName: expect.any(String) });
  });

  it('approves a pending enrollment once, through the outbox', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody()));
    const res = await hrB.post(`/api/t/${slugB}/tasks/${e.enrollment.taskId}/approve`);
    expect(res.status).toBe(200);
    expect((await hrB.post(`/api/t/${slugB}/tasks/${e.enrollment.taskId}/approve`)).status).toBe(409);
    const signals = await withTenant(db, tenantB, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute());
    expect(signals).toEqual([expect.objectContaining({ signal_name: 'approve', args: [{ userId: expect.any(String) }] })]);
    // An enrollment that needs no approval cannot be approved.
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    expect((await hrA.post(`/api/t/${slugA}/tasks/${a.enrollment.taskId}/approve`)).status).toBe(409);
  });

  it('takes a receipt only for a submitted filing-file task', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody()));
    const taskId = e.enrollment.taskId;
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: 'SH-2026-1' })).status).toBe(409);
    await withTenant(db, tenantB, (trx) => trx.updateTable('filing_tasks').set({ status: 'submitted' }).where('tenant_id', '=', tenantB).where('id', '=', taskId).execute());
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: '<b>' })).status).toBe(400);
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: 'SH-2026-000123' })).status).toBe(200);
    const signals = await withTenant(db, tenantB, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('signal_name', '=', 'receiptEntered').execute());
    expect(signals.map((s) => s.args)).toEqual([[{ receiptNo: 'SH-2026-000123' }]]);
    // A bureau-sim task never takes a receipt by hand.
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    expect((await hrA.post(`/api/t/${slugA}/tasks/${a.enrollment.taskId}/receipt`, { receiptNo: 'X1' })).status).toBe(409);
  });

  it('resubmits a rejected task with the corrected ID number', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    const taskId = e.enrollment.taskId;
    expect((await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, {})).status).toBe(409);
    await withTenant(db, tenantA, (trx) =>
      trx.updateTable('filing_tasks').set({ status: 'rejected', rejection: JSON.stringify({ code: 'id_mismatch', message: 'ID does not match the name' }) }).where('tenant_id', '=', tenantA).where('id', '=', taskId).execute(),
    );
    const bad = await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, { idNumber: wrongCheckDigit(newIdNumber()) });
    expect(bad.status).toBe(400);
    const corrected = newIdNumber();
    usedIds.push(corrected);
    const res = await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, { idNumber: corrected, name: '张伟伟' });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(corrected);
    const after = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(after.name).toBe('张伟伟');
    expect(after.idNumberMasked.slice(-4)).toBe(corrected.slice(-4));
    const signals = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', '=', e.enrollment.workflowId).where('signal_name', '=', 'resubmit').execute());
    expect(signals).toHaveLength(1);
  });
});

describe('notifications', () => {
  it('shows each user their own inbox, marks read, and shows tenant admins the SMS outbox with masked mobiles', async () => {
    const hrUser = (await json(await hrA.get('/api/me'))).user;
    const adminUser = (await json(await adminA.get('/api/me'))).user;
    const ids = await withTenant(db, tenantA, async (trx) => {
      const rows = await trx
        .insertInto('notifications')
        .values([
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_user_id: hrUser.id, kind: 'enrollment.warn', subject: '增员即将到期', body: '请尽快处理' },
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_user_id: adminUser.id, kind: 'enrollment.escalated', subject: '增员已逾期', body: '法定期限已过' },
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'sms', recipient_address: '13912345678', kind: 'enrollment.warn', subject: 'SMS', body: '【连续】增员即将到期', provider: 'outbox' },
        ])
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    });
    const inbox = await json(await hrA.get(`/api/t/${slugA}/notifications`));
    expect(inbox.items.map((n: any) => n.subject)).toEqual(['增员即将到期']);
    expect(inbox.unread).toBe(1);
    // Another user's notification is not found, even in the same tenant.
    expect((await hrA.post(`/api/t/${slugA}/notifications/${ids[1]}/read`)).status).toBe(404);
    expect((await hrA.post(`/api/t/${slugA}/notifications/${ids[0]}/read`)).status).toBe(204);
    expect((await json(await hrA.get(`/api/t/${slugA}/notifications`))).unread).toBe(0);

    expect((await hrA.get(`/api/t/${slugA}/sms-outbox`)).status).toBe(403);
    const sms = await json(await adminA.get(`/api/t/${slugA}/sms-outbox`));
    expect(sms.items).toEqual([expect.objectContaining({ recipient: '139****5678', body: '【连续】增员即将到期', status: 'pending' })]);
  });
});

describe('roles', () => {
  it('keeps the employee role out and the consultant read-only', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    for (const [method, path] of [
      ['GET', `/api/t/${slugA}/employees`],
      ['GET', `/api/t/${slugA}/employees/${e.id}`],
      ['POST', `/api/t/${slugA}/employees`],
      ['POST', `/api/t/${slugA}/employees/${e.id}/termination`],
      ['GET', `/api/t/${slugA}/tasks`],
      ['GET', `/api/t/${slugA}/employees/export.xlsx`],
      ['GET', `/api/t/${slugA}/sms-outbox`],
    ] as const) {
      const res = await employeeA.request(method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Everyone reads their own inbox, employees included (notices are filtered by recipient).
    const inbox = await employeeA.get(`/api/t/${slugA}/notifications`);
    expect(inbox.status).toBe(200);
    expect((await json(inbox)).items).toEqual([]);

    // The demo consultant is granted demo-manufacturing, which has two entities: the hire names one.
    const mfgHr = await signedIn('hr@demo-manufacturing.demo');
    const { items: entities } = await json(await mfgHr.get('/api/t/demo-manufacturing/entities'));
    const shanghai = entities.find((en: any) => en.registrations.some((r: any) => r.cityCode === '310100' && r.agency === 'social_insurance'));
    const hired = await mfgHr.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: shanghai.id }));
    expect(hired.status).toBe(201);
    const r = await json(hired);
    const consultant = await signedIn('consultant@lianxu.demo', demoApp);
    expect((await consultant.get(`/api/t/demo-manufacturing/employees/${r.id}`)).status).toBe(200);
    expect((await consultant.get('/api/t/demo-manufacturing/tasks')).status).toBe(200);
    expect((await consultant.post(`/api/t/demo-manufacturing/employees/${r.id}/reveal-id-number`)).status).toBe(403);
    expect((await consultant.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: shanghai.id }))).status).toBe(403);
    expect((await consultant.post(`/api/t/demo-manufacturing/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-31', reason: 'x' })).status).toBe(403);
    // The Hangzhou entity is not registered in Shanghai: refused on workCity, saying why.
    const hangzhou = entities.find((en: any) => en.id !== shanghai.id);
    const wrongEntity = await mfgHr.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: hangzhou.id }));
    expect(wrongEntity.status).toBe(400);
    expect((await json(wrongEntity)).error.fields.workCity).toMatch(/registration/);
  });
});

describe('isolation between tenants', () => {
  it('answers 404 to demo-manufacturing HR on demo-retail\'s employees, tasks and notifications, and on A\'s employee under B', async () => {
    const retailHr = await signedIn('hr@demo-retail.demo');
    const r = await json(await retailHr.post('/api/t/demo-retail/employees', hireBody({ workCity: '110100' })));
    const retailTask = r.enrollment.taskId;
    const mfgHr = await signedIn('hr@demo-manufacturing.demo');
    for (const path of ['/employees', `/employees/${r.id}`, '/tasks', '/notifications', '/entities', '/employees/export.xlsx']) {
      const res = await mfgHr.get(`/api/t/demo-retail${path}`);
      expect(res.status, path).toBe(404);
    }
    for (const [path, body] of [
      ['/employees', hireBody()],
      [`/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-20', reason: 'x' }],
      [`/employees/${r.id}/reveal-id-number`, {}],
      [`/tasks/${retailTask}/approve`, {}],
    ] as const) {
      expect((await mfgHr.post(`/api/t/demo-retail${path}`, body)).status, path).toBe(404);
    }
    // A's ids under B's own path: not found, never B's business.
    expect((await mfgHr.get(`/api/t/demo-manufacturing/employees/${r.id}`)).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-20', reason: 'x' })).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/employees/${r.id}/reveal-id-number`)).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/tasks/${retailTask}/approve`)).status).toBe(404);
    expect((await mfgHr.get('/api/t/demo-manufacturing/tasks')).status).toBe(200);
    const mfgTasks = await json(await mfgHr.get('/api/t/demo-manufacturing/tasks'));
    expect(mfgTasks.items.some((t: any) => t.id === retailTask)).toBe(false);

    // And at the database level: inside B's transaction, A's rows do not exist even unfiltered.
    const seen = await withTenant(db, demo['demo-manufacturing']!, async (trx) => ({
      employees: await trx.selectFrom('employees').select('id').where('id', '=', r.id).execute(),
      events: await trx.selectFrom('employment_events').select('id').where('employee_id', '=', r.id).execute(),
      tasks: await trx.selectFrom('filing_tasks').select('id').where('employee_id', '=', r.id).execute(),
      outbox: await trx.selectFrom('outbox').select('id').where('workflow_id', '=', r.enrollment.workflowId).execute(),
      notifications: await trx.selectFrom('notifications').select('id').where('tenant_id', '=', demo['demo-retail']!).execute(),
    }));
    expect(seen).toEqual({ employees: [], events: [], tasks: [], outbox: [], notifications: [] });
    const updated = await withTenant(db, demo['demo-manufacturing']!, (trx) => trx.updateTable('employees').set({ name: 'x' }).where('id', '=', r.id).executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
  });
});

describe('personal data stays out of logs and audit rows', () => {
  it('never writes an ID number used in this file to the logs, the audit log, events or the outbox', async () => {
    expect(usedIds.length).toBeGreaterThan(20);
    const logs = [...deps.logLines, ...demoDeps.logLines].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const texts = await Promise.all(
      [tenantA, tenantB].map((t) =>
        withTenant(db, t, async (trx) => {
          const audit = await sql<{ t: string }>`select a::text as t from audit_log a where tenant_id = ${t}`.execute(trx);
          const events = await sql<{ t: string }>`select e::text as t from employment_events e where tenant_id = ${t}`.execute(trx);
          const outbox = await sql<{ t: string }>`select o::text as t from outbox o where tenant_id = ${t}`.execute(trx);
          return [...audit.rows, ...events.rows, ...outbox.rows].map((r) => r.t).join('\n');
        }),
      ),
    );
    const stored = texts.join('\n');
    expect(stored).toContain('id_number.revealed');
    for (const id of usedIds) {
      expect(logs).not.toContain(id);
      expect(stored).not.toContain(id);
      expect(stored.toUpperCase()).not.toContain(id.toUpperCase());
    }
  });
});

describe('OpenAPI', () => {
  it('documents the people, task and notification routes', async () => {
    const doc = await json(await app.request('http://localhost:3000/api/openapi.json'));
    for (const path of [
      '/api/t/{tenant}/employees',
      '/api/t/{tenant}/employees/{id}',
      '/api/t/{tenant}/employees/{id}/termination',
      '/api/t/{tenant}/employees/{id}/transfer',
      '/api/t/{tenant}/employees/{id}/wage',
      '/api/t/{tenant}/employees/{id}/reveal-id-number',
      '/api/t/{tenant}/employees/export.xlsx',
      '/api/t/{tenant}/tasks',
      '/api/t/{tenant}/tasks/{id}/approve',
      '/api/t/{tenant}/tasks/{id}/receipt',
      '/api/t/{tenant}/tasks/{id}/resubmit',
      '/api/t/{tenant}/notifications',
      '/api/t/{tenant}/notifications/{id}/read',
      '/api/t/{tenant}/sms-outbox',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/t/{tenant}/employees'].post.responses['201']).toBeDefined();
    expect(doc.components.schemas.HireRequest.properties.hukou.enum).toEqual(['local', 'non-local']);
  });
});
