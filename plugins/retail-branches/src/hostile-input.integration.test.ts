import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TestClient, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';

// Issue 14, items 3, 4, 5 and 7 for this plugin: branch text follows the SDK's text rule, and a
// bulk assignment's effective date outside 1900..2100 blames effectiveDate (it blamed
// employeeIds[0]); nothing is written by a refused request.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const deps = apiDeps(db);
const app = buildApp(deps.deps);

const T = { id: '', slug: uniqueSlug('retail-hostile') };
let admin: TestClient;
let employeeId = '';
let branchId = '';
const base = () => `/api/t/${T.slug}/plugins/retail-branches`;

async function rows(): Promise<number[]> {
  return withTenant(db, T.id, async (trx) => {
    const n = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${T.id}`.execute(trx)).rows[0]!.n;
    return [await n('branches'), await n('branch_assignments'), await n('coverage_periods')];
  });
}

async function refused(method: string, path: string, body: unknown, field: string): Promise<Record<string, string>> {
  const before = await rows();
  const res = await admin.request(method, `${base()}${path}`, body);
  const answer = await json(res);
  expect({ status: res.status, body: answer }).toMatchObject({ status: 400, body: { error: { fields: { [field]: expect.any(String) } } } });
  expect(await rows()).toEqual(before);
  return answer.error.fields;
}

beforeAll(async () => {
  T.id = await provisionForTest(db, lifecycleTenantSpec(T.slug));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${T.slug}.test`)).status).toBe(200);
  const actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${T.slug}.test`).executeTakeFirstOrThrow()).id };
  expect((await admin.request('PUT', `/api/t/${T.slug}/plugins/retail-branches`, { enabled: true })).status).toBe(200);
  const n = 9100 + Math.floor(Math.random() * 800);
  const hired = await deps.deps.people.hire(T, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile: '13900000031', hukou: 'local', workCity: '310100', hireDate: '2024-05-06', monthlyWage: '8000.00' });
  expect(hired.status).toBe(201);
  employeeId = hired.body.id;
  const created = await admin.post(`${base()}/branches`, { name: '南京西路店', cityCode: '310100', address: '上海市静安区南京西路 1 号', managerName: '李娜' });
  expect(created.status).toBe(201);
  branchId = (await json(created)).id;
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('bulk assignment dates', () => {
  it('blames effectiveDate, not employeeIds[0], for a date outside 1900..2100', async () => {
    for (const d of ['0001-01-01', '0000-01-01', '9999-12-31']) {
      const fields = await refused('POST', '/assignments/bulk', { employeeIds: [employeeId], branchId, effectiveDate: d }, 'effectiveDate');
      expect(Object.keys(fields)).toEqual(['effectiveDate']);
    }
  });
});

describe('branch text', () => {
  it('refuses NUL, control characters and a lone surrogate in a branch name and address, on create and change', async () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\ud800']) {
      await refused('POST', '/branches', { name: `店${c}`, cityCode: '310100', address: '某路 2 号', managerName: '王五' }, 'name');
      await refused('PATCH', `/branches/${branchId}`, { address: `某路${c}2 号` }, 'address');
    }
  });

  it('stores branch text NFC-normalized and trimmed', async () => {
    const res = await admin.request('PATCH', `${base()}/branches/${branchId}`, { managerName: '  Rene\u0301 ' });
    expect(res.status).toBe(200);
    expect((await json(res)).managerName).toBe('René');
  });
});
