import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginRuntime, discoverPlugins, PluginHttpError, resolvePlugins } from '@lianxu/core';
import { apiDeps, appDb, lifecycleTenantSpec, provisionDemoTenants, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

const json = (res: Response): Promise<any> => res.json();
const db = appDb();

// The installed plugins plus one that misbehaves on purpose.
const exploding = {
  id: 'exploding-test',
  version: '0.1.0',
  description: { 'zh-CN': '测试用：会出错的插件', en: 'Test plugin that fails' },
  routes: () =>
    new Hono()
      .get('/boom', () => {
        throw new Error('kaboom: internal detail');
      })
      .get('/refuse', () => {
        throw new PluginHttpError(409, 'not_now', { 'zh-CN': '现在不行', en: 'Not now' });
      })
      .get('/ok', (c) => c.json({ ok: true })),
};
const installed = await discoverPlugins();
const plugins = resolvePlugins([...installed.list.map((p) => ({ folder: p.folder, definition: p.definition })), { folder: 'test-plugins/exploding-test', definition: exploding }]);
const base = apiDeps(db);
const deps = apiDeps(db, { plugins: createPluginRuntime({ db, plugins, people: base.deps.people, logger: base.deps.logger }) });
const app = buildApp(deps.deps);

let A: string; // slug of a tenant that enables plugins
let B: string; // slug of a tenant that does not
beforeAll(async () => {
  await provisionDemoTenants(db);
  A = uniqueSlug('plug-api-a');
  B = uniqueSlug('plug-api-b');
  await provisionForTest(db, lifecycleTenantSpec(A));
  await provisionForTest(db, lifecycleTenantSpec(B));
});
afterAll(async () => {
  await base.close();
  await deps.close();
  await db.destroy();
});

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}
const put = (c: TestClient, path: string, body: unknown) => c.request('PUT', path, body);

describe('plugin list and enablement', () => {
  it('lists the installed plugins with descriptions; the demo tenants start with their industry plugin', async () => {
    const hr = await signedIn('hr@demo-manufacturing.demo');
    const res = await hr.get('/api/t/demo-manufacturing/plugins');
    expect(res.status).toBe(200);
    const items: any[] = (await json(res)).items;
    const byId = Object.fromEntries(items.map((p) => [p.id, p]));
    expect(byId['manufacturing-shifts']).toMatchObject({ enabled: true, version: '0.1.0', hasRoutes: true });
    expect(byId['manufacturing-shifts'].description['zh-CN']).toContain('排班');
    expect(byId['manufacturing-shifts'].description.en).toContain('Shifts');
    expect(byId['manufacturing-shifts'].customFieldPresets.map((p: any) => p.label['zh-CN'])).toEqual(['工种', '班组', '特殊工种']);
    expect(byId['manufacturing-shifts'].reports).toEqual([expect.objectContaining({ id: 'headcount', path: 'reports/headcount.xlsx' })]);
    expect(byId['retail-branches']).toMatchObject({ enabled: false });
    const retail = await signedIn('hr@demo-retail.demo');
    const retailItems: any[] = (await json(await retail.get('/api/t/demo-retail/plugins'))).items;
    expect(retailItems.filter((p) => p.enabled).map((p) => p.id)).toEqual(['retail-branches']);
  });

  it('lets only a tenant admin enable or disable, names a bad option, and 404s an unknown plugin', async () => {
    const hr = await signedIn(`hr@${A}.test`);
    const forbidden = await put(hr, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: true });
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error.code).toBe('forbidden_role');

    const admin = await signedIn(`admin@${A}.test`);
    const badOption = await put(admin, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'everything', hourlyRateFen: -3 } });
    expect(badOption.status).toBe(400);
    const body = await json(badOption);
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['options.baseRule', 'options.hourlyRateFen']);
    for (const hostile of [{}, { enabled: 'yes' }, { enabled: true, options: 'x' }, { enabled: true, extra: 1 }]) {
      const res = await put(admin, `/api/t/${A}/plugins/manufacturing-shifts`, hostile);
      expect(res.status).toBe(400);
    }
    const malformed = await admin.request('PUT', `/api/t/${A}/plugins/manufacturing-shifts`, undefined, { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect((await json(await admin.get(`/api/t/${A}/plugins/manufacturing-shifts`))).enabled).toBe(false);
    expect((await put(admin, `/api/t/${A}/plugins/no-such-plugin`, { enabled: true })).status).toBe(404);
    expect((await put(admin, `/api/t/${A}/plugins/Bad_Id`, { enabled: true })).status).toBe(400);
  });
});

describe('two tenants with different plugins', () => {
  it('serves a plugin\'s routes to the tenant that enabled it and answers 404 to the one that did not', async () => {
    const adminA = await signedIn(`admin@${A}.test`);
    const enabled = await put(adminA, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } });
    expect(enabled.status).toBe(200);
    expect(await json(enabled)).toMatchObject({ id: 'manufacturing-shifts', enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } });

    const hrA = await signedIn(`hr@${A}.test`);
    const patterns = await hrA.get(`/api/t/${A}/plugins/manufacturing-shifts/shift-patterns`);
    expect(patterns.status).toBe(200);
    expect((await json(patterns)).items.map((p: any) => p.name)).toEqual(expect.arrayContaining(['三班倒', '两班倒']));

    const hrB = await signedIn(`hr@${B}.test`);
    // B's session and tenant are fine: the plugin list answers, with the plugin off.
    const listB = await hrB.get(`/api/t/${B}/plugins`);
    expect((await json(listB)).items.find((p: any) => p.id === 'manufacturing-shifts').enabled).toBe(false);
    for (const [method, path] of [
      ['GET', `/api/t/${B}/plugins/manufacturing-shifts/shift-patterns`],
      ['POST', `/api/t/${B}/plugins/manufacturing-shifts/shift-patterns`],
      ['GET', `/api/t/${B}/plugins/manufacturing-shifts/reports/headcount.xlsx?month=2025-01`],
      ['GET', `/api/t/${B}/plugins/no-such-plugin/anything`],
    ] as const) {
      const res = await hrB.request(method, path, method === 'POST' ? { code: 'x', name: 'x', shifts: [] } : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect((await json(res)).error.code).toBe('not_found');
    }
    // And B's people cannot reach A's tenant at all.
    expect((await hrB.get(`/api/t/${A}/plugins/manufacturing-shifts/shift-patterns`)).status).toBe(404);
    expect((await hrB.get(`/api/t/${A}/plugins`)).status).toBe(404);
  });

  it('keeps a plugin\'s data when disabled, hides it, and brings it back with its options when enabled again', async () => {
    const admin = await signedIn(`admin@${A}.test`);
    await put(admin, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg', hourlyRateFen: 4000 } });
    const created = await admin.post(`/api/t/${A}/plugins/manufacturing-shifts/shift-patterns`, {
      code: 'four-crew',
      name: '四班三运转',
      shifts: [{ name: '早班', start: '08:00', end: '16:00', hours: 8 }],
    });
    expect(created.status).toBe(201);

    const off = await put(admin, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: false });
    expect(await json(off)).toMatchObject({ enabled: false, options: { baseRule: 'wage_plus_overtime_avg', hourlyRateFen: 4000 } });
    expect((await admin.get(`/api/t/${A}/plugins/manufacturing-shifts/shift-patterns`)).status).toBe(404);

    const on = await put(admin, `/api/t/${A}/plugins/manufacturing-shifts`, { enabled: true });
    expect(await json(on)).toMatchObject({ enabled: true, options: { baseRule: 'wage_plus_overtime_avg', hourlyRateFen: 4000 } });
    const back = await json(await admin.get(`/api/t/${A}/plugins/manufacturing-shifts/shift-patterns`));
    expect(back.items.map((p: any) => p.code)).toContain('four-crew');
  });
});

describe('a failing plugin', () => {
  it('fails only that request with plugin_failed naming the plugin; the next requests are served', async () => {
    const admin = await signedIn(`admin@${A}.test`);
    expect((await put(admin, `/api/t/${A}/plugins/exploding-test`, { enabled: true })).status).toBe(200);

    const boom = await admin.get(`/api/t/${A}/plugins/exploding-test/boom`);
    expect(boom.status).toBe(500);
    const body = await json(boom);
    expect(body.error.code).toBe('plugin_failed');
    expect(body.error.message).toContain('exploding-test');
    expect(JSON.stringify(body)).not.toContain('kaboom');
    const zh = new TestClient(app, { lang: 'zh-CN' });
    zh.cookie = admin.cookie;
    expect((await json(await zh.get(`/api/t/${A}/plugins/exploding-test/boom`))).error.message).toMatch(/插件「exploding-test」/);
    expect(deps.logLines.some((l) => l.includes('"pluginId":"exploding-test"') && l.includes('kaboom'))).toBe(true);

    // The process keeps serving: the same plugin, another plugin, and core.
    expect(await json(await admin.get(`/api/t/${A}/plugins/exploding-test/ok`))).toEqual({ ok: true });
    const refused = await admin.get(`/api/t/${A}/plugins/exploding-test/refuse`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toEqual({ code: 'not_now', message: 'Not now' });
    expect((await admin.get(`/api/t/${A}/plugins/exploding-test/nowhere`)).status).toBe(404);
    expect((await admin.get(`/api/t/${A}/plugins`)).status).toBe(200);
    const health = await admin.get('/api/health');
    expect(health.status).toBe(200);
    expect((await json(health)).status).toBe('ok');
    expect((await admin.get(`/api/t/${A}/employees`)).status).toBe(200);

    // Another tenant never reaches it.
    const hrB = await signedIn(`hr@${B}.test`);
    expect((await hrB.get(`/api/t/${B}/plugins/exploding-test/boom`)).status).toBe(404);
  });
});
