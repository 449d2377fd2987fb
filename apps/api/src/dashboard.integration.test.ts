import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { addMonths, createPersonalDataVault, seedDemoData } from '@lianxu/core';
import { calculateContributions, PolicyInputError } from '@lianxu/policy';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TEST_MASTER_KEY, TestClient, uniqueSlug } from '@lianxu/testing';

// HR's dashboard and the employee's contribution lines (issue #15, item 6) on the run's
// PostgreSQL, over two tenants holding the demo history: every figure equals, to the fen, what
// the policy engine gives for the covered months and wages; nothing of the other tenant shows.

const TODAY = '2026-03-10';
const db = appDb();
const clock = createBusinessClock({ fixed: new Date(`${TODAY}T04:00:00Z`) });
const app = buildApp(apiDeps(db, { trustProxy: true, clock }).deps);
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const slugA = uniqueSlug('dash-a');
const slugB = uniqueSlug('dash-b');
const slugC = uniqueSlug('dash-c');
const ids = { A: '', B: '', C: '' };
let hrA: TestClient;
let hrB: TestClient;
let hrC: TestClient;

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status, email).toBe(200);
  return c;
}

beforeAll(async () => {
  ids.A = await provisionForTest(db, lifecycleTenantSpec(slugA, { seed: 151 }));
  ids.B = await provisionForTest(db, lifecycleTenantSpec(slugB, { seed: 152 }));
  ids.C = await provisionForTest(db, lifecycleTenantSpec(slugC, { seed: 153 }));
  for (const [tenantId, seed] of [[ids.A, 'a'], [ids.B, 'b']] as const) {
    const r = await seedDemoData({ db, vault, clock }, { tenantId, demoMode: true, employees: 60, seed });
    expect(r.seeded).toBe(true);
  }
  [hrA, hrB, hrC] = await Promise.all([signedIn(`hr@${slugA}.test`), signedIn(`hr@${slugB}.test`), signedIn(`hr@${slugC}.test`)]);
}, 120_000);
afterAll(async () => {
  await db.destroy();
});

const json = async (res: Response) => {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text);
};

/** Per covered employee and month: the city, the wage in effect on the month's last day, the hukou. */
async function coveredMonths(tenantId: string, months: string[]) {
  return withTenant(db, tenantId, async (trx) => {
    const r = await sql<{ employee_id: string; month: string; city_code: string; hukou: 'local' | 'non-local'; wage: string | null }>`
      select c.employee_id, m.month, c.city_code, e.hukou,
        (select w.monthly_wage_fen from wage_history w where w.tenant_id = e.tenant_id and w.employee_id = e.id
           and w.effective_from <= (to_date(m.month || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date order by w.effective_from desc limit 1) as wage
      from unnest(${months}::text[]) as m(month)
      join coverage_periods c on c.tenant_id = ${tenantId} and c.start_month <= m.month and (c.end_month is null or c.end_month >= m.month)
      join employees e on e.tenant_id = c.tenant_id and e.id = c.employee_id`.execute(trx);
    return r.rows;
  });
}

function quote(city: string, month: string, wageFen: number, hukou: 'local' | 'non-local') {
  try {
    return calculateContributions({ city, month, wageFen, hukou });
  } catch (error) {
    if (error instanceof PolicyInputError) return null;
    throw error;
  }
}

describe('HR dashboard', () => {
  it('shows the cost per month by city to the fen of the policy engine, the close of this month per city, and open risks with the money at stake', async () => {
    const d = await json(await hrA.get(`/api/t/${slugA}/dashboard`));
    const months = Array.from({ length: 12 }, (_, i) => addMonths('2026-03', i - 11));
    expect(d.currentMonth).toBe('2026-03');
    expect(d.cost.months).toEqual(months);
    // By hand: every covered employee-month priced by the calculator, summed per city and month.
    const expected = new Map<string, { employerFen: number; employeeFen: number; headcount: number }>();
    for (const r of await coveredMonths(ids.A, months)) {
      const key = `${r.city_code}|${r.month}`;
      const sum = expected.get(key) ?? { employerFen: 0, employeeFen: 0, headcount: 0 };
      sum.headcount++;
      const q = r.wage === null ? null : quote(r.city_code, r.month, Number(r.wage), r.hukou);
      for (const l of q?.lines ?? []) {
        sum.employerFen += l.employerFen;
        sum.employeeFen += l.employeeFen;
      }
      expected.set(key, sum);
    }
    let checked = 0;
    for (const city of d.cost.cities) {
      for (const m of city.months) {
        const e = expected.get(`${city.cityCode}|${m.month}`) ?? { employerFen: 0, employeeFen: 0, headcount: 0 };
        expect({ city: city.cityCode, month: m.month, employerFen: m.employerFen, employeeFen: m.employeeFen, headcount: m.headcount })
          .toEqual({ city: city.cityCode, month: m.month, ...e });
        if (e.employerFen > 0) checked++;
      }
    }
    expect(checked).toBeGreaterThan(12);
    expect(d.cost.cities.map((c: { cityName: string }) => c.cityName).sort()).toEqual(['上海', '北京', '深圳'].sort());

    // This month's close per city: Beijing and Shanghai matched with differences where the bill had faults; Shenzhen cannot be priced yet.
    const close = Object.fromEntries(d.close.map((r: { cityCode: string }) => [r.cityCode, r]));
    expect(close['440300']).toMatchObject({ state: 'not_started', month: '2026-03', billReceived: false, openDifferences: 0 });
    for (const city of ['110100', '310100']) expect(close[city]).toMatchObject({ month: '2026-03', billReceived: true, deductionsReceived: true });
    expect(close['110100'].openDifferences + close['310100'].openDifferences).toBeGreaterThanOrEqual(4);

    // Open risks: the count and the money at stake as the findings hold them (notices about the
    // figures, severity info, are not risks); the largest first.
    const stored = await withTenant(db, ids.A, (trx) => sql<{ n: string; fen: string }>`select count(*) as n, coalesce(sum(at_stake_fen), 0) as fen from risk_findings where tenant_id = ${ids.A} and state = 'open' and severity <> 'info'`.execute(trx));
    expect(d.risks.open).toBe(Number(stored.rows[0]!.n));
    expect(d.risks.atStakeFen).toBe(Number(stored.rows[0]!.fen));
    expect(d.risks.open).toBeGreaterThan(0);
    const stakes = d.risks.top.map((f: { atStakeFen: number }) => f.atStakeFen);
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));
    expect(d.risks.top[0].atStakeFen).toBeGreaterThan(0);
  });

  it('is empty, not an error, for a tenant without employees, and marks only the demo tenants as demo data', async () => {
    const d = await json(await hrC.get(`/api/t/${slugC}/dashboard`));
    expect(d.cost.cities.every((c: { months: { employerFen: number }[] }) => c.months.every((m) => m.employerFen === 0))).toBe(true);
    expect(d.close.every((r: { state: string }) => r.state === 'not_started')).toBe(true);
    expect(d.risks).toEqual({ open: 0, atStakeFen: 0, top: [] });
    expect((await json(await hrC.get(`/api/t/${slugC}/home`))).tenant.demo).toBe(false);
    expect((await json(await hrA.get(`/api/t/${slugA}/home`))).tenant.demo).toBe(true);
  });

  it("stays in its tenant: B's dashboard shows none of A's people, A's slug is 404 to B", async () => {
    const names = await withTenant(db, ids.A, (trx) => trx.selectFrom('employees').select('name').where('tenant_id', '=', ids.A).execute());
    const b = await json(await hrB.get(`/api/t/${slugB}/dashboard`));
    const aIds = new Set((await withTenant(db, ids.A, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', ids.A).execute())).map((e) => e.id));
    expect(b.risks.top.some((f: { employeeId: string }) => aIds.has(f.employeeId))).toBe(false);
    expect(names.length).toBe(60);
    expect((await hrB.get(`/api/t/${slugA}/dashboard`)).status).toBe(404);
  });
});

describe("an employee's contribution lines", () => {
  it('lists base, employer and employee per month and insurance as the policy engine prices the covered months, across a transfer', async () => {
    const moved = await withTenant(db, ids.A, (trx) => trx.selectFrom('employment_events').select('employee_id').where('tenant_id', '=', ids.A).where('kind', '=', 'transfer').executeTakeFirstOrThrow());
    const c = await json(await hrA.get(`/api/t/${slugA}/employees/${moved.employee_id}/contributions`));
    expect({ from: c.from, to: c.to }).toEqual({ from: '2024-04', to: '2026-03' });
    const months = Array.from({ length: 24 }, (_, i) => addMonths('2024-04', i));
    const mine = (await coveredMonths(ids.A, months)).filter((r) => r.employee_id === moved.employee_id);
    const expected = mine.sort((a, b) => b.month.localeCompare(a.month)).flatMap((r) => (quote(r.city_code, r.month, Number(r.wage), r.hukou)?.lines ?? [])
      .map((l) => ({ month: r.month, cityCode: r.city_code, insurance: l.insurance, baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, provisional: l.provisional })));
    expect(c.lines).toEqual(expected);
    expect(new Set(c.lines.map((l: { cityCode: string }) => l.cityCode)).size).toBe(2);
    expect(c.totals).toEqual({
      employerFen: expected.reduce((s, l) => s + l.employerFen, 0),
      employeeFen: expected.reduce((s, l) => s + l.employeeFen, 0),
    });
  });

  it('takes a range, and refuses a bad one naming the field', async () => {
    const any = await withTenant(db, ids.A, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', ids.A).where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow());
    const c = await json(await hrA.get(`/api/t/${slugA}/employees/${any.id}/contributions?from=2026-01&to=2026-02`));
    expect({ from: c.from, to: c.to }).toEqual({ from: '2026-01', to: '2026-02' });
    expect(c.lines.length).toBeGreaterThan(0);
    expect(c.lines.every((l: { month: string }) => l.month === '2026-01' || l.month === '2026-02')).toBe(true);
    for (const q of ['from=2026-13', 'to=26-01', 'from=2026-03&to=2026-01', 'from=2010-01&to=2026-01']) {
      const r = await hrA.get(`/api/t/${slugA}/employees/${any.id}/contributions?${q}`);
      expect(r.status, q).toBe(400);
      expect(await r.text(), q).toMatch(/from|to/);
    }
  });

  it("is 404 for another tenant's employee, through either slug", async () => {
    const bEmployee = await withTenant(db, ids.B, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', ids.B).executeTakeFirstOrThrow());
    expect((await hrA.get(`/api/t/${slugA}/employees/${bEmployee.id}/contributions`)).status).toBe(404);
    expect((await hrA.get(`/api/t/${slugB}/employees/${bEmployee.id}/contributions`)).status).toBe(404);
    expect((await hrA.get(`/api/t/${slugA}/employees/00000000-0000-4000-8000-000000000000/contributions`)).status).toBe(404);
  });
});
