import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSpecToYaml } from '@lianxu/core';
import { apiDeps, appDb, lifecycleTenantSpec, provisionDemoTenants, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import type { TenantSpec } from '@lianxu/core';
import { buildApp } from './app';

// The consultant console: granted tenants only, drift computed with the CLI's own plan against the
// tenant file on disk (a change made in the web shows, undoing it clears it), recent changes from
// the audit trails, and the use of each grant on record.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const CONSULTANT = 'consultant@lianxu.demo';

let dir: string;
let brokenText = '';
const demo = apiDeps(db, { trustProxy: true }, { demoMode: true });
// Outside demo mode a consultant needs a second factor first.
const strict = apiDeps(db, { trustProxy: true }, { demoMode: false });
let app: ReturnType<typeof buildApp>;
let strictApp: ReturnType<typeof buildApp>;

const synced = uniqueSlug('console-a'); // granted, file matches
const broken = uniqueSlug('console-b'); // granted, file invalid
const other = uniqueSlug('console-c'); // not granted
const fileless = uniqueSlug('console-d'); // granted, no file

function spec(slug: string, granted: boolean): TenantSpec {
  // `plugins: []` puts plugins under the file's control: one enabled in the web is drift.
  return { ...lifecycleTenantSpec(slug), plugins: [], consultantGrants: granted ? [CONSULTANT] : [] };
}

async function writeTenantFile(slug: string, text: string): Promise<void> {
  await mkdir(path.join(dir, slug), { recursive: true });
  await writeFile(path.join(dir, slug, 'tenant.yaml'), text);
}

beforeAll(async () => {
  await provisionDemoTenants(db); // the demo consultant's account
  dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-console-'));
  for (const [slug, granted] of [[synced, true], [broken, true], [other, false], [fileless, true]] as const) {
    const s = spec(slug, granted);
    await provisionForTest(db, s);
    if (slug !== fileless) await writeTenantFile(slug, tenantSpecToYaml(s));
  }
  // The same file as the live tenant, but for a plugin that is not installed.
  brokenText = tenantSpecToYaml(spec(broken, true)).replace('plugins: []', 'plugins:\n  - id: no-such-plugin\n    enabled: true');
  await writeTenantFile(broken, brokenText);
  app = buildApp({ ...demo.deps, tenantFilesDir: dir });
  strictApp = buildApp({ ...strict.deps, tenantFilesDir: dir });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await demo.close();
  await strict.close();
  await db.destroy();
});

async function signedIn(email: string, on = app): Promise<TestClient> {
  const c = new TestClient(on);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}

async function consoleTenants(c: TestClient): Promise<Record<string, any>> {
  const res = await c.get('/api/console/tenants');
  expect(res.status).toBe(200);
  return Object.fromEntries((await json(res)).items.map((t: any) => [t.slug, t]));
}

describe('GET /api/console/tenants', () => {
  it('lists only granted tenants, in sync with their file, and flags a change made in the web as drift until it is undone', async () => {
    const consultant = await signedIn(CONSULTANT);
    const before = await consoleTenants(consultant);
    expect(before[other]).toBeUndefined();
    expect(before[synced]).toMatchObject({
      name: `${synced} 有限公司`,
      industry: 'services',
      enabledPlugins: [],
      config: { status: 'in_sync', file: `tenants/${synced}/tenant.yaml`, changes: [] },
    });
    expect(before[synced].config.plan).toBe(`${synced}: no change (the live tenant matches the file)\n`);

    // The tenant admin enables a plugin in the web (the file says none).
    const admin = await signedIn(`admin@${synced}.test`);
    expect((await admin.request('PUT', `/api/t/${synced}/plugins/retail-branches`, { enabled: true })).status).toBe(200);

    const drifted = (await consoleTenants(consultant))[synced];
    expect(drifted.enabledPlugins).toEqual(['retail-branches']);
    expect(drifted.config.status).toBe('drifted');
    // What `lianxu tenants plan` would print: apply would disable it again.
    expect(drifted.config.changes).toEqual([{ op: '-', kind: 'plugin', name: 'retail-branches', details: ['disabled; its data is kept'] }]);
    expect(drifted.config.plan).toContain('- plugin retail-branches');
    // The newest change is the admin's, named, with the columns (never values) it touched.
    expect(drifted.recentChanges[0]).toMatchObject({
      source: 'tenant',
      actor: `Admin <admin@${synced}.test>`,
      action: expect.stringMatching(/^tenant_plugins (insert|update)$/),
      key: { plugin_id: 'retail-branches' },
    });
    expect(drifted.recentChanges[0].columns).toContain('enabled');
    expect(drifted.recentChanges.some((c: any) => c.action === 'consultant_grant.used')).toBe(false);

    // Disabled again (its data kept): the live tenant matches the file once more.
    expect((await admin.request('PUT', `/api/t/${synced}/plugins/retail-branches`, { enabled: false })).status).toBe(200);
    const back = (await consoleTenants(consultant))[synced];
    expect(back.config.status).toBe('in_sync');
    expect(back.enabledPlugins).toEqual([]);
    expect(back.recentChanges[0]).toMatchObject({ action: 'tenant_plugins update', columns: expect.arrayContaining(['enabled']) });
  });

  it('reads the file as it is now: a file edited to declare the web change is in sync', async () => {
    const slug = uniqueSlug('console-e');
    const s = spec(slug, true);
    await provisionForTest(db, s);
    await writeTenantFile(slug, tenantSpecToYaml(s));
    const admin = await signedIn(`admin@${slug}.test`);
    expect((await admin.request('PUT', `/api/t/${slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } })).status).toBe(200);
    const consultant = await signedIn(CONSULTANT);
    expect((await consoleTenants(consultant))[slug].config.changes).toEqual([
      { op: '-', kind: 'plugin', name: 'manufacturing-shifts', details: ['disabled; its data is kept'] },
    ]);
    await writeTenantFile(slug, tenantSpecToYaml({ ...s, plugins: [{ id: 'manufacturing-shifts', enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } }] }));
    expect((await consoleTenants(consultant))[slug].config).toMatchObject({ status: 'in_sync', changes: [] });
    await writeTenantFile(slug, tenantSpecToYaml({ ...s, plugins: [{ id: 'manufacturing-shifts', enabled: true, options: { baseRule: 'wage_only' } }] }));
    const changed = (await consoleTenants(consultant))[slug].config;
    expect(changed.status).toBe('drifted');
    expect(changed.changes).toEqual([
      { op: '~', kind: 'plugin', name: 'manufacturing-shifts', details: ['options: {"baseRule":"wage_plus_overtime_avg"} → {"baseRule":"wage_only"}'] },
    ]);
  });

  it('says when a tenant has no file or an invalid one, naming the line', async () => {
    const consultant = await signedIn(CONSULTANT);
    const items = await consoleTenants(consultant);
    expect(items[fileless].config).toMatchObject({ status: 'no_file', changes: [], problems: [] });
    expect(items[broken].config).toMatchObject({ status: 'invalid_file', changes: [], plan: '' });
    const line = brokenText.split('\n').findIndex((l) => l.includes('no-such-plugin')) + 1;
    expect(items[broken].config.problems).toEqual([expect.stringMatching(new RegExp(`^tenants/${broken}/tenant\\.yaml:${line} plugins\\.0\\.id: .*no-such-plugin`))]);
  });

  it('records each use of a grant, and a revoked grant takes the tenant off the console', async () => {
    const consultant = await signedIn(CONSULTANT);
    const since = new Date();
    await consoleTenants(consultant);
    const uses = await db
      .selectFrom('platform_audit as a')
      .innerJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['t.slug', 'a.actor', 'a.details'])
      .where('a.action', '=', 'consultant_grant.used')
      .where('a.at', '>=', since)
      .where('t.slug', 'in', [synced, other])
      .execute();
    expect(uses).toEqual([{ slug: synced, actor: CONSULTANT, details: expect.objectContaining({ method: 'GET', path: '/api/console/tenants' }) }]);

    const admin = await signedIn(`admin@${fileless}.test`);
    const grants = (await json(await admin.get(`/api/t/${fileless}/grants`))).items;
    const grant = grants.find((g: any) => g.email === CONSULTANT);
    expect((await admin.delete(`/api/t/${fileless}/grants/${grant.id}`)).status).toBe(204);
    const after = await consoleTenants(consultant);
    expect(after[fileless]).toBeUndefined();
    expect(after[synced]).toBeDefined();
  });

  it('is for signed-in consultants only, with a second factor outside demo mode', async () => {
    const anonymous = new TestClient(app);
    expect((await anonymous.get('/api/console/tenants')).status).toBe(401);

    for (const email of [`admin@${synced}.test`, `hr@${synced}.test`]) {
      const res = await (await signedIn(email)).get('/api/console/tenants');
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('forbidden_role');
    }

    // Documented with the rest of the API.
    const spec = await json(await app.request('/api/openapi.json'));
    expect(spec.paths['/api/console/tenants'].get.responses).toHaveProperty('403');

    const noSecondFactor = await signedIn(CONSULTANT, strictApp);
    const res = await noSecondFactor.get('/api/console/tenants');
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('two_factor_required');
  });
});
