import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { buildApp } from './app';
import { pdfText, peopleApiFixture, squeeze, TestClient } from '@lianxu/testing';

type Client = TestClient;

// Coverage statements (参保情况说明) through the API on real PostgreSQL: HR downloads the PDF, the
// public check answers genuine for its code and not for a forged one, tenants stay apart, bad input
// names the field and writes nothing.
const people = peopleApiFixture();
const { db, app, slugA, slugB, hireBody, json } = people;
let tenantA = '';
let tenantB = '';
let hrA: Client;
let hrB: Client;
let employeeA: Client;
let employeeId = '';
let employeeOfB = '';

async function statementCount(tenantId: string): Promise<number> {
  return withTenant(db, tenantId, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from coverage_statements`.execute(trx)).rows[0]!.n);
}

beforeAll(async () => {
  tenantA = people.tenants.A;
  tenantB = people.tenants.B;
  ({ hrA, hrB, employeeA } = people.clients);
  const hired = await hrA.post(`/api/t/${slugA}/employees`, hireBody({ name: '王小明', hireDate: '2025-11-03', monthlyWage: '8500.00' }));
  expect(hired.status).toBe(201);
  employeeId = (await json(hired)).id;
  // What the bureau confirmed: Shanghai from 2025-11, stopped after 2026-01.
  await withTenant(db, tenantA, (trx) =>
    trx.insertInto('coverage_periods').values({ tenant_id: tenantA, employee_id: employeeId, city_code: '310100', start_month: '2025-11', end_month: '2026-01', opened_by: randomUUID() }).execute(),
  );
  const hiredB = await hrB.post(`/api/t/${slugB}/employees`, hireBody({ name: '赵六' }));
  expect(hiredB.status).toBe(201);
  employeeOfB = (await json(hiredB)).id;
});

describe('coverage statement', () => {
  it('is a PDF with the Chinese title, the periods and the amounts of the record, and its code checks out while a forged one does not', async () => {
    const res = await hrA.get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    const flat = squeeze(text);
    expect(flat).toContain('参保情况说明（非官方参保证明）');
    expect(flat).toContain('王小明');
    expect(flat).toMatch(/310\*+\d{3}[\dX]/);
    expect(flat).toContain('甲公司');
    for (const insurance of ['养老保险', '医疗保险', '失业保险', '工伤保险']) expect(flat).toContain(`${insurance}上海2025-112026-01`);
    // Shanghai 2025-2026 at a wage of 8,500: pension 16% / 8%, medical 9% / 2%.
    expect(flat).toContain('2025-11养老保险8,500.001,360.00680.00');
    expect(flat).toContain('2026-01医疗保险8,500.00765.00170.00');
    expect(flat).toContain('累计参保月数:3');
    expect(flat).toContain('上海:上海市“一网通办”');
    expect(flat).toContain('http://localhost:3000/verify');

    const code = /验证码:([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(flat)?.[1];
    expect(code).toBeDefined();
    const anyone = new TestClient(app);
    const genuine = await anyone.post('/api/statements/verify', { code: code!.toLowerCase() });
    expect(genuine.status).toBe(200);
    expect(await json(genuine)).toEqual({ genuine: true, issuedOn: '2026-03-10' });

    const last = code!.at(-1) === '0' ? '1' : '0';
    for (const forged of [`${code!.slice(0, -1)}${last}`, 'AAAA-BBBB-CCCC-DDDD', 'not a code at all']) {
      const res = await anyone.post('/api/statements/verify', { code: forged });
      expect(res.status, forged).toBe(200);
      expect(await json(res), forged).toEqual({ genuine: false, issuedOn: null });
    }

    const rows = await withTenant(db, tenantA, (trx) => trx.selectFrom('coverage_statements').selectAll().where('tenant_id', '=', tenantA).execute());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ employee_id: employeeId, months_counted: 3, language: 'zh-CN' });
    expect(rows[0]!.code_hash).toHaveLength(32);
  });

  it('speaks English when asked', async () => {
    const res = await hrA.get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf?lang=en`);
    expect(res.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Coverage statement (not an official certificate)');
  });

  it('keeps tenants apart: another tenant\'s employee is not found, and the rows are invisible across tenants', async () => {
    expect((await hrB.get(`/api/t/${slugB}/employees/${employeeId}/statement.pdf`)).status).toBe(404);
    expect((await hrA.get(`/api/t/${slugA}/employees/${employeeOfB}/statement.pdf`)).status).toBe(404);
    expect([403, 404]).toContain((await hrB.get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf`)).status);
    expect((await hrB.get(`/api/t/${slugB}/employees/${employeeOfB}/statement.pdf`)).status).toBe(200);

    const seenByB = await withTenant(db, tenantB, (trx) => trx.selectFrom('coverage_statements').select(['tenant_id', 'employee_id']).execute());
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((r) => r.tenant_id === tenantB)).toBe(true);
    // Tenant B cannot write a statement for tenant A (row-level security refuses the row).
    await expect(
      withTenant(db, tenantB, (trx) =>
        trx.insertInto('coverage_statements').values({ tenant_id: tenantA, employee_id: employeeId, code_hash: Buffer.alloc(32, 1), issued_by: null, language: 'zh-CN', months_counted: 0, document_sha256: Buffer.alloc(32) }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // Without a tenant, nothing is visible.
    const none = await db.selectFrom('coverage_statements').select('id').execute();
    expect(none).toEqual([]);
  });

  it('is for HR and tenant admins only', async () => {
    expect((await employeeA.get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf`)).status).toBe(403);
    // Without a session the tenant's routes are not found (as for every tenant route).
    expect((await new TestClient(app).get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf`)).status).toBe(404);
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, and writes nothing', async () => {
    const before = await statementCount(tenantA);
    const cases: [Promise<Response>, string][] = [
      [hrA.get(`/api/t/${slugA}/employees/not-a-uuid/statement.pdf`), 'id'],
      [hrA.get(`/api/t/${slugA}/employees/${employeeId}/statement.pdf?lang=fr`), 'lang'],
      [hrA.post('/api/statements/verify', {}), 'code'],
      [hrA.post('/api/statements/verify', { code: 123 }), 'code'],
      [hrA.post('/api/statements/verify', { code: '   ' }), 'code'],
      [hrA.post('/api/statements/verify', { code: 'A'.repeat(65) }), 'code'],
      [hrA.post('/api/statements/verify', { code: 'AAAA-BBBB-CCCC-DDDD', tenant: slugA }), 'tenant'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status, field).toBe(400);
      const body = await json(res);
      expect(Object.keys(body.error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect(await statementCount(tenantA)).toBe(before);
  });

  it('limits the public check per address', async () => {
    const limited = buildApp({ ...people.deps.deps, statementVerificationsPerMinute: 2 });
    const client = new TestClient(limited);
    for (let i = 0; i < 2; i++) expect((await client.post('/api/statements/verify', { code: 'AAAA-BBBB-CCCC-DDDD' })).status).toBe(200);
    const refused = await client.post('/api/statements/verify', { code: 'AAAA-BBBB-CCCC-DDDD' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // Another address is not held back.
    expect((await new TestClient(limited).post('/api/statements/verify', { code: 'AAAA-BBBB-CCCC-DDDD' })).status).toBe(200);
  });

  it('are both in the OpenAPI document', async () => {
    const doc = await json(await app.request('/api/openapi.json'));
    expect(doc.paths['/api/t/{tenant}/employees/{id}/statement.pdf']?.get).toBeDefined();
    expect(doc.paths['/api/statements/verify']?.post).toBeDefined();
  });
});
