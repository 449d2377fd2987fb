import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuthService } from '@lianxu/auth';
import { createTenancyActivities, discoverPlugins } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, createTestWorker, provisionDemoTenants, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from '../../apps/api/src/app';
import { runTenants } from '../../apps/cli/src/commands/tenants.command';

// Tenants as code end to end: `lianxu tenants validate|plan|apply|export|new` against the run's
// real PostgreSQL and Temporal (a worker with the tenancy activities on its own task queue).

const db = appDb();
const plugins = discoverPlugins();
let dir: string;
let worker: Awaited<ReturnType<typeof createTestWorker>>;
let running: Promise<void>;
const env = { DATABASE_URL: inject('appUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), NODE_ENV: 'test' } as NodeJS.ProcessEnv;

/** Runs `lianxu tenants ...` in process (the test worker runs for the whole file). */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const run = runTenants(args, { out: (t) => (out += t), err: (t) => (err += t), env, taskQueue: worker.taskQueue, plugins });
  const code = await run;
  return { code, out, err };
}

const slug = uniqueSlug('cfg');
const consultantEmail = `consultant@${slug}.test`;
const adminEmail = `admin@${slug}.test`;

function tenantYaml(s: string): string {
  return `# yaml-language-server: $schema=../tenant.schema.json
slug: ${s}
name: 配置即代码测试
industry: retail
workCities:
  - { code: "110100", name: 北京 }
  - { code: "310100", name: 上海, cutoffDay: 20 }
  - { code: "440300", name: 深圳 }
settings:
  warnDay: 22
  approvalRequired: false
entities:
  - name: 配置测试商业有限公司
    creditCode: 91110105MA01R2T5X4
    registrations:
      - { city: "110100", agency: social_insurance, number: BJ-1, gateway: bureau-sim }
      - { city: "310100", agency: social_insurance, number: SH-1, gateway: bureau-sim }
plugins:
  - id: retail-branches
    enabled: true
    config:
      branches:
        - { name: 北京店, city: "110100", address: 北京市朝阳区1号, manager: 王芳 }
        - { name: 上海店, city: "310100", address: 上海市黄浦区2号, manager: 陈立, managerMobile: "13900000012" }
        - { name: 深圳店, city: "440300", address: 深圳市福田区3号, manager: 林涛 }
customFields:
  - key: store_code
    type: text
    labels: { zh-CN: 门店工号, en: Store staff number }
    searchable: true
  - key: position
    type: single_select
    labels: { zh-CN: 岗位, en: Position }
    options:
      choices:
        - { value: cashier, labels: { zh-CN: 收银员, en: Cashier } }
        - { value: sales, labels: { zh-CN: 导购, en: Sales } }
consultantGrants:
  - ${consultantEmail}
demo:
  users:
    - { email: ${adminEmail}, name: 管理员, role: tenant_admin }
`;
}

/** A file as the CLI names it: relative to the working directory when inside it. */
const shown = (file: string) => (path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file));

async function writeTenant(folder: string, s: string, text: string): Promise<string> {
  const file = path.join(folder, s, 'tenant.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-tenants-'));
  worker = await createTestWorker(createTenancyActivities({ db, plugins }));
  running = worker.worker.run();
  // The consultant has an account (consultants sign in with one) before the tenant exists.
  await createAuthService(db).ensureUser({ email: consultantEmail, name: '配置顾问 Wang', platformRole: 'consultant' });
  await writeTenant(dir, slug, tenantYaml(slug));
});

afterAll(async () => {
  worker.worker.shutdown();
  await running;
  await worker.close();
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('tenants validate', () => {
  const base = tenantYaml('bad-file');
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const cases: { what: string; edit: (t: string) => string; field: string; at: string }[] = [
    { what: 'a YAML syntax error (a key given twice)', edit: (t) => t.replace('industry: retail', 'industry: retail\nname: 又一个名字'), field: '(yaml)', at: '又一个名字' },
    { what: 'an unknown field', edit: (t) => t.replace('settings:', 'colour: red\nsettings:'), field: 'colour', at: 'colour: red' },
    { what: 'a value not allowed', edit: (t) => t.replace('industry: retail', 'industry: retial'), field: 'industry', at: 'industry: retial' },
    { what: 'a wrong type', edit: (t) => t.replace('warnDay: 22', 'warnDay: soon'), field: 'settings.warnDay', at: 'warnDay: soon' },
    { what: 'a bad check character of a credit code', edit: (t) => t.replace('91110105MA01R2T5X4', '91110105MA01R2T5X5'), field: 'entities.0.creditCode', at: '91110105MA01R2T5X5' },
    { what: 'a city listed twice', edit: (t) => t.replace('{ code: "440300", name: 深圳 }', '{ code: "110100", name: 又是北京 }'), field: 'workCities.2.code', at: '又是北京' },
    { what: 'a registration outside the work cities', edit: (t) => t.replace('{ city: "310100", agency', '{ city: "330100", agency'), field: 'entities.0.registrations.1.city', at: '"330100"' },
    { what: 'a select field without choices', edit: (t) => t.replace(/    options:\n      choices:\n.*\n.*\n/, ''), field: 'customFields.1.options.choices', at: 'key: position' },
    { what: 'a custom field key listed twice', edit: (t) => t.replace('key: position', 'key: store_code'), field: 'customFields.1.key', at: 'key: store_code\n    type: single' },
    { what: 'a plugin that is not installed', edit: (t) => t.replace('id: retail-branches', 'id: payroll-magic'), field: 'plugins.0.id', at: 'payroll-magic' },
    { what: 'a plugin option the plugin does not take', edit: (t) => t.replace('customFields:\n', '  - { id: manufacturing-shifts, enabled: true, options: { baseRule: sometimes } }\ncustomFields:\n'), field: 'plugins.1.options.baseRule', at: 'baseRule: sometimes' },
    { what: 'options for a plugin that takes none', edit: (t) => t.replace('    enabled: true\n', '    enabled: true\n    options: { discount: 3 }\n'), field: 'plugins.0.options', at: 'discount: 3' },
    { what: 'a plugin section of a disabled plugin', edit: (t) => t.replace('id: retail-branches\n    enabled: true', 'id: retail-branches\n    enabled: false'), field: 'plugins.0.config', at: 'config:' },
    { what: 'a plugin section for a plugin that owns none', edit: (t) => t.replace('customFields:\n', '  - { id: manufacturing-shifts, enabled: true, config: { shifts: [] } }\ncustomFields:\n'), field: 'plugins.1.config', at: 'shifts: []' },
    { what: 'a branch outside the work cities (in its plugin\'s section)', edit: (t) => t.replace('city: "440300", address', 'city: "440100", address'), field: 'plugins.0.config.branches.2.city', at: '"440100"' },
    { what: 'a bad branch field (checked by its plugin\'s schema)', edit: (t) => t.replace('managerMobile: "13900000012"', 'managerMobile: "12345"'), field: 'plugins.0.config.branches.1.managerMobile', at: '"12345"' },
    { what: 'an unknown field in a plugin section', edit: (t) => t.replace('manager: 林涛 }', 'manager: 林涛, floor: 3 }'), field: 'plugins.0.config.branches.2.floor', at: 'floor: 3' },
    { what: 'the former top-level branches list', edit: (t) => t.replace('consultantGrants:', 'branches: []\nconsultantGrants:'), field: 'branches', at: 'branches: []' },
    { what: 'a consultant grant that is not an e-mail', edit: (t) => t.replace(`  - ${consultantEmail}`, '  - not-an-email'), field: 'consultantGrants.0', at: 'not-an-email' },
  ];

  for (const c of cases) {
    it(`names ${c.what} with its line and exits non-zero`, async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'lianxu-bad-'));
      try {
        const text = c.edit(base);
        expect(text, 'the edit applies').not.toBe(base);
        const file = await writeTenant(folder, 'bad-file', text);
        const line = c.at.includes('\n') ? text.indexOf(c.at) >= 0 ? text.slice(0, text.indexOf(c.at)).split('\n').length : 0 : lineOf(text, c.at);
        const result = await cli('validate', '--dir', folder);
        expect(result.code).toBe(1);
        expect(result.err).toContain(`${shown(file)}:${line} ${c.field}:`);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  }

  it('names a slug that differs from its folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'lianxu-bad-'));
    try {
      await writeTenant(folder, 'other-folder', base);
      const result = await cli('validate', '--dir', folder);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/other-folder\/tenant\.yaml:2 slug: "bad-file" must equal its folder name "other-folder"/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('passes the shipped tenant files, which reference the published JSON Schema', async () => {
    const result = await runTenants(['validate'], { out: () => undefined, err: (t) => expect.fail(t), env, plugins });
    expect(result).toBe(0);
    for (const s of ['demo-manufacturing', 'demo-retail']) {
      expect(readFileSync(path.resolve(import.meta.dirname, `../../tenants/${s}/tenant.yaml`), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../tenant.schema.json');
    }
  });
});

describe('plan and apply', () => {
  it('plans a new tenant as additions, applies it through the workflow under the consultant\'s name, and the second apply changes nothing', async () => {
    const plan = await cli('plan', slug, '--dir', dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain(`${slug} (new tenant):`);
    for (const line of ['+ tenant', '+ work city 310100', '+ plugin retail-branches', '+ custom field store_code', '+ branch 深圳店', `+ consultant grant ${consultantEmail}`]) expect(plan.out).toContain(line);
    expect(await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst()).toBeUndefined();

    const first = await cli('apply', slug, '--dir', dir, '--as', consultantEmail);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(`${slug}: applied by 配置顾问 Wang:`);
    for (const change of ['tenant created', 'plugin enabled: retail-branches', 'custom field added: store_code', 'branch added: 北京店', `consultant grant added: ${consultantEmail}`]) expect(first.out).toContain(change);

    const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const consultant = await db.selectFrom('users').select('id').where('email', '=', consultantEmail).executeTakeFirstOrThrow();
    const live = await withTenant(db, tenant.id, async (trx) => ({
      plugins: await trx.selectFrom('tenant_plugins').select(['plugin_id', 'enabled', 'updated_by']).where('tenant_id', '=', tenant.id).execute(),
      fields: await trx.selectFrom('custom_field_definitions').select(['key', 'position']).where('tenant_id', '=', tenant.id).orderBy('position').execute(),
      audit: await trx.selectFrom('audit_log').select(['table_name', 'actor_id']).where('tenant_id', '=', tenant.id).where('table_name', 'in', ['custom_field_definitions', 'branches', 'tenant_plugins']).execute(),
    }));
    expect(live.plugins).toEqual([{ plugin_id: 'retail-branches', enabled: true, updated_by: consultant.id }]);
    expect(live.fields.map((f) => f.key)).toEqual(['store_code', 'position']);
    // Every row the apply wrote is on record under the consultant who ran it.
    expect(live.audit.length).toBeGreaterThanOrEqual(6);
    expect(live.audit.every((a) => a.actor_id === consultant.id)).toBe(true);
    const applied = await db.selectFrom('platform_audit').selectAll().where('tenant_id', '=', tenant.id).where('action', '=', 'tenant_config.applied').execute();
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ actor_id: consultant.id, actor: `配置顾问 Wang <${consultantEmail}>` });
    expect((applied[0]!.details as { changes: string[] }).changes).toContain('branch added: 上海店');

    const second = await cli('apply', slug, '--dir', dir, '--as', consultantEmail);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain(`${slug}: no change (the live tenant matches the file)`);
    expect(second.out).toContain(`${slug}: no change\n`);
    expect(await db.selectFrom('platform_audit').select('id').where('tenant_id', '=', tenant.id).where('action', '=', 'tenant_config.applied').execute()).toHaveLength(1);
  });

  it('exports the live tenant as a file that plans as no change', async () => {
    const exported = path.join(dir, 'exported');
    const result = await cli('export', slug, '--out', path.join(exported, slug, 'tenant.yaml'));
    expect(result.code, result.err).toBe(0);
    const text = await readFile(path.join(exported, slug, 'tenant.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../tenant.schema.json');
    expect(text).toContain('retail-branches');
    expect(text).not.toContain('demo:');
    expect((await cli('validate', slug, '--dir', exported)).code).toBe(0);
    const plan = await cli('plan', slug, '--dir', exported);
    expect(plan.code).toBe(0);
    expect(plan.out).toBe(`${slug}: no change (the live tenant matches the file)\n`);
    expect((await cli('export', 'no-such-tenant')).code).toBe(1);
  });

  it('round-trips a shipped demo tenant (branches in three cities and more) through export and plan', async () => {
    await provisionDemoTenants(db);
    const exported = path.join(dir, 'demo-export');
    expect((await cli('export', 'demo-retail', '--out', path.join(exported, 'demo-retail', 'tenant.yaml'))).code).toBe(0);
    const text = await readFile(path.join(exported, 'demo-retail', 'tenant.yaml'), 'utf8');
    for (const name of ['北京国贸店', '上海南京东路店', '广州天河城店', '深圳福田店', 'store_code', 'retail-branches']) expect(text).toContain(name);
    expect((await cli('plan', 'demo-retail', '--dir', exported)).out).toBe('demo-retail: no change (the live tenant matches the file)\n');
    // And the shipped file itself matches what provisioning made of it.
    expect((await cli('plan', 'demo-retail')).out).toBe('demo-retail: no change (the live tenant matches the file)\n');
  });

  it('shows a change made in the web by a tenant admin as drift, and apply puts the file back', async () => {
    const deps = apiDeps(db);
    try {
      const app = buildApp(deps.deps);
      const admin = new TestClient(app);
      expect((await admin.signIn(adminEmail)).status).toBe(200);
      expect((await admin.request('PUT', `/api/t/${slug}/plugins/manufacturing-shifts`, { enabled: true })).status).toBe(200);
      expect((await admin.post(`/api/t/${slug}/custom-fields`, { key: 'locker', type: 'text', labels: { 'zh-CN': '柜号', en: 'Locker' } })).status).toBe(201);
      expect((await admin.request('PATCH', `/api/t/${slug}/custom-fields/position`, { labels: { 'zh-CN': '职位', en: 'Role' } })).status).toBe(200);

      const plan = await cli('plan', slug, '--dir', dir);
      expect(plan.code).toBe(0);
      expect(plan.out).toContain(`${slug}: 0 to add, 1 to change, 2 to remove`);
      expect(plan.out).toContain('- plugin manufacturing-shifts (disabled; its data is kept)');
      expect(plan.out).toContain('- custom field locker (deleted: its values are kept and hidden)');
      expect(plan.out).toContain('~ custom field position');
      expect(plan.out).toContain('labels: {"zh-CN":"职位","en":"Role"} → {"zh-CN":"岗位","en":"Position"}');

      const apply = await cli('apply', slug, '--dir', dir, '--as', consultantEmail);
      expect(apply.code, apply.err).toBe(0);
      expect(apply.out).toContain('plugin disabled: manufacturing-shifts');
      expect(apply.out).toContain('custom field deleted: locker');
      expect((await cli('plan', slug, '--dir', dir)).out).toBe(`${slug}: no change (the live tenant matches the file)\n`);
      const listed = await (await admin.get(`/api/t/${slug}/plugins`)).json();
      expect(listed.items.find((p: any) => p.id === 'manufacturing-shifts').enabled).toBe(false);
    } finally {
      await deps.close();
    }
  });

  it('refuses, and applies nothing, when a change cannot be made; a consultant without a grant applies nothing', async () => {
    const folder = path.join(dir, 'blocked');
    await writeTenant(folder, slug, tenantYaml(slug).replace('key: store_code\n    type: text', 'key: store_code\n    type: number').replace('manager: 王芳', 'manager: 王芳芳'));
    const plan = await cli('plan', slug, '--dir', folder);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('! cannot apply: the type of a field never changes (text → number)');
    const apply = await cli('apply', slug, '--dir', folder, '--as', consultantEmail);
    expect(apply.code).toBe(1);
    expect(apply.err).toContain('nothing applied');
    const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const branch = await withTenant(db, tenant.id, (trx) => (trx as any).selectFrom('branches').select('manager_name').where('tenant_id', '=', tenant.id).where('name', '=', '北京店').executeTakeFirst());
    expect(branch.manager_name).toBe('王芳');

    const outsider = `outsider@${slug}.test`;
    await createAuthService(db).ensureUser({ email: outsider, name: '外部顾问', platformRole: 'consultant' });
    const refused = await cli('apply', slug, '--dir', dir, '--as', outsider);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${outsider} is a consultant without a grant for ${slug}`);
  });
});

describe('tenants new', () => {
  it('starts a tenant file from a template that validates and plans as a new tenant', async () => {
    const fresh = uniqueSlug('cfg-new');
    const result = await cli('new', fresh, '--from', slug, '--name', '新租户有限公司', '--dir', dir);
    expect(result.code, result.err).toBe(0);
    const file = path.join(dir, fresh, 'tenant.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('yaml-language-server: $schema=../tenant.schema.json');
    expect(text).toContain(`slug: ${fresh}`);
    expect(text).toContain('name: 新租户有限公司');
    expect(text).toContain('key: store_code');
    expect(text).toContain('id: retail-branches');
    for (const gone of ['creditCode', 'branches:', 'consultantGrants', 'demo:']) expect(text).not.toContain(gone);
    expect((await cli('validate', fresh, '--dir', dir)).code).toBe(0);
    const plan = await cli('plan', fresh, '--dir', dir);
    expect(plan.out).toContain(`${fresh} (new tenant):`);
    expect((await cli('new', fresh, '--from', slug, '--dir', dir)).err).toContain('exists already');
    expect((await cli('new', uniqueSlug('cfg-x'), '--from', 'no-such-template', '--dir', dir)).code).toBe(1);
    expect(existsSync(path.join(dir, 'no-such-template'))).toBe(false);
  });
});

describe('a provisioning run started before plugins owned their sections', () => {
  it('still applies its top-level branches through syncBranches, as the section of the plugin that once owned that key', async () => {
    const tenant = await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const activities = createTenancyActivities({ db, plugins });
    const branches = [
      { name: '北京店', city: '110100', address: '北京市朝阳区1号', manager: '王芳' },
      { name: '上海店', city: '310100', address: '上海市黄浦区2号', manager: '陈立', managerMobile: '13900000012' },
      { name: '深圳店', city: '440300', address: '深圳市福田区3号', manager: '林涛' },
    ];
    expect(await activities.syncBranches({ tenantId: tenant.id, branches: [...branches, { name: '广州店', city: '440100', address: '广州市天河区4号', manager: '黄敏' }] })).toEqual({ changes: ['branch added: 广州店'] });
    expect(await activities.syncBranches({ tenantId: tenant.id, branches })).toEqual({ changes: ['branch removed: 广州店'] });
    await expect(activities.syncBranches({ tenantId: tenant.id, branches: [{ name: '坏店', city: '1' }] })).rejects.toThrow(/plugin retail-branches: config\.branches\.0/);
  });
});
