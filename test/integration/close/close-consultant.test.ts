import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, appDb, buildApp, firstEntityId, lifecycleTenantSpec, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import type { TenantSpec } from '@lianxu/core';

// A consultant's access to a tenant's monthly closes and risk findings follows the consultant grant
// as everywhere else: granted, the consultant reads the closes, a month, its differences, the
// adjustment lines and the findings, and changes nothing (open, match, resolve, lock: 403);
// without a grant, the tenant does not exist for them (404, the same answer as its home page).
// Demo mode, where a consultant without a second factor is let in (as the identity tests do).

const db = appDb();
const deps = apiDeps(db, { trustProxy: true }, { demoMode: true });
const app = buildApp(deps.deps);
const A = { id: '', slug: uniqueSlug('close-cons-a') };
const B = { id: '', slug: uniqueSlug('close-cons-b') };
const CONSULTANT = `consultant@${A.slug}.test`;
let entityA: string;
let entityB: string;

const json = (res: Response): Promise<any> => res.json();
async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status, `sign in ${email}`).toBe(200);
  return c;
}

beforeAll(async () => {
  const spec = lifecycleTenantSpec(A.slug, { seed: 150_031 });
  A.id = await provisionForTest(db, { ...spec, consultantGrants: [CONSULTANT], demo: { ...spec.demo!, consultants: [{ email: CONSULTANT, name: '顾问' }] } } as TenantSpec);
  B.id = await provisionForTest(db, lifecycleTenantSpec(B.slug, { seed: 150_032 }));
  entityA = await firstEntityId(db, A.id);
  entityB = await firstEntityId(db, B.id);
  for (const [t, entity] of [[A, entityA], [B, entityB]] as const) {
    const hr = await signedIn(`hr@${t.slug}.test`);
    expect((await hr.request('PUT', `/api/t/${t.slug}/close/${entity}/110100/2024-09`)).status).toBe(200);
  }
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('a consultant and the monthly close', () => {
  it('reads a granted tenant’s closes, differences, adjustments and risk findings', async () => {
    const c = await signedIn(CONSULTANT);
    const month = `/api/t/${A.slug}/close/${entityA}/110100/2024-09`;
    const list = await c.get(`/api/t/${A.slug}/close`);
    expect(list.status).toBe(200);
    expect((await json(list)).items).toEqual([expect.objectContaining({ entityId: entityA, cityCode: '110100', month: '2024-09', state: 'open' })]);
    expect((await c.get(month)).status).toBe(200);
    expect((await c.get(`${month}/differences`)).status).toBe(200);
    expect((await c.get(`/api/t/${A.slug}/close-adjustments`)).status).toBe(200);
    expect((await c.get(`/api/t/${A.slug}/risk/findings`)).status).toBe(200);
    const report = await c.get(`/api/t/${A.slug}/risk/report.xlsx`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('cannot open, match, resolve, lock or unlock a month, record an adjustment or acknowledge a finding (403, nothing written)', async () => {
    const c = await signedIn(CONSULTANT);
    const month = `/api/t/${A.slug}/close/${entityA}/110100/2024-09`;
    const refused = [
      await c.request('PUT', `/api/t/${A.slug}/close/${entityA}/110100/2024-10`),
      await c.post(`${month}/match`, {}),
      await c.post(`${month}/lock`, {}),
      await c.post(`${month}/unlock`, { reason: '顾问试图解锁' }),
      await c.post(`${month}/differences/00000000-0000-4000-8000-000000000001/resolve`, { action: 'fixed' }),
      await c.post(`/api/t/${A.slug}/risk/findings/00000000-0000-4000-8000-000000000001/acknowledge`, { reason: '顾问' }),
      await c.post(`/api/t/${A.slug}/close-adjustments`, { entityId: entityA, cityCode: '110100', originalMonth: '2024-09', targetMonth: '2024-10', employeeId: '00000000-0000-4000-8000-000000000001', insurance: 'pension', employerFen: 100, employeeFen: 0, reason: 'x' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect((await json(refused[2]!)).error.code).toBe('forbidden_role');
    const hr = await signedIn(`hr@${A.slug}.test`);
    expect((await json(await hr.get(`/api/t/${A.slug}/close`))).items.map((m: { month: string; state: string }) => [m.month, m.state])).toEqual([['2024-09', 'open']]);
  });

  it('gets the same 404 as for the tenant’s home from a tenant that granted nothing', async () => {
    const c = await signedIn(CONSULTANT);
    const home = await c.get(`/api/t/${B.slug}/home`);
    expect(home.status).toBe(404);
    const code = (await json(home)).error.code;
    for (const path of [`/api/t/${B.slug}/close`, `/api/t/${B.slug}/close/${entityB}/110100/2024-09`, `/api/t/${B.slug}/close/${entityB}/110100/2024-09/differences`, `/api/t/${B.slug}/close-adjustments`, `/api/t/${B.slug}/risk/findings`]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expect((await json(res)).error.code).toBe(code);
    }
    expect((await c.post(`/api/t/${B.slug}/close/${entityB}/110100/2024-09/lock`, {})).status).toBe(404);
  });
});
