import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { CUSTOM_FIELDS as FIELDS, customFieldLabel as label, customFieldsFixture, developerTextIn, type TestClient } from '@lianxu/testing';

// Custom fields through the API on the run's real PostgreSQL: definitions and their checks, list
// filters and sorting, plugin presets, and tenant B never seeing tenant A's fields (tenants,
// clients, FIELDS and helpers: customFieldsFixture in @lianxu/testing).
const fixture = customFieldsFixture();
const { db, app, A, B, hireBody, patch, json } = fixture;
let tenantA = '';
let tenantB = '';
let adminA: TestClient;
let hrA: TestClient;
let adminB: TestClient;
let hrB: TestClient;
beforeAll(() => {
  ({ A: tenantA, B: tenantB } = fixture.tenants);
  ({ adminA, hrA, adminB, hrB } = fixture.clients);
});

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

  it('says what is wrong with a definition in plain words, in Chinese and in English, beside the field', async () => {
    const choice = (value: string) => ({ value, labels: label('甲', 'A') });
    const cases: { body: unknown; field: string; zh: string; en: string }[] = [
      { body: { key: 'Bad Key', type: 'text', labels: label('甲', 'A') }, field: 'key', zh: '字段编码请以英文小写字母开头，只用小写英文字母、数字和下划线，最多 63 个字符，例如“shoe_size”', en: 'The field code must start with a lowercase English letter and use only lowercase English letters, digits and underscores, at most 63 characters, e.g. “shoe_size”' },
      { body: { key: 'k1', type: 'single_select', labels: label('甲', 'A') }, field: 'options.choices', zh: '单选字段至少需要一个选项', en: 'A single select field needs at least one choice' },
      { body: { key: 'k1', type: 'multi_select', labels: label('甲', 'A'), options: { choices: [choice('a'), choice('a')] } }, field: 'options.choices', zh: '有两个选项的代码相同，请修改其中一个', en: 'Two choices have the same code; change one of them' },
      { body: { key: 'k1', type: 'single_select', labels: label('甲', 'A'), options: { choices: [choice('a b')] } }, field: 'options.choices[0].value', zh: '选项代码只能用文字、数字和 _ . - 这几个符号，最多 64 个字符', en: 'A choice code may use only letters, digits and the signs _ . - (at most 64 characters)' },
      { body: { key: 'k1', type: 'pattern_text', labels: label('甲', 'A') }, field: 'options.pattern', zh: '格式校验文本字段需要填写格式', en: 'A pattern-checked text field needs the format its values must follow' },
      { body: { key: 'k1', type: 'yes_no', labels: label('甲', 'A'), options: { min: 1 } }, field: 'options.min', zh: '是/否字段不设最小值', en: 'A yes/no field has no minimum' },
      { body: { key: 'k1', type: 'text', labels: label('甲', 'A'), options: { choices: [choice('a')] } }, field: 'options.choices', zh: '文本字段不设选项', en: 'A text field has no choices' },
      { body: { key: 'k1', type: 'number', labels: label('甲', 'A'), options: { min: '2026-01-01' } }, field: 'options.min', zh: '最小值应为数字', en: 'The minimum must be a number' },
      { body: { key: 'k1', type: 'date', labels: label('甲', 'A'), options: { max: 5 } }, field: 'options.max', zh: '最大值应为日期，例如 2026-07-01', en: 'The maximum must be a date such as 2026-07-01' },
      { body: { key: 'k1', type: 'number', labels: label('甲', 'A'), options: { min: 10, max: 1 } }, field: 'options.max', zh: '最大值不能小于最小值', en: 'The maximum must not be below the minimum' },
    ];
    for (const { body, field, zh, en } of cases) {
      for (const [lang, expected] of [['zh-CN', zh], ['en', en]] as const) {
        const res = await adminA.request('POST', `/api/t/${A}/custom-fields`, body, { 'accept-language': lang });
        expect({ field, lang, status: res.status }).toEqual({ field, lang, status: 400 });
        const fields = (await json(res)).error.fields as Record<string, string>;
        expect({ field, lang, message: fields[field] }).toEqual({ field, lang, message: expected });
        expect(developerTextIn(Object.values(fields)), `${field} (${lang})`).toBeUndefined();
      }
    }
    for (const [lang, expected] of [['zh-CN', '没有要修改的内容'], ['en', 'There is nothing to change']] as const) {
      const res = await adminA.request('PATCH', `/api/t/${A}/custom-fields/nickname`, {}, { 'accept-language': lang });
      expect(res.status).toBe(400);
      expect((await json(res)).error.fields['(body)']).toBe(expected);
    }
    expect((await json(await hrA.get(`/api/t/${A}/custom-fields`))).items).toHaveLength(FIELDS.length);
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
