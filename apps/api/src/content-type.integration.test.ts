import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, appDb, provisionDemoTenants, TestClient } from '@lianxu/testing';
import { buildApp } from './app';

// #14 item 2: every route that takes a JSON body answers another media type (or none) with a 415
// naming the expected type, never a 500; the public routes included. The routes come from
// /api/openapi.json, so a new JSON route is covered without editing this test.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const d = apiDeps(db, { trustProxy: true }, { demoMode: true });
const app = buildApp(d.deps);
const BAD_TYPES: (string | undefined)[] = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', undefined];
const PUBLIC = ['/api/auth/sign-in', '/api/contributions/quote', '/api/invitations/accept', '/api/tenant-files/validate'];

let admin: TestClient;
beforeAll(async () => {
  await provisionDemoTenants(db);
  admin = new TestClient(app);
  expect((await admin.signIn('admin@demo-retail.demo')).status).toBe(200);
});
afterAll(async () => {
  await d.close();
  await db.destroy();
});

async function jsonRoutes(): Promise<{ method: string; path: string }[]> {
  const doc = await json(await app.request('http://localhost:3000/api/openapi.json'));
  const routes: { method: string; path: string }[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (op?.requestBody?.content?.['application/json']) routes.push({ method: method.toUpperCase(), path: `/api${path}`.replace(/^\/api\/api\//, '/api/') });
    }
  }
  return routes;
}

const concrete = (path: string) =>
  path.replace('{tenant}', 'demo-retail').replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

describe('media types on JSON routes', () => {
  it('answers 415 naming application/json for every other type, on every JSON route, never a 5xx', async () => {
    const routes = await jsonRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const path of PUBLIC) expect(routes.map((r) => r.path), path).toContain(path);
    const seen: string[] = [];
    for (const { method, path } of routes) {
      for (const type of BAD_TYPES) {
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        const res = await admin.request(method, concrete(path), undefined, { ...headers });
        const withBody = await app.request(`http://localhost:3000${concrete(path)}`, {
          method,
          headers: { ...headers, origin: 'http://localhost:3000', 'x-forwarded-for': admin.address, ...(admin.cookie ? { cookie: admin.cookie } : {}) },
          body: 'email=a&x=<y/>',
        });
        for (const r of [res, withBody]) {
          const label = `${method} ${path} (${type ?? 'no content type'})`;
          expect(r.status, label).toBeLessThan(500);
          if (r.status === 415) {
            const body = await json(r);
            expect(body.error.code, label).toBe('unsupported_media_type');
            expect(body.error.fields, label).toHaveProperty('content-type');
            seen.push(label);
          }
        }
        if (PUBLIC.includes(path)) expect(withBody.status, `${method} ${path} ${type}`).toBe(415);
      }
    }
    // Nearly every route reaches its body check as a tenant admin (the rest answer 403/404 first).
    expect(seen.length).toBeGreaterThan(routes.length * 2);
  });
});
