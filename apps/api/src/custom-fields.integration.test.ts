import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessClock, withTenant } from '@lianxu/db';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, testPersonName, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// Custom fields through the API on the run's real PostgreSQL: every type checked on hire and on
// change (a 400 naming customFields.<key>), list filters and sorting, a label rename that keeps
// values, a deletion that needs confirmation and leaves an audit row, Excel export and import
// round-tripping, plugin presets, and tenant B never seeing tenant A's fields.

const json = (res: Response): Promise<any> => res.json();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const db = appDb();
const TODAY = '2026-03-10';
const clock = createBusinessClock({ fixed: new Date(`${TODAY}T04:00:00Z`) });
const deps = apiDeps(db, { trustProxy: true, clock });
const app = buildApp(deps.deps);

const A = uniqueSlug('cf-a');
const B = uniqueSlug('cf-b');
let tenantA = '';
let tenantB = '';
let adminA: TestClient;
let hrA: TestClient;
let adminB: TestClient;
let hrB: TestClient;

// Person numbers far from other test files' (ID numbers are unique per tenant anyway).
let person = 700_000 + Math.floor(Math.random() * 1000) * 7;
function hireBody(overrides: Record<string, unknown> = {}) {
  person += 1;
  return { name: testPersonName(person), idNumber: testIdNumber(person), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '8000.00', ...overrides };
}

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status, email).toBe(200);
  return c;
}
const patch = (c: TestClient, path: string, body: unknown) => c.request('PATCH', path, body);

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
// One field of every type.
const FIELDS = [
  { key: 'nickname', type: 'text', labels: label('昵称', 'Nickname'), options: { maxLength: 10 }, showIn: { list: true } },
  { key: 'shoe_size', type: 'number', labels: label('鞋码', 'Shoe size'), options: { min: 30, max: 50 }, searchable: true },
  { key: 'cert_expiry', type: 'date', labels: label('证书到期', 'Certificate expiry'), options: { min: '2020-01-01' } },
  {
    key: 'team',
    type: 'single_select',
    labels: label('班组', 'Team'),
    searchable: true,
    options: { choices: [{ value: 'alpha', labels: label('甲班', 'Alpha') }, { value: 'beta', labels: label('乙班', 'Beta') }, { value: 'gamma', labels: label('丙班', 'Gamma') }] },
  },
  {
    key: 'skills',
    type: 'multi_select',
    labels: label('技能', 'Skills'),
    options: { choices: [{ value: 'weld', labels: label('焊接', 'Welding') }, { value: 'forklift', labels: label('叉车', 'Forklift') }, { value: 'qa', labels: label('质检', 'Quality') }] },
  },
  { key: 'night_shift', type: 'yes_no', labels: label('夜班', 'Night shift'), searchable: true },
  {
    key: 'badge',
    type: 'pattern_text',
    labels: label('工牌号', 'Badge number'),
    required: true,
    options: { pattern: { regex: 'B-[0-9]{4}', message: label('工牌号格式为 B-四位数字', 'a badge number looks like B-1234') } },
  },
] as const;

beforeAll(async () => {
  tenantA = await provisionForTest(db, lifecycleTenantSpec(A));
  tenantB = await provisionForTest(db, lifecycleTenantSpec(B));
  adminA = await signedIn(`admin@${A}.test`);
  hrA = await signedIn(`hr@${A}.test`);
  adminB = await signedIn(`admin@${B}.test`);
  hrB = await signedIn(`hr@${B}.test`);
  for (const f of FIELDS) {
    const res = await adminA.post(`/api/t/${A}/custom-fields`, f);
    expect(res.status, `${f.key}: ${JSON.stringify(await res.clone().json())}`).toBe(201);
  }
});

afterAll(async () => {
  await deps.close();
  await db.destroy();
});

async function employeeCount(tenantId: string): Promise<number> {
  return withTenant(db, tenantId, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from employees where tenant_id = ${tenantId}`.execute(trx)).rows[0]!.n);
}

async function storedValues(tenantId: string, employeeId: string): Promise<Record<string, unknown>> {
  return withTenant(db, tenantId, async (trx) => (await trx.selectFrom('employees').select('custom_fields').where('tenant_id', '=', tenantId).where('id', '=', employeeId).executeTakeFirstOrThrow()).custom_fields);
}

describe('definitions', () => {
  it('lists the fields in the order they were added, with defaults filled in', async () => {
    const { items } = await json(await hrA.get(`/api/t/${A}/custom-fields`));
    expect(items.map((f: any) => f.key)).toEqual(FIELDS.map((f) => f.key));
    const nickname = items.find((f: any) => f.key === 'nickname');
    expect(nickname).toMatchObject({ type: 'text', required: false, searchable: false, showIn: { form: true, list: true, export: true }, options: { maxLength: 10 }, deletedAt: null });
  });

  it('lets only a tenant admin define fields', async () => {
    const res = await hrA.post(`/api/t/${A}/custom-fields`, { key: 'x_field', type: 'text', labels: label('某', 'X') });
    expect(res.status).toBe(403);
  });

  it('names each bad attribute of a definition, and refuses a taken key', async () => {
    const cases: [unknown, string][] = [
      [{ key: 'Bad Key', type: 'text', labels: label('甲', 'A') }, 'key'],
      [{ key: 'k1', type: 'colour', labels: label('甲', 'A') }, 'type'],
      [{ key: 'k1', type: 'text', labels: { 'zh-CN': '甲' } }, 'labels.en'],
      [{ key: 'k1', type: 'single_select', labels: label('甲', 'A') }, 'options.choices'],
      [{ key: 'k1', type: 'multi_select', labels: label('甲', 'A'), options: { choices: [{ value: 'a', labels: label('甲', 'A') }, { value: 'a', labels: label('乙', 'B') }] } }, 'options.choices'],
      [{ key: 'k1', type: 'pattern_text', labels: label('甲', 'A'), options: { pattern: { regex: '([', message: label('甲', 'A') } } }, 'options.pattern.regex'],
      [{ key: 'k1', type: 'pattern_text', labels: label('甲', 'A'), options: { pattern: { regex: '(?=a)b', message: label('甲', 'A') } } }, 'options.pattern.regex'],
      [{ key: 'k1', type: 'yes_no', labels: label('甲', 'A'), options: { min: 1 } }, 'options.min'],
      [{ key: 'k1', type: 'number', labels: label('甲', 'A'), options: { min: 10, max: 1 } }, 'options.max'],
      [{ key: 'k1', type: 'text', labels: label('甲', 'A'), colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await adminA.post(`/api/t/${A}/custom-fields`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys((await json(res)).error.fields)).toContain(field);
    }
    const taken = await adminA.post(`/api/t/${A}/custom-fields`, FIELDS[0]);
    expect(taken.status).toBe(409);
    expect((await json(taken)).error.fields).toHaveProperty('key');
    const { items } = await json(await hrA.get(`/api/t/${A}/custom-fields`));
    expect(items).toHaveLength(FIELDS.length);
  });

  it('refuses to change a key or a type, and names a bad change', async () => {
    for (const [body, field] of [[{ type: 'number' }, 'type'], [{ key: 'other' }, 'key'], [{ labels: { 'zh-CN': '', en: 'x' } }, 'labels.zh-CN'], [{}, '(body)']] as const) {
      const res = await patch(adminA, `/api/t/${A}/custom-fields/nickname`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys((await json(res)).error.fields)).toContain(field);
    }
    expect((await patch(adminA, `/api/t/${A}/custom-fields/no_such`, { required: true })).status).toBe(404);
  });
});

describe('values', () => {
  it('accepts a hire with a valid value of every type and shows them', async () => {
    const values = { nickname: '小王', shoe_size: 42, cert_expiry: '2027-06-30', team: 'alpha', skills: ['weld', 'qa'], night_shift: true, badge: 'B-0001' };
    const res = await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: values }));
    expect(res.status).toBe(201);
    const e = await json(res);
    expect(e.customFields).toEqual(values);
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields).toEqual(values);
  });

  it('answers 400 naming customFields.<key> for a bad value of each type, in both languages, and writes nothing', async () => {
    const before = await employeeCount(tenantA);
    const bad: [string, unknown][] = [
      ['nickname', 'much too long a nickname'],
      ['nickname', 42],
      ['shoe_size', '42'],
      ['shoe_size', 29],
      ['shoe_size', 51],
      ['cert_expiry', '2026-02-30'],
      ['cert_expiry', '2019-12-31'],
      ['team', 'delta'],
      ['skills', 'weld'],
      ['skills', ['weld', 'paint']],
      ['skills', ['weld', 'weld']],
      ['night_shift', 'yes'],
      ['badge', 'B-12'],
      ['badge', 'b-1234; drop table employees'],
      ['no_such_field', 'x'],
    ];
    for (const [key, value] of bad) {
      const customFields: Record<string, unknown> = { badge: 'B-0002', [key]: value };
      const res = await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields }));
      expect({ key, value, status: res.status }).toEqual({ key, value, status: 400 });
      const body = await json(res);
      expect(Object.keys(body.error.fields)).toEqual([`customFields.${key}`]);
    }
    // The pattern's own message explains what is expected, in the caller's language.
    const zh = new TestClient(app, { lang: 'zh-CN' });
    zh.cookie = hrA.cookie;
    const zhRes = await zh.request('POST', `/api/t/${A}/employees`, hireBody({ customFields: { badge: 'nope' } }), { 'x-forwarded-for': hrA.address });
    expect((await json(zhRes)).error.fields['customFields.badge']).toBe('工牌号格式为 B-四位数字');
    const enRes = await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: { badge: 'nope' } }));
    expect((await json(enRes)).error.fields['customFields.badge']).toBe('a badge number looks like B-1234');
    // A required field is required on hire; a custom field value that is not an object is named too.
    const missing = await hrA.post(`/api/t/${A}/employees`, hireBody());
    expect((await json(missing)).error.fields).toHaveProperty(['customFields.badge']);
    const notObject = await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: ['x'] }));
    expect(notObject.status).toBe(400);
    expect(await employeeCount(tenantA)).toBe(before);
  });

  it('changes values with PATCH (null removes one), names bad ones, and never drops a required value', async () => {
    const e = await json(await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: { badge: 'B-0100', team: 'beta' } })));
    const ok = await patch(hrA, `/api/t/${A}/employees/${e.id}/custom-fields`, { team: 'gamma', shoe_size: 39.5, nickname: null });
    expect(ok.status).toBe(200);
    expect((await json(ok)).customFields).toEqual({ badge: 'B-0100', team: 'gamma', shoe_size: 39.5 });
    for (const [body, field] of [[{ badge: null }, 'customFields.badge'], [{ team: 7 }, 'customFields.team'], [{ nope: 1 }, 'customFields.nope']] as const) {
      const res = await patch(hrA, `/api/t/${A}/employees/${e.id}/custom-fields`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys((await json(res)).error.fields)).toEqual([field]);
    }
    expect(await storedValues(tenantA, e.id)).toEqual({ badge: 'B-0100', team: 'gamma', shoe_size: 39.5 });
    const malformed = await hrA.request('PATCH', `/api/t/${A}/employees/${e.id}/custom-fields`, undefined, { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });
});

describe('list filter and sort', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const people: [string, Record<string, unknown>, string][] = [
      ['f1', { badge: 'B-1001', team: 'alpha', shoe_size: 40, night_shift: true, skills: ['weld'] }, '2026-01-05'],
      ['f2', { badge: 'B-1002', team: 'alpha', shoe_size: 44, night_shift: false, skills: ['forklift', 'qa'] }, '2026-02-10'],
      ['f3', { badge: 'B-1003', team: 'beta', shoe_size: 38, skills: ['weld', 'forklift'] }, '2026-01-20'],
    ];
    for (const [tag, customFields, hireDate] of people) {
      const res = await hrA.post(`/api/t/${A}/employees`, hireBody({ name: `筛选${'甲乙丙'[Number(tag[1]) - 1]}`, customFields, hireDate }));
      expect(res.status).toBe(201);
      ids[tag] = (await json(res)).id;
    }
  });

  const listed = async (query: string) => {
    const res = await hrA.get(`/api/t/${A}/employees?q=${encodeURIComponent('筛选')}&${query}`);
    expect(res.status, query).toBe(200);
    const body = await json(res);
    return { ids: body.items.map((e: any) => Object.entries(ids).find(([, id]) => id === e.id)?.[0]), total: body.total };
  };

  it('filters on a select, a number, a yes/no and a multi-select choice (by value or label)', async () => {
    expect(await listed('cf.team=alpha')).toEqual({ ids: ['f2', 'f1'], total: 2 });
    expect(await listed(`cf.team=${encodeURIComponent('乙班')}`)).toEqual({ ids: ['f3'], total: 1 });
    expect(await listed('cf.shoe_size=44')).toEqual({ ids: ['f2'], total: 1 });
    expect(await listed('cf.night_shift=true')).toEqual({ ids: ['f1'], total: 1 });
    expect(await listed('cf.skills=forklift')).toEqual({ ids: ['f2', 'f3'], total: 2 });
    expect(await listed('cf.team=alpha&cf.skills=weld')).toEqual({ ids: ['f1'], total: 1 });
  });

  it('sorts by a custom field and by hire date, both ways', async () => {
    expect((await listed('sort=cf.shoe_size')).ids).toEqual(['f3', 'f1', 'f2']);
    expect((await listed('sort=-cf.shoe_size')).ids).toEqual(['f2', 'f1', 'f3']);
    expect((await listed('sort=hireDate')).ids).toEqual(['f1', 'f3', 'f2']);
    expect((await listed('sort=-hireDate')).ids).toEqual(['f2', 'f3', 'f1']);
  });

  it('pages through a searchable filter in hire-date order', async () => {
    expect(await listed('cf.team=alpha&pageSize=1&page=1')).toEqual({ ids: ['f2'], total: 2 });
    expect(await listed('cf.team=alpha&pageSize=1&page=2')).toEqual({ ids: ['f1'], total: 2 });
    expect(await listed('cf.team=alpha&sort=hireDate&pageSize=1')).toEqual({ ids: ['f1'], total: 2 });
  });

  it('keeps the shared search index in step: a field turned searchable finds the values already held, one turned off is dropped from it', async () => {
    const indexed = (key: string) =>
      withTenant(db, tenantA, async (trx) => (await trx.selectFrom('custom_field_search').select('value').where('tenant_id', '=', tenantA).where('field_key', '=', key).where('employee_id', 'in', Object.values(ids)).execute()).map((r) => r.value).sort());
    expect(await indexed('skills')).toEqual([]);
    expect((await patch(adminA, `/api/t/${A}/custom-fields/skills`, { searchable: true })).status).toBe(200);
    expect(await indexed('skills')).toEqual(['forklift', 'forklift', 'qa', 'weld', 'weld']);
    expect(await listed('cf.skills=forklift')).toEqual({ ids: ['f2', 'f3'], total: 2 });
    // A change of value moves the index entry with it.
    expect((await patch(hrA, `/api/t/${A}/employees/${ids.f3}/custom-fields`, { skills: ['qa'] })).status).toBe(200);
    expect(await listed('cf.skills=forklift')).toEqual({ ids: ['f2'], total: 1 });
    expect((await patch(adminA, `/api/t/${A}/custom-fields/skills`, { searchable: false })).status).toBe(200);
    expect(await indexed('skills')).toEqual([]);
    expect(await listed('cf.skills=qa')).toEqual({ ids: ['f2', 'f3'], total: 2 });
    expect(await indexed('team')).toEqual(['alpha', 'alpha', 'beta']);
  });

  it('names a bad filter or sort', async () => {
    for (const [query, field] of [['cf.no_such=1', 'cf.no_such'], ['cf.shoe_size=big', 'cf.shoe_size'], ['cf.team=delta', 'cf.team'], ['cf.night_shift=maybe', 'cf.night_shift'], ['sort=salary', 'sort'], ['sort=cf.no_such', 'sort']]) {
      const res = await hrA.get(`/api/t/${A}/employees?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(Object.keys((await json(res)).error.fields)).toEqual([field]);
    }
  });
});

describe('renaming and deleting', () => {
  it('renames a label without touching any value', async () => {
    const e = await json(await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: { badge: 'B-2001', nickname: '阿强' } })));
    const stored = await storedValues(tenantA, e.id);
    const res = await patch(adminA, `/api/t/${A}/custom-fields/nickname`, { labels: label('外号', 'Alias') });
    expect(res.status).toBe(200);
    expect((await json(res)).labels).toEqual(label('外号', 'Alias'));
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields.nickname).toBe('阿强');
    expect(await storedValues(tenantA, e.id)).toEqual(stored);
    expect((await json(await hrA.get(`/api/t/${A}/employees?cf.nickname=${encodeURIComponent('阿强')}`))).items.map((x: any) => x.id)).toEqual([e.id]);
  });

  it('deletes only with confirmation, keeps the values hidden, leaves an audit row, and brings them back with the same key', async () => {
    const f = await adminA.post(`/api/t/${A}/custom-fields`, { key: 'locker', type: 'text', labels: label('储物柜', 'Locker') });
    expect(f.status).toBe(201);
    const e = await json(await hrA.post(`/api/t/${A}/employees`, hireBody({ customFields: { badge: 'B-3001', locker: 'L-17' } })));

    const unconfirmed = await adminA.delete(`/api/t/${A}/custom-fields/locker`);
    expect(unconfirmed.status).toBe(409);
    const refusal = await json(unconfirmed);
    expect(refusal.error.code).toBe('confirmation_required');
    expect(refusal.error.message).toContain('confirm=true');
    expect((await json(await hrA.get(`/api/t/${A}/custom-fields`))).items.map((x: any) => x.key)).toContain('locker');
    expect((await hrA.delete(`/api/t/${A}/custom-fields/locker?confirm=true`)).status).toBe(403);

    const deleted = await adminA.delete(`/api/t/${A}/custom-fields/locker?confirm=true`);
    expect(deleted.status).toBe(200);
    expect(await json(deleted)).toEqual({ key: 'locker', deleted: true, employeesWithValues: 1 });
    expect((await json(await hrA.get(`/api/t/${A}/custom-fields`))).items.map((x: any) => x.key)).not.toContain('locker');
    expect((await json(await hrA.get(`/api/t/${A}/custom-fields?includeDeleted=true`))).items.find((x: any) => x.key === 'locker').deletedAt).not.toBeNull();
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields).not.toHaveProperty('locker');
    expect(await storedValues(tenantA, e.id)).toMatchObject({ locker: 'L-17' });
    expect((await hrA.get(`/api/t/${A}/employees?cf.locker=L-17`)).status).toBe(400);

    const audit = await withTenant(db, tenantA, (trx) =>
      trx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantA).where('table_name', '=', 'custom_field_definitions').orderBy('id').execute(),
    );
    const rowChange = audit.filter((r) => r.operation === 'update' && (r.row_key as any).key === 'locker' && r.changed_columns.includes('deleted_at'));
    expect(rowChange).toHaveLength(1);
    expect(rowChange[0]!.actor_id).not.toBeNull();
    expect(audit.filter((r) => r.action === 'custom_field.deleted' && (r.row_key as any).key === 'locker')).toHaveLength(1);

    // The same key with another type would read old values wrongly: refused. The same type brings them back.
    expect((await adminA.post(`/api/t/${A}/custom-fields`, { key: 'locker', type: 'number', labels: label('储物柜', 'Locker') })).status).toBe(409);
    expect((await adminA.post(`/api/t/${A}/custom-fields`, { key: 'locker', type: 'text', labels: label('柜号', 'Locker no.') })).status).toBe(201);
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields.locker).toBe('L-17');
  });

  it('refuses to remove a choice employees hold', async () => {
    const res = await patch(adminA, `/api/t/${A}/custom-fields/team`, { options: { choices: [{ value: 'beta', labels: label('乙班', 'Beta') }] } });
    expect(res.status).toBe(409);
    expect((await json(res)).error.fields).toHaveProperty(['options.choices']);
  });
});

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as never);
  return wb;
}
const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1).map(String);
async function upload(c: TestClient, wb: ExcelJS.Workbook): Promise<Response> {
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return app.request(`http://localhost:3000/api/t/${A}/employees/import.xlsx`, {
    method: 'POST',
    body,
    headers: { cookie: c.cookie!, origin: 'http://localhost:3000', 'content-type': XLSX, 'x-forwarded-for': c.address, 'accept-language': 'en' },
  });
}

describe('Excel export and import', () => {
  it('exports the fields marked for export, edits round-trip back through import, and new rows are hired', async () => {
    // The one to edit.
    const e = await json(await hrA.post(`/api/t/${A}/employees`, hireBody({ name: '往返测试', customFields: { badge: 'B-4001', team: 'alpha', skills: ['weld'], night_shift: false } })));
    const wb = await workbookOf(await hrA.get(`/api/t/${A}/employees/export.xlsx?q=x`));
    const sheet = wb.worksheets[0]!;
    const header = headerOf(sheet);
    for (const h of ['班组 Team', '技能 Skills', '夜班 Night shift', '工牌号 Badge number', '外号 Alias', '员工编号 Employee ID']) expect(header).toContain(h);
    const col = (h: string) => header.indexOf(h) + 1;
    let target: ExcelJS.Row | undefined;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(col('员工编号 Employee ID')).value === e.id) target = row;
    });
    expect(target).toBeDefined();
    expect(target!.getCell(col('班组 Team')).value).toBe('甲班');
    expect(target!.getCell(col('技能 Skills')).value).toBe('焊接');
    expect(target!.getCell(col('夜班 Night shift')).value).toBe('否');
    // Edit in place, as HR would in Excel: labels in, values out.
    target!.getCell(col('班组 Team')).value = '丙班';
    target!.getCell(col('技能 Skills')).value = '焊接、叉车';
    target!.getCell(col('夜班 Night shift')).value = '是';
    target!.getCell(col('外号 Alias')).value = '老王';

    // A new person at the end, in the same columns (full ID number and mobile).
    const fresh = hireBody({ name: '导入新人' });
    const added = sheet.addRow([]);
    const set = (h: string, v: unknown) => (added.getCell(col(h)).value = v as ExcelJS.CellValue);
    set('姓名 Name', fresh.name);
    set('身份证号 ID number', fresh.idNumber);
    set('手机 Mobile', fresh.mobile);
    set('户籍 Hukou', '本地');
    set('工作城市 City', '310100');
    set('入职日期 Hire date', '2026-03-09');
    set('月工资（元） Monthly wage', 7600);
    set('工牌号 Badge number', 'B-4002');
    set('班组 Team', 'Beta');

    const before = await employeeCount(tenantA);
    const res = await upload(hrA, wb);
    const result = await json(res);
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result.hired).toBe(1);
    expect(result.updated).toBe(1);
    expect(result.rows.filter((r: any) => r.action === 'updated').map((r: any) => r.employeeId)).toEqual([e.id]);
    expect(await employeeCount(tenantA)).toBe(before + 1);
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields).toEqual({ badge: 'B-4001', team: 'gamma', skills: ['weld', 'forklift'], night_shift: true, nickname: '老王' });
    const hired = await json(await hrA.get(`/api/t/${A}/employees/${result.rows.find((r: any) => r.action === 'hired').employeeId}`));
    expect(hired).toMatchObject({ name: '导入新人', hireDate: '2026-03-09', monthlyWage: '7600.00', customFields: { badge: 'B-4002', team: 'beta' } });
    expect(hired.enrollment).not.toBeNull();

    // Importing the same file again: the person is found by the full ID number, nothing changes, nobody is hired twice.
    const again = await json(await upload(hrA, wb));
    expect({ hired: again.hired, updated: again.updated }).toEqual({ hired: 0, updated: 0 });
  });

  it('matches an existing employee by the full ID number through the blind index', async () => {
    const body = hireBody({ customFields: { badge: 'B-5001' } });
    const e = await json(await hrA.post(`/api/t/${A}/employees`, body));
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('x');
    sheet.addRow(['身份证号', 'Team', '鞋码']);
    sheet.addRow([body.idNumber, 'Alpha', 41]);
    const result = await json(await upload(hrA, wb));
    expect(result).toMatchObject({ updated: 1, hired: 0 });
    expect((await json(await hrA.get(`/api/t/${A}/employees/${e.id}`))).customFields).toEqual({ badge: 'B-5001', team: 'alpha', shoe_size: 41 });
  });

  it('names every bad row and column and writes nothing', async () => {
    const body = hireBody({ customFields: { badge: 'B-6001', team: 'alpha' } });
    const e = await json(await hrA.post(`/api/t/${A}/employees`, body));
    const fresh = hireBody();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('x');
    sheet.addRow(['身份证号 ID number', '班组 Team', '鞋码 Shoe size', '姓名 Name', '手机 Mobile', '户籍 Hukou', '工作城市 City', '入职日期 Hire date', '月工资（元） Monthly wage', '工牌号 Badge number']);
    sheet.addRow([body.idNumber, 'Beta', 41]); // good on its own
    sheet.addRow([body.idNumber.slice(0, 17) + (body.idNumber[17] === '0' ? '1' : '0'), 'Beta']); // not a valid number: nobody to match
    sheet.addRow([fresh.idNumber, 'delta', 99, fresh.name, fresh.mobile, 'local', '310100', '2026-03-09', '7000', 'bad']); // new, with bad cells
    const nanjing = hireBody();
    sheet.addRow([nanjing.idNumber, 'alpha', 40, nanjing.name, nanjing.mobile, 'local', '320100', '2026-03-09', '7000', 'B-6002']); // a city the policy library lacks
    const before = await employeeCount(tenantA);
    const res = await upload(hrA, wb);
    expect(res.status).toBe(400);
    const fields = Object.keys((await json(res)).error.fields);
    expect(fields).toEqual(expect.arrayContaining(['rows[3].身份证号 ID number', 'rows[4].班组 Team', 'rows[4].鞋码 Shoe size', 'rows[4].工牌号 Badge number', 'rows[5].工作城市 City']));
    expect(await employeeCount(tenantA)).toBe(before);
    expect((await storedValues(tenantA, e.id)).team).toBe('alpha');

    const columns = new ExcelJS.Workbook();
    columns.addWorksheet('x').addRow(['身份证号', 'Salary']);
    columns.worksheets[0]!.addRow([body.idNumber, '1']);
    const colRes = await upload(hrA, columns);
    expect(colRes.status).toBe(400);
    expect((await json(colRes)).error.fields).toHaveProperty(['columns.Salary']);

    const notXlsx = await app.request(`http://localhost:3000/api/t/${A}/employees/import.xlsx`, {
      method: 'POST',
      body: 'not a workbook',
      headers: { cookie: hrA.cookie!, origin: 'http://localhost:3000', 'content-type': XLSX, 'x-forwarded-for': hrA.address },
    });
    expect(notXlsx.status).toBe(400);
    expect((await json(notXlsx)).error.fields).toHaveProperty('file');
    const wrongType = await hrA.post(`/api/t/${A}/employees/import.xlsx`, { rows: [] });
    expect(wrongType.status).toBe(415);
  });
});

describe('plugin presets', () => {
  it('adds an enabled plugin\'s fields in one call, and only once', async () => {
    const refused = await adminB.post(`/api/t/${B}/custom-fields/presets/manufacturing-shifts`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('plugin_not_enabled');
    expect((await adminB.request('PUT', `/api/t/${B}/plugins/manufacturing-shifts`, { enabled: true })).status).toBe(200);
    const res = await adminB.post(`/api/t/${B}/custom-fields/presets/manufacturing-shifts`);
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.added.map((f: any) => [f.key, f.type, f.labels['zh-CN']])).toEqual([
      ['job_type', 'single_select', '工种'],
      ['team', 'text', '班组'],
      ['special_work_type', 'yes_no', '特殊工种'],
    ]);
    const again = await json(await adminB.post(`/api/t/${B}/custom-fields/presets/manufacturing-shifts`));
    expect(again.added).toEqual([]);
    expect(again.skipped.map((s: any) => s.key)).toEqual(['job_type', 'team', 'special_work_type']);
    expect((await adminB.post(`/api/t/${B}/custom-fields/presets/no-such-plugin`)).status).toBe(404);
    // B hires with its own fields.
    const hired = await hrB.post(`/api/t/${B}/employees`, hireBody({ customFields: { job_type: 'welder', special_work_type: true } }));
    expect(hired.status).toBe(201);
  });
});

describe('two tenants', () => {
  it('tenant B never sees, uses or changes tenant A\'s fields, through the API or the database', async () => {
    const bFields = (await json(await hrB.get(`/api/t/${B}/custom-fields`))).items.map((f: any) => f.key);
    for (const key of ['nickname', 'shoe_size', 'badge', 'skills']) expect(bFields).not.toContain(key);
    expect((await patch(adminB, `/api/t/${B}/custom-fields/badge`, { required: false })).status).toBe(404);
    expect((await adminB.delete(`/api/t/${B}/custom-fields/badge?confirm=true`)).status).toBe(404);
    const hire = await hrB.post(`/api/t/${B}/employees`, hireBody({ customFields: { badge: 'B-9999' } }));
    expect(hire.status).toBe(400);
    expect((await json(hire)).error.fields).toHaveProperty(['customFields.badge']);
    expect((await hrB.get(`/api/t/${B}/employees?cf.badge=B-0001`)).status).toBe(400);
    // Nor through A's routes.
    expect((await hrB.get(`/api/t/${A}/custom-fields`)).status).toBe(404);
    // At the database level: B's transaction sees none of A's definitions and changes none.
    const seen = await withTenant(db, tenantB, (trx) => trx.selectFrom('custom_field_definitions').select('key').where('tenant_id', '=', tenantA).execute());
    expect(seen).toEqual([]);
    const changed = await withTenant(db, tenantB, (trx) => trx.updateTable('custom_field_definitions').set({ required: false }).where('tenant_id', '=', tenantA).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
    await expect(
      withTenant(db, tenantB, (trx) => trx.insertInto('custom_field_definitions').values({ tenant_id: tenantA, key: 'sneaky', type: 'text', labels: JSON.stringify(label('偷', 'Sneaky')) }).execute()),
    ).rejects.toThrow(/row-level security/);
    expect((await json(await hrA.get(`/api/t/${A}/custom-fields`))).items.find((f: any) => f.key === 'badge').required).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('documents the custom field routes', async () => {
    const doc = await json(await app.request('http://localhost:3000/api/openapi.json'));
    for (const path of ['/api/t/{tenant}/custom-fields', '/api/t/{tenant}/custom-fields/{key}', '/api/t/{tenant}/custom-fields/presets/{pluginId}', '/api/t/{tenant}/employees/{id}/custom-fields', '/api/t/{tenant}/employees/import.xlsx']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
