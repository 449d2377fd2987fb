import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyLibraryService } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { calculateContributions } from '@lianxu/policy';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TestClient, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';
import type { BranchesTrx } from './branches.tables';

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const deps = apiDeps(db);
const app = buildApp(deps.deps);
const people = deps.deps.people;

const T = { id: '', slug: uniqueSlug('retail') }; // enables the plugin
const O = { id: '', slug: uniqueSlug('retail-off') }; // does not
let admin: TestClient;
let actor: { id: string };
const staff: Record<string, string> = {};
const branch: Record<string, string> = {};
let personNo = 5000 + Math.floor(Math.random() * 4000);
const base = () => `/api/t/${T.slug}/plugins/retail-branches`;

async function hire(tenant: { id: string; slug: string }, key: string, workCity: string, monthlyWage: string) {
  const n = personNo++;
  const answer = await people.hire(tenant, actor, {
    name: testPersonName(n),
    idNumber: testIdNumber(n),
    mobile: `139${String(n).padStart(8, '0')}`,
    hukou: 'local',
    workCity,
    hireDate: '2024-05-06',
    monthlyWage,
  });
  expect(answer.status).toBe(201);
  staff[key] = answer.body.id;
}

async function count(table: 'branches' | 'branch_assignments'): Promise<number> {
  const rows = await withTenant(db, T.id, (trx) => sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${T.id}`.execute(trx));
  return rows.rows[0]!.n;
}

beforeAll(async () => {
  T.id = await provisionForTest(db, lifecycleTenantSpec(T.slug));
  O.id = await provisionForTest(db, lifecycleTenantSpec(O.slug));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${T.slug}.test`)).status).toBe(200);
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${T.slug}.test`).executeTakeFirstOrThrow()).id };
  expect((await admin.request('PUT', `/api/t/${T.slug}/plugins/retail-branches`, { enabled: true })).status).toBe(200);
  await hire(T, 's1', '310100', '8000.00');
  await hire(T, 's2', '310100', '9000.00');
  await hire(T, 'z1', '440300', '12000.00');
  await hire(O, 'o1', '310100', '8000.00');
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('branches', () => {
  it('creates, lists, shows, renames and deletes branches', async () => {
    for (const [key, body] of [
      ['sh', { name: '上海南京西路店', cityCode: '310100', address: '上海市静安区南京西路 1 号', managerName: '王店长', managerMobile: '13912345678' }],
      ['sz', { name: '深圳万象城店', cityCode: '440300', address: '深圳市罗湖区宝安南路 1881 号', managerName: '李店长' }],
      ['gz', { name: '广州天河店', cityCode: '440100', address: '广州市天河区天河路 208 号', managerName: '陈店长' }],
      ['bj', { name: '北京三里屯店', cityCode: '110100', address: '北京市朝阳区三里屯路 19 号', managerName: '赵店长' }],
    ] as const) {
      const res = await admin.post(`${base()}/branches`, body);
      expect(res.status).toBe(201);
      const created = await json(res);
      expect(created).toMatchObject({ name: body.name, cityCode: body.cityCode, managerName: body.managerName, headcount: 0 });
      branch[key] = created.id;
    }
    const list = await json(await admin.get(`${base()}/branches`));
    expect(list.items.map((b: any) => b.cityCode)).toEqual(['110100', '310100', '440100', '440300']);
    expect(await json(await admin.get(`${base()}/branches/${branch.sh}`))).toMatchObject({ id: branch.sh, managerMobile: '13912345678' });

    const renamed = await fetchPatch(`${base()}/branches/${branch.bj}`, { name: '北京朝阳大悦城店' });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).name).toBe('北京朝阳大悦城店');
    expect((await admin.delete(`${base()}/branches/${branch.bj}`)).status).toBe(204);
    expect((await admin.get(`${base()}/branches/${branch.bj}`)).status).toBe(404);
    expect((await admin.get(`${base()}/branches/${randomUUID()}`)).status).toBe(404);
    expect((await admin.get(`${base()}/branches/not-an-id`)).status).toBe(400);
  });

  it('answers bad input with a 400 naming the field (409 for a taken name) and writes nothing', async () => {
    const before = await count('branches');
    const valid = { name: '上海徐家汇店', cityCode: '310100', address: '上海市徐汇区漕溪北路 1 号', managerName: '周店长' };
    const cases: [unknown, string[]][] = [
      [{}, ['address', 'cityCode', 'managerName', 'name']],
      [{ ...valid, cityCode: '999999' }, ['cityCode']],
      [{ ...valid, cityCode: '320500' }, ['cityCode']], // Suzhou: not in the policy library
      [{ ...valid, cityCode: 310100 }, ['cityCode']],
      [{ ...valid, name: '   ' }, ['name']],
      [{ ...valid, name: 'x'.repeat(101) }, ['name']],
      [{ ...valid, name: '店\u0000名' }, ['name']],
      [{ ...valid, managerMobile: '123' }, ['managerMobile']],
      [{ ...valid, address: ['<script>'] }, ['address']],
      [{ ...valid, isAdmin: true }, ['(body)']],
    ];
    for (const [body, fields] of cases) {
      const res = await admin.post(`${base()}/branches`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(Object.keys((await json(res)).error.fields).sort()).toEqual(fields);
    }
    const suzhou = await json(await admin.post(`${base()}/branches`, { ...valid, cityCode: '320500' }));
    expect(suzhou.error.fields.cityCode).toContain('policy library');
    const taken = await admin.post(`${base()}/branches`, { ...valid, name: '上海南京西路店' });
    expect(taken.status).toBe(409);
    expect((await json(taken)).error.fields).toHaveProperty('name');
    const malformed = await admin.request('POST', `${base()}/branches`, undefined, { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(await count('branches')).toBe(before);
  });
});

async function fetchPatch(path: string, body: unknown): Promise<Response> {
  return admin.request('PATCH', path, body);
}

describe('moving employees between branches', () => {
  it('assigns within the city, starts a transfer when the branch is in another city, and changes nothing when repeated', async () => {
    const first = await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.s1, staff.s2], branchId: branch.sh });
    expect(first.status).toBe(200);
    expect((await json(first)).results.map((r: any) => r.status)).toEqual(['assigned', 'assigned']);

    const today = deps.deps.clock.today();
    const move = await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.s1], branchId: branch.sz, effectiveDate: today });
    expect(move.status).toBe(200);
    expect((await json(move)).results).toEqual([{ employeeId: staff.s1, status: 'transfer_started', fromBranchId: branch.sh, fromCity: '310100', toCity: '440300' }]);
    const moved = await people.get(T, staff.s1!);
    expect(moved.workCity).toBe('440300');
    const openTasks = moved.tasks.filter((t) => t.open).map((t) => [t.kind, t.cityCode]);
    expect(openTasks).toEqual(expect.arrayContaining([['stop', '310100'], ['enrollment', '440300']]));

    const again = await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.s1], branchId: branch.sz, effectiveDate: today });
    expect((await json(again)).results.map((r: any) => r.status)).toEqual(['unchanged']);
    const transfers = await withTenant(db, T.id, (trx) =>
      trx.selectFrom('employment_events').select('id').where('tenant_id', '=', T.id).where('employee_id', '=', staff.s1!).where('kind', '=', 'transfer').execute(),
    );
    expect(transfers).toHaveLength(1);

    const sameCity = await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.z1], branchId: branch.sz });
    expect((await json(sameCity)).results.map((r: any) => r.status)).toEqual(['assigned']);
  });

  it('reports a transfer the people module refuses, and does not assign that employee', async () => {
    // The tenant's entity has no registration in Guangzhou: core refuses the transfer.
    const res = await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.s2], branchId: branch.gz });
    const [result] = (await json(res)).results;
    expect(result).toMatchObject({ employeeId: staff.s2, status: 'failed', error: { code: 'validation_failed' } });
    expect(result.error.fields.workCity.en).toContain('no social insurance registration');
    const assigned = await withTenant(db, T.id, (trx) => (trx as unknown as BranchesTrx).selectFrom('branch_assignments').select('branch_id').where('tenant_id', '=', T.id).where('employee_id', '=', staff.s2!).executeTakeFirstOrThrow());
    expect(assigned.branch_id).toBe(branch.sh);
    expect((await people.get(T, staff.s2!)).workCity).toBe('310100');
  });

  it('refuses bad requests naming each entry, with nothing written', async () => {
    const before = await count('branch_assignments');
    const cases: [unknown, string[]][] = [
      [{ employeeIds: [staff.o1], branchId: branch.sz }, ['employeeIds[0]']], // another tenant's employee
      [{ employeeIds: [staff.z1, randomUUID()], branchId: randomUUID() }, ['branchId', 'employeeIds[1]']],
      [{ employeeIds: [], branchId: branch.sz }, ['employeeIds']],
      [{ employeeIds: [staff.z1, staff.z1], branchId: branch.sz }, ['employeeIds']],
      [{ employeeIds: ['x'], branchId: branch.sz }, ['employeeIds[0]']],
      [{ employeeIds: [staff.s2], branchId: branch.sz, effectiveDate: '2024-02-30' }, ['effectiveDate']],
      [{ employeeIds: [staff.s2], branchId: branch.sz, effectiveDate: '2024-01-01' }, ['employeeIds[0]']], // before the hire
    ];
    for (const [body, fields] of cases) {
      const res = await admin.post(`${base()}/assignments/bulk`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(Object.keys((await json(res)).error.fields).sort()).toEqual(fields);
    }
    expect(await count('branch_assignments')).toBe(before);
  });
});

describe('per-branch views', () => {
  it('shows headcount, coverage, this month\'s cost under the branch city\'s policy, and open tasks', async () => {
    const month = deps.deps.clock.today().slice(0, 7);
    await withTenant(db, T.id, (trx) =>
      trx.insertInto('coverage_periods').values({ tenant_id: T.id, employee_id: staff.z1!, city_code: '440300', start_month: '2024-05', opened_by: randomUUID() }).execute(),
    );
    const summary = await json(await admin.get(`${base()}/branches/${branch.sz}/summary`));
    const library = await createPolicyLibraryService({ db }).library();
    // Only complete quotes are a cost; a quote missing an insurance's figures leaves that person unpriced.
    const quotes = [800_000, 1_200_000].map((wageFen) => calculateContributions({ city: '440300', month, wageFen, hukou: 'local' }, library));
    const priced = quotes.filter((q) => q.complete).map((q) => q.totals);
    const sum = (side: 'employerFen' | 'employeeFen') => priced.reduce((total, t) => total + t[side], 0);
    const openTasks = await withTenant(db, T.id, (trx) =>
      trx.selectFrom('filing_tasks').select(['kind']).where('tenant_id', '=', T.id).where('employee_id', 'in', [staff.s1!, staff.z1!]).where('open', '=', true).execute(),
    );
    expect(summary).toMatchObject({
      branchId: branch.sz,
      cityCode: '440300',
      headcount: 2,
      covered: 1,
      uncovered: 1,
      cost: {
        month,
        employerFen: sum('employerFen'),
        employeeFen: sum('employeeFen'),
      },
      openTasks: { total: openTasks.length, enrollment: openTasks.filter((t) => t.kind === 'enrollment').length, stop: openTasks.filter((t) => t.kind === 'stop').length },
    });
    expect(summary.cost.totalFen).toBe(summary.cost.employerFen + summary.cost.employeeFen);
    expect(summary.cost.unpriced).toHaveLength(quotes.length - priced.length);
    for (const q of quotes.filter((quote) => !quote.complete)) {
      // Named: which insurance lacks figures, never a partial total passed off as the cost.
      expect(summary.cost.unpriced.map((u: { reason: string }) => u.reason).join(' ')).toContain(q.missing[0]!.insurance);
    }
    if (priced.length) expect(summary.cost.employerFen).toBeGreaterThan(0);
    // The data behind the number: what is missing (insurance and policy year), and the age of carried figures.
    const missing = [...new Set(quotes.flatMap((q) => q.missing.map((m) => `${m.insurance}:${q.policyYear}`)))].sort();
    expect(summary.cost.missing.map((m: { insurance: string; year: number }) => `${m.insurance}:${m.year}`).sort()).toEqual(missing);
    const carried = quotes.filter((q) => q.complete && q.provisional).flatMap((q) => q.lines.flatMap((l) => l.provisionalFrom));
    expect(summary.cost.carriedFrom).toBe(carried.length ? Math.min(...carried) : null);

    const all = await json(await admin.get(`${base()}/branches/summary`));
    expect(all.items.map((s: any) => [s.name, s.headcount])).toEqual([
      ['上海南京西路店', 1],
      ['广州天河店', 0],
      ['深圳万象城店', 2],
    ]);
    const employees = await json(await admin.get(`${base()}/branches/${branch.sz}/employees`));
    expect(employees.items.map((e: any) => e.employeeId).sort()).toEqual([staff.s1, staff.z1].sort());
  });
});

describe('enablement', () => {
  it('answers 404 to a tenant without the plugin, and hides then restores the data when disabled and enabled again', async () => {
    const other = new TestClient(app);
    expect((await other.signIn(`admin@${O.slug}.test`)).status).toBe(200);
    expect((await other.get(`/api/t/${O.slug}/plugins/retail-branches/branches`)).status).toBe(404);
    expect((await other.post(`/api/t/${O.slug}/plugins/retail-branches/branches`, { name: 'x', cityCode: '310100', address: 'x', managerName: 'x' })).status).toBe(404);

    const before = await json(await admin.get(`${base()}/branches`));
    expect((await admin.request('PUT', `/api/t/${T.slug}/plugins/retail-branches`, { enabled: false })).status).toBe(200);
    expect((await admin.get(`${base()}/branches`)).status).toBe(404);
    expect((await admin.post(`${base()}/assignments/bulk`, { employeeIds: [staff.z1], branchId: branch.sh })).status).toBe(404);
    expect((await admin.request('PUT', `/api/t/${T.slug}/plugins/retail-branches`, { enabled: true })).status).toBe(200);
    expect(await json(await admin.get(`${base()}/branches`))).toEqual(before);
  });
});
