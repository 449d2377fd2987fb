import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { buildApp } from './app';
import { peopleApiFixture, TEST_ORIGIN, type TestClient } from '@lianxu/testing';

// Tenant API keys (issue #18, item 1): created by tenant admins, shown once, stored hashed, used as
// a bearer token on the web app's routes with the same validation, isolation and audit trail.
const people = peopleApiFixture();
const { db, app, slugA, slugB, hireBody, json } = people;
let adminA: TestClient;
let hrA: TestClient;

function withKey(token: string, method: string, path: string, body?: unknown, on: { request: typeof app.request } = app) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return on.request(`${TEST_ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function createKey(client: TestClient, slug: string, scopes: string[], name = 'payroll sync') {
  const res = await client.post(`/api/t/${slug}/api-keys`, { name, scopes, expiresInDays: 30 });
  expect(res.status).toBe(201);
  return json(res);
}

beforeAll(() => {
  ({ adminA, hrA } = people.clients);
});

describe('API keys', () => {
  it('are created by a tenant admin only, shown once with a visible prefix, and stored hashed', async () => {
    expect((await hrA.post(`/api/t/${slugA}/api-keys`, { name: 'x', scopes: ['employees:read'], expiresInDays: 30 })).status).toBe(403);
    const bad = await adminA.post(`/api/t/${slugA}/api-keys`, { name: '', scopes: ['employees:fly'], expiresInDays: 9999 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['expiresInDays', 'name', 'scopes.0']);

    const key = await createKey(adminA, slugA, ['employees:read']);
    expect(key.token).toMatch(/^lxk_[a-z2-7]{8}_[a-z2-7]{32}$/);
    expect(key.token.startsWith(`${key.prefix}_`)).toBe(true);
    const listed = await json(await adminA.get(`/api/t/${slugA}/api-keys`));
    const row = listed.items.find((k: any) => k.id === key.id);
    expect(row).toMatchObject({ prefix: key.prefix, scopes: ['employees:read'], lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.token.slice(-32));
    const stored = await db.selectFrom('api_keys').select(['secret_hash']).where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash.length).toBe(32);
    expect(stored.secret_hash.toString('utf8')).not.toContain(key.token.slice(-32));
  });

  it('a consultant cannot create keys in a tenant', async () => {
    const consultant = await people.signedIn('consultant@lianxu.demo', people.demoApp);
    const res = await consultant.post('/api/t/demo-manufacturing/api-keys', { name: 'x', scopes: ['employees:read'], expiresInDays: 30 });
    expect(res.status).toBe(403);
  });

  it('a read-only key lists employees, is refused on hire with 403 naming the scope, and its use is recorded', async () => {
    await hrA.post(`/api/t/${slugA}/employees`, hireBody());
    const key = await createKey(adminA, slugA, ['employees:read']);
    const listed = await withKey(key.token, 'GET', `/api/t/${slugA}/employees`);
    expect(listed.status).toBe(200);
    expect((await json(listed)).items.length).toBeGreaterThan(0);

    const counts = await people.counts(people.tenants.A);
    const hire = await withKey(key.token, 'POST', `/api/t/${slugA}/employees`, hireBody());
    expect(hire.status).toBe(403);
    const body = await json(hire);
    expect(body.error.code).toBe('missing_scope');
    expect(body.error.message).toContain('employees:write');
    expect(body.error.fields).toEqual({ scope: 'employees:write' });
    expect(await people.counts(people.tenants.A)).toEqual(counts);

    // Routes not opened to keys at all (managing keys, members) are refused too.
    expect((await withKey(key.token, 'GET', `/api/t/${slugA}/api-keys`)).status).toBe(403);
    expect((await withKey(key.token, 'GET', `/api/t/${slugA}/members`)).status).toBe(403);

    const row = (await json(await adminA.get(`/api/t/${slugA}/api-keys`))).items.find((k: any) => k.id === key.id);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('a key with the hire scope hires through the same validation, and the audit trail names the key', async () => {
    const key = await createKey(adminA, slugA, ['employees:read', 'employees:write']);
    const invalid = await withKey(key.token, 'POST', `/api/t/${slugA}/employees`, hireBody({ hireDate: 'yesterday' }));
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).error.fields).toHaveProperty('hireDate');

    const res = await withKey(key.token, 'POST', `/api/t/${slugA}/employees`, hireBody());
    expect(res.status).toBe(201);
    const employee = await json(res);
    const audit = await withTenant(db, people.tenants.A, (trx) =>
      trx.selectFrom('audit_log').select(['actor_id', 'table_name']).where('tenant_id', '=', people.tenants.A).where('table_name', '=', 'employees')
        .where(({ eb, ref }) => eb(ref('row_key'), '@>', JSON.stringify({ id: employee.id }) as never)).execute());
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actor_id === key.id)).toBe(true);
    const event = await withTenant(db, people.tenants.A, (trx) =>
      trx.selectFrom('employment_events').select('actor_id').where('tenant_id', '=', people.tenants.A).where('employee_id', '=', employee.id).executeTakeFirstOrThrow());
    expect(event.actor_id).toBe(key.id);
  });

  it('a payroll system posts wages and a recruiting system pushes candidates with their keys, idempotently, each only with its scope', async () => {
    const hired = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const payroll = await createKey(adminA, slugA, ['payroll:write'], 'payroll');
    const wage = { recordId: `key-pay-${hired.id.slice(0, 8)}`, employeeId: hired.id, monthlyWage: '9800', effectiveFrom: '2026-04-01' };
    const first = await withKey(payroll.token, 'POST', `/api/t/${slugA}/payroll/wages`, wage);
    expect(first.status).toBe(200);
    const again = await withKey(payroll.token, 'POST', `/api/t/${slugA}/payroll/wages`, wage);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await withKey(payroll.token, 'POST', `/api/t/${slugA}/payroll/wages`, { ...wage, monthlyWage: '9900' })).status).toBe(409);
    const history = (await json(await hrA.get(`/api/t/${slugA}/employees/${hired.id}`))).wageHistory as { monthlyWage: string }[];
    expect(history.map((w) => w.monthlyWage)).toEqual(['8500.00', '9800.00']);

    const candidate = { name: '王芳', mobile: '13912345678', cityCode: '310100', startDate: '2026-03-16', monthlyWage: '5000', candidateId: 'ats-key-1' };
    const noScope = await withKey(payroll.token, 'POST', `/api/t/${slugA}/candidates`, candidate);
    expect(noScope.status).toBe(403);
    expect((await json(noScope)).error.fields).toEqual({ scope: 'employees:write' });
    const recruiting = await createKey(adminA, slugA, ['employees:write'], 'recruiting');
    const pushed = await withKey(recruiting.token, 'POST', `/api/t/${slugA}/candidates`, candidate);
    expect(pushed.status).toBe(201);
    const repeated = await withKey(recruiting.token, 'POST', `/api/t/${slugA}/candidates`, candidate);
    expect(repeated.status).toBe(200);
    expect((await json(repeated)).intake.id).toBe((await json(pushed)).intake.id);
  });

  it('a revoked key is refused at once; an expired, malformed or unknown key is refused', async () => {
    const key = await createKey(adminA, slugA, ['employees:read']);
    expect((await withKey(key.token, 'GET', `/api/t/${slugA}/employees`)).status).toBe(200);
    const revoked = await adminA.post(`/api/t/${slugA}/api-keys/${key.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).revokedAt).not.toBeNull();
    const after = await withKey(key.token, 'GET', `/api/t/${slugA}/employees`);
    expect(after.status).toBe(401);
    expect((await json(after)).error.code).toBe('invalid_api_key');

    const expiring = await createKey(adminA, slugA, ['employees:read']);
    await db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expiring.id).execute();
    expect((await withKey(expiring.token, 'GET', `/api/t/${slugA}/employees`)).status).toBe(401);
    expect((await withKey('lxk_aaaaaaaa_' + 'a'.repeat(32), 'GET', `/api/t/${slugA}/employees`)).status).toBe(401);
    expect((await withKey('not-a-key', 'GET', `/api/t/${slugA}/employees`)).status).toBe(401);
    // A wrong secret with a real prefix is unknown too.
    expect((await withKey(`${key.prefix}_${'b'.repeat(32)}`, 'GET', `/api/t/${slugA}/employees`)).status).toBe(401);
  });

  it('a key of one tenant gets 404 on the other tenant\'s routes', async () => {
    const keyB = await createKey(await people.signedIn(`admin@${slugB}.test`), slugB, ['employees:read', 'employees:write']);
    expect((await withKey(keyB.token, 'GET', `/api/t/${slugB}/employees`)).status).toBe(200);
    for (const [method, path] of [['GET', `/api/t/${slugA}/employees`], ['POST', `/api/t/${slugA}/employees`], ['GET', '/api/t/demo-retail/employees']] as const) {
      const res = await withKey(keyB.token, method, path, method === 'POST' ? hireBody() : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // At the database level the key's rows are its tenant's only.
    const rows = await db.selectFrom('api_keys').select('tenant_id').where('id', '=', keyB.id).execute();
    expect(rows).toEqual([{ tenant_id: people.tenants.B }]);
  });

  it('is rate limited per key with 429 and Retry-After', async () => {
    const limited = buildApp({ ...people.deps.deps, apiKeyRequestsPerMinute: 3 });
    const one = await createKey(adminA, slugA, ['employees:read'], 'one');
    const two = await createKey(adminA, slugA, ['employees:read'], 'two');
    for (let i = 0; i < 3; i++) expect((await withKey(one.token, 'GET', `/api/t/${slugA}/entities`, undefined, limited)).status).toBe(200);
    const refused = await withKey(one.token, 'GET', `/api/t/${slugA}/entities`, undefined, limited);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another key is counted apart.
    expect((await withKey(two.token, 'GET', `/api/t/${slugA}/entities`, undefined, limited)).status).toBe(200);
  });
});
