import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, testPersonName, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// Issue 14, items 1, 3, 4, 5 and 7 (core routes) on the run's real PostgreSQL: a tenant's pattern
// runs in linear time and never stalls another request; lone surrogates, NUL and control
// characters in stored text, path parameters and patterns are a 400 naming the field (never a
// 500); dates outside 1900..2100 are refused by name; unknown keys inside a custom field's
// options or showIn are named; and nothing is written by a refused request.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const TODAY = '2026-03-10';
const clock = createBusinessClock({ fixed: new Date(`${TODAY}T04:00:00Z`) });
const deps = apiDeps(db, { trustProxy: true, clock });
const app = buildApp(deps.deps);

const T = uniqueSlug('hostile');
let tenantId = '';
let admin: TestClient;
let hr: TestClient;
let employeeId = '';
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

let person = 760_000 + Math.floor(Math.random() * 1000) * 7;
function hireBody(overrides: Record<string, unknown> = {}) {
  person += 1;
  return { name: testPersonName(person), idNumber: testIdNumber(person), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '8000.00', ...overrides };
}

async function signedIn(email: string, lang = 'en'): Promise<TestClient> {
  const c = new TestClient(app, { lang });
  expect((await c.signIn(email)).status, email).toBe(200);
  return c;
}

async function counts(): Promise<{ employees: number; fields: number; audit: number }> {
  return withTenant(db, tenantId, async (trx) => {
    const one = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx)).rows[0]!.n;
    return { employees: await one('employees'), fields: await one('custom_field_definitions'), audit: await one('audit_log') };
  });
}

/** Asserts a 400 whose fields name `field` (and nothing was written). */
async function refused(send: () => Promise<Response>, field: string): Promise<Record<string, string>> {
  const before = await counts();
  const res = await send();
  const body = await json(res);
  expect({ status: res.status, body }).toMatchObject({ status: 400, body: { error: { fields: { [field]: expect.any(String) } } } });
  expect(await counts()).toEqual(before);
  return body.error.fields;
}

beforeAll(async () => {
  tenantId = await provisionForTest(db, lifecycleTenantSpec(T));
  admin = await signedIn(`admin@${T}.test`);
  hr = await signedIn(`hr@${T}.test`);
  const created = await admin.post(`/api/t/${T}/custom-fields`, { key: 'k', type: 'pattern_text', labels: label('回溯', 'Backtrack'), options: { maxLength: 2000, pattern: { regex: '(a|a)*b', message: label('x', 'x') } } });
  expect(created.status, JSON.stringify(await created.clone().json())).toBe(201);
  expect((await admin.post(`/api/t/${T}/custom-fields`, { key: 'note', type: 'text', labels: label('备注', 'Note') })).status).toBe(201);
  const hired = await hr.post(`/api/t/${T}/employees`, hireBody());
  expect(hired.status, JSON.stringify(await hired.clone().json())).toBe(201);
  employeeId = (await json(hired)).id;
});

afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('item 1: tenant patterns run in linear time', () => {
  it('checks (a|a)*b against 200 a and a c quickly, and a concurrent health request is not held up', async () => {
    // Warm the health probe so its answer costs no I/O: what is measured is the event loop.
    expect((await app.request('/api/health')).status).toBe(200);
    const hostile = `${'a'.repeat(200)}c`;
    const started = performance.now();
    const patch = hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { k: hostile });
    const health = (async () => {
      const t0 = performance.now();
      const res = await app.request('/api/health');
      return { status: res.status, ms: performance.now() - t0 };
    })();
    const [res, h] = await Promise.all([patch, health]);
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields).toEqual({ 'customFields.k': 'x' });
    expect(h.status).toBe(200);
    expect(h.ms).toBeLessThan(50);
    expect(performance.now() - started).toBeLessThan(5000);
    // The longest value allowed is checked in linear time too.
    const t1 = performance.now();
    const longest = await hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { k: `${'a'.repeat(1999)}c` });
    expect(longest.status).toBe(400);
    expect(performance.now() - t1).toBeLessThan(2000);
    // A matching value is stored.
    const ok = await hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { k: `${'a'.repeat(199)}b` });
    expect(ok.status).toBe(200);
  });

  it('names a pattern RE2 cannot compile, an unsupported construct, a NUL and an over-long pattern in both languages', async () => {
    const field = (regex: string) => ({ key: 'p2', type: 'pattern_text', labels: label('甲', 'A'), options: { pattern: { regex, message: label('x', 'x') } } });
    const en = await refused(() => admin.post(`/api/t/${T}/custom-fields`, field('(a')), 'options.pattern.regex');
    expect(en['options.pattern.regex']).toBe('this format rule cannot be used: a bracket is not closed: the matching “)” is missing');
    const adminZh = await signedIn(`admin@${T}.test`, 'zh-CN');
    const zh = await refused(() => adminZh.post(`/api/t/${T}/custom-fields`, field('(?<=a)b')), 'options.pattern.regex');
    expect(zh['options.pattern.regex']).toBe('无法使用这条格式规则：不支持“向前/向后查看”等写法：“(?<=a)b”');
    const nul = await refused(() => admin.post(`/api/t/${T}/custom-fields`, field('a\u0000b')), 'options.pattern.regex');
    expect(nul['options.pattern.regex']).toBe('must not contain the NUL character');
    const long = await refused(() => admin.post(`/api/t/${T}/custom-fields`, field('a'.repeat(201))), 'options.pattern.regex');
    expect(long['options.pattern.regex']).toBe('at most 200 characters');
  });
});

describe('items 3 and 4: one text rule for stored text', () => {
  it('refuses a lone surrogate in custom-field labels, values on hire and on PATCH, and a termination reason', async () => {
    const bad = 'x\ud800y';
    await refused(() => admin.post(`/api/t/${T}/custom-fields`, { key: 'k2', type: 'text', labels: label(bad, 'A') }), 'labels.zh-CN');
    await refused(() => admin.request('PATCH', `/api/t/${T}/custom-fields/note`, { labels: label('备注', bad) }), 'labels.en');
    await refused(() => hr.post(`/api/t/${T}/employees`, hireBody({ customFields: { note: bad } })), 'customFields.note');
    const patched = await refused(() => hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { note: bad }), 'customFields.note');
    expect(patched['customFields.note']).toMatch(/broken character/);
    await refused(() => hr.post(`/api/t/${T}/employees/${employeeId}/termination`, { lastWorkingDay: '2026-03-24', reason: bad }), 'reason');
    await refused(() => hr.post(`/api/t/${T}/employees`, hireBody({ name: `张${bad}` })), 'name');
  });

  it('refuses NUL and control characters in stored text, naming the field in both languages', async () => {
    for (const c of ['\u0000', '\u0007', '\u001b']) {
      await refused(() => hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { note: `a${c}b` }), 'customFields.note');
      await refused(() => hr.post(`/api/t/${T}/employees/${employeeId}/termination`, { lastWorkingDay: '2026-03-24', reason: `a${c}b` }), 'reason');
      await refused(() => admin.post(`/api/t/${T}/custom-fields`, { key: 'k3', type: 'text', labels: label('甲', `A${c}`) }), 'labels.en');
    }
    const hrZh = await signedIn(`hr@${T}.test`, 'zh-CN');
    const zh = await refused(() => hrZh.post(`/api/t/${T}/employees/${employeeId}/termination`, { lastWorkingDay: '2026-03-24', reason: 'a\u0000b' }), 'reason');
    expect(zh.reason).toBe('不能包含空字符（NUL）');
  });

  it('refuses a NUL in the close and policy-revision texts, naming the field (the close adjustment reason was a 500)', async () => {
    const before = await counts();
    const res = await hr.post(`/api/t/${T}/close-adjustments`, { employeeId, insurance: 'pension', employerFen: 100, employeeFen: 0, reason: 'a\u0000b' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields).toHaveProperty('reason');
    expect(await counts()).toEqual(before);
  });

  it('answers a NUL in a path parameter with a 400 naming it, never a 500', async () => {
    // One rule before routing (path-hygiene.middleware.ts): a control character or broken Unicode
    // anywhere in the path is a 400 naming the path, whatever route it would reach.
    const res = await admin.delete(`/api/t/${T}/custom-fields/a%00b?confirm=true`);
    expect(res.status).toBe(400);
    expect(Object.keys((await json(res)).error.fields)).toEqual(['path']);
    const filter = await hr.get(`/api/t/${T}/employees?cf.note=a%00b`);
    expect(filter.status).toBe(400);
    for (const path of [`/api/t/a%00b/employees`, `/api/t/${T}%00/employees`]) {
      const bad = await hr.get(path);
      expect(bad.status).toBe(400);
      expect(Object.keys((await json(bad)).error.fields)).toEqual(['path']);
    }
    const q = await hr.get(`/api/t/${T}/employees?q=a%00`);
    expect(q.status).toBe(400);
    expect((await json(q)).error.fields).toHaveProperty('q');
  });

  it('refuses NUL, BEL and ESC and a lone surrogate in the public invitation-accept name', async () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\ud800']) {
      const res = await app.request('/api/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': `accept-${c.charCodeAt(0)}` },
        body: JSON.stringify({ token: 'x'.repeat(40), name: `王${c}五`, password: 'a-long-password' }),
      });
      expect({ c: c.charCodeAt(0), status: res.status }).toEqual({ c: c.charCodeAt(0), status: 400 });
      expect((await json(res)).error.fields).toHaveProperty('name');
    }
  });

  it('stores text NFC-normalized and trimmed', async () => {
    const res = await hr.request('PATCH', `/api/t/${T}/employees/${employeeId}/custom-fields`, { note: '  Cafe\u0301  ' });
    expect(res.status).toBe(200);
    expect((await json(res)).customFields.note).toBe('Café');
  });
});

describe('item 5: one business-date type', () => {
  it('refuses year 0000, 0001 and 9999 in core dates, naming the field', async () => {
    for (const d of ['0000-01-01', '0001-01-01', '9999-12-31']) {
      await refused(() => hr.post(`/api/t/${T}/employees/${employeeId}/transfer`, { workCity: '310100', effectiveDate: d }), 'effectiveDate');
      await refused(() => hr.post(`/api/t/${T}/employees/${employeeId}/termination`, { lastWorkingDay: d, reason: '合同到期' }), 'lastWorkingDay');
      await refused(() => hr.post(`/api/t/${T}/employees`, hireBody({ hireDate: d })), 'hireDate');
    }
  });
});

describe('item 7: unknown keys inside a custom field definition', () => {
  it('names an unknown key inside options or showIn, on create and on change', async () => {
    const base = { key: 'k4', type: 'text', labels: label('甲', 'A') };
    const a = await refused(() => admin.post(`/api/t/${T}/custom-fields`, { ...base, options: { maxLength: 10, colour: 'red' } }), 'options.colour');
    expect(a['options.colour']).toBe('is not a property of a custom field');
    await refused(() => admin.post(`/api/t/${T}/custom-fields`, { ...base, showIn: { list: true, sidebar: true } }), 'showIn.sidebar');
    await refused(() => admin.request('PATCH', `/api/t/${T}/custom-fields/note`, { showIn: { sidebar: true } }), 'showIn.sidebar');
    await refused(() => admin.request('PATCH', `/api/t/${T}/custom-fields/note`, { options: { maxLength: 5, extra: 1 } }), 'options.extra');
    await refused(() => admin.request('PATCH', `/api/t/${T}/custom-fields/k`, { options: { pattern: { regex: 'b', message: label('x', 'x'), flags: 'i' } } }), 'options.pattern.flags');
  });
});
