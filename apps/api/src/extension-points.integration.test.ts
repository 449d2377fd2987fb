import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { definePlugin } from '@lianxu/plugin-sdk';
import { createPluginRuntime, discoverPlugins, resolvePlugins } from '@lianxu/core';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// The extension points as the product calls them, through the demo plugins (manufacturing-shifts,
// retail-branches) on a real database: hire form and employee page sections (employeeForm), list
// and export columns (employeeListColumns), the reports page (reports), the risk scan (riskRules);
// and a plugin that throws in every hook, isolated: left out, its admin told once a day.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();

const broken = definePlugin({
  id: 'broken-hooks-test',
  version: '0.1.0',
  description: { 'zh-CN': '测试：每个钩子都出错', en: 'Test: fails in every hook' },
  extensionPoints: {
    employeeForm: () => {
      throw new Error('form exploded');
    },
    employeeListColumns: () => {
      throw new Error('columns exploded');
    },
    reports: () => {
      throw new Error('reports exploded');
    },
    riskRules: () => {
      throw new Error('risks exploded');
    },
  },
  reports: [{ id: 'static-one', title: { 'zh-CN': '静态报表', en: 'Static report' }, format: 'json', path: 'static.json' }],
});

const installed = await discoverPlugins();
const plugins = resolvePlugins([...installed.list.map((p) => ({ folder: p.folder, definition: p.definition })), { folder: 'test-plugins/broken-hooks-test', definition: broken }]);
const base = apiDeps(db);
const runtime = createPluginRuntime({ db, plugins, people: base.deps.people, logger: base.deps.logger });
const deps = apiDeps(db, { plugins: runtime });
const app = buildApp(deps.deps);
const today = deps.deps.clock.today();
const month = today.slice(0, 7);

let slug: string;
let tenantId: string;
let hr: TestClient;
let employeeId: string;
let branchId: string;
beforeAll(async () => {
  slug = uniqueSlug('ext');
  tenantId = await provisionForTest(db, lifecycleTenantSpec(slug));
  await runtime.service.setEnabled(tenantId, 'manufacturing-shifts', { enabled: true });
  await runtime.service.setEnabled(tenantId, 'retail-branches', { enabled: true });
  hr = new TestClient(app);
  expect((await hr.signIn(`hr@${slug}.test`)).status).toBe(200);
  const branch = await hr.post(`/api/t/${slug}/plugins/retail-branches/branches`, { name: '徐家汇店', cityCode: '310100', address: '上海市徐汇区', managerName: '李店长' });
  expect(branch.status).toBe(201);
  branchId = (await json(branch)).id;
});
afterAll(async () => {
  await base.close();
  await deps.close();
  await db.destroy();
});

describe('employeeForm', () => {
  it('gives the hire form a shift section and a branch section, saved through the plugins\' routes after the hire', async () => {
    const form = await json(await hr.get(`/api/t/${slug}/employee-form/sections`));
    const byKey = Object.fromEntries(form.items.map((s: any) => [`${s.pluginId}/${s.key}`, s]));
    expect(Object.keys(byKey)).toEqual(['manufacturing-shifts/shift', 'retail-branches/branch']);
    expect(byKey['manufacturing-shifts/shift'].fields.map((f: any) => f.key)).toEqual(['pattern', 'team']);
    expect(byKey['manufacturing-shifts/shift'].fields[0].options.map((o: any) => o.value)).toEqual(expect.arrayContaining(['three-shift', 'two-shift']));
    expect(byKey['retail-branches/branch'].fields[0]).toMatchObject({ key: 'branch', type: 'single_select', editable: true, value: null, options: [{ value: branchId, label: { 'zh-CN': '徐家汇店', en: '徐家汇店' } }] });

    const hired = await hr.post(`/api/t/${slug}/employees`, { name: '赵六', idNumber: testIdNumber(713_001), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000' });
    expect(hired.status).toBe(201);
    employeeId = (await json(hired)).id;
    for (const section of form.items) {
      const path = `/api/t/${slug}/plugins/${section.pluginId}/${section.savePath.replace('{employeeId}', employeeId)}`;
      const values = section.pluginId === 'retail-branches' ? { branch: branchId } : { pattern: 'three-shift', team: '乙班' };
      const saved = await hr.request('PUT', path, { values });
      expect(saved.status).toBe(200);
      expect((await json(saved)).saved).toBe(true);
    }

    const page = await json(await hr.get(`/api/t/${slug}/employee-form/sections?employeeId=${employeeId}`));
    const values = Object.fromEntries(page.items.flatMap((s: any) => s.fields.map((f: any) => [`${s.key}.${f.key}`, f.value])));
    expect(values).toEqual({ 'shift.pattern': 'three-shift', 'shift.team': '乙班', 'shift.since': today, 'branch.branch': branchId });
  });

  it('names the bad field of a save', async () => {
    const bad = await hr.request('PUT', `/api/t/${slug}/plugins/manufacturing-shifts/employee-form/${employeeId}`, { values: { pattern: 'no-such-pattern' } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toEqual(['patternCode']);
  });
});

describe('employeeListColumns', () => {
  it('adds the plugins\' columns to the list page (one call for the page) and to the Excel export', async () => {
    const list = await json(await hr.get(`/api/t/${slug}/employees`));
    expect(list.items.map((e: any) => e.id)).toEqual([employeeId]);
    const columns = Object.fromEntries(list.pluginColumns.map((c: any) => [`${c.pluginId}/${c.key}`, c]));
    expect(Object.keys(columns)).toEqual(['manufacturing-shifts/overtime_this_month', 'retail-branches/branch']);
    expect(columns['retail-branches/branch'].values).toEqual({ [employeeId]: '徐家汇店' });

    const exported = await hr.get(`/api/t/${slug}/employees/export.xlsx`);
    expect(exported.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await exported.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const at = header.findIndex((h) => h.includes('门店'));
    expect(at).toBeGreaterThan(0);
    expect(String(sheet.getRow(2).getCell(at).value)).toBe('徐家汇店');
  });
});

describe('reports', () => {
  it('lists every enabled plugin\'s reports with download addresses that answer', async () => {
    const items: any[] = (await json(await hr.get(`/api/t/${slug}/reports`))).items;
    const byId = Object.fromEntries(items.map((r) => [r.id, r]));
    expect(byId.headcount).toMatchObject({ pluginId: 'manufacturing-shifts', format: 'xlsx', href: `plugins/manufacturing-shifts/reports/headcount.xlsx?month=${month}` });
    expect(byId['headcount-last-month'].href).toMatch(/^plugins\/manufacturing-shifts\/reports\/headcount\.xlsx\?month=\d{4}-\d{2}$/);
    expect(byId['branch-cost']).toMatchObject({ pluginId: 'retail-branches', format: 'csv', href: 'plugins/retail-branches/reports/branch-cost.csv' });
    const workbook = await hr.get(`/api/t/${slug}/${byId.headcount.href}`);
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get('content-type')).toContain('spreadsheetml');
    const cost = await hr.get(`/api/t/${slug}/${byId['branch-cost'].href}`);
    expect(cost.status).toBe(200);
    const lines = (await cost.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('门店 Branch');
    expect(lines[1]).toMatch(/^徐家汇店,310100,1,/);
  });
});

describe('riskRules', () => {
  it('the risk scan answers the plugins\' findings: someone on a shift without coverage', async () => {
    const res = await hr.post(`/api/t/${slug}/risk-scan`, {});
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.today).toBe(today);
    expect(body.findings).toEqual([expect.objectContaining({ ruleId: 'scheduled_without_coverage', source: 'plugin:manufacturing-shifts', employeeId })]);
  });

  it('is not for someone outside the tenant', async () => {
    const other = new TestClient(app);
    // Not signed in: the tenant is not even revealed.
    expect((await other.post(`/api/t/${slug}/risk-scan`, {})).status).toBe(404);
  });
});

describe('a plugin that throws in a hook', () => {
  it('is left out of every page, which still works; its tenant admins are told once per hook and day', async () => {
    const admin = new TestClient(app);
    expect((await admin.signIn(`admin@${slug}.test`)).status).toBe(200);
    expect((await admin.request('PUT', `/api/t/${slug}/plugins/broken-hooks-test`, { enabled: true })).status).toBe(200);
    for (let round = 0; round < 2; round++) {
      const form = await hr.get(`/api/t/${slug}/employee-form/sections?employeeId=${employeeId}`);
      expect(form.status).toBe(200);
      expect((await json(form)).items.map((s: any) => s.pluginId)).toEqual(['manufacturing-shifts', 'retail-branches']);
      const list = await hr.get(`/api/t/${slug}/employees`);
      expect(list.status).toBe(200);
      expect((await json(list)).pluginColumns.map((c: any) => c.pluginId)).toEqual(['manufacturing-shifts', 'retail-branches']);
      const reports: any[] = (await json(await hr.get(`/api/t/${slug}/reports`))).items;
      // Its static report stays listed; only its hook's answer is lost.
      expect(reports.filter((r) => r.pluginId === 'broken-hooks-test').map((r) => r.id)).toEqual(['static-one']);
      expect(reports.some((r) => r.id === 'branch-cost')).toBe(true);
      const risks = await hr.post(`/api/t/${slug}/risk-scan`, {});
      expect(risks.status).toBe(200);
      expect((await json(risks)).findings.map((f: any) => f.source)).toEqual(['plugin:manufacturing-shifts']);
    }
    const notices = await withTenant(db, tenantId, (trx) =>
      trx.selectFrom('notifications').select(['subject', 'body', 'subject_en', 'recipient_user_id']).where('tenant_id', '=', tenantId).where('kind', '=', 'plugin_failed').orderBy('subject').execute());
    // Said in Chinese, with its English beside it.
    const hooks = notices.map((n) => /在 (\w+) 中出错/.exec(n.subject)?.[1]).sort();
    expect(notices.map((n) => /failed in (\w+)/.exec(n.subject_en ?? '')?.[1]).sort()).toEqual(hooks);
    expect(hooks).toEqual(['employeeForm', 'employeeListColumns', 'reports', 'riskRules']);
    expect(notices.every((n) => n.subject.includes('broken-hooks-test'))).toBe(true);
    expect(notices.find((n) => n.subject.includes('riskRules'))!.body).toContain('risks exploded');
    // The tenant admin sees them in the inbox.
    const inbox = await json(await admin.get(`/api/t/${slug}/notifications`));
    expect(JSON.stringify(inbox)).toContain('broken-hooks-test');
  });
});
