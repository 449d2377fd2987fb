import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { customFieldLabel as label, customFieldsFixture, TestClient } from '@lianxu/testing';

// Custom field values through the API on the run's real PostgreSQL: every type checked on hire and
// on change (a 400 naming customFields.<key>), a label rename that keeps values, a deletion that
// needs confirmation and leaves an audit row, and Excel export and import round-tripping (tenants,
// clients and helpers: customFieldsFixture in @lianxu/testing).
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fixture = customFieldsFixture();
const { db, app, A, hireBody, patch, json, employeeCount, storedValues } = fixture;
let tenantA = '';
let adminA: TestClient;
let hrA: TestClient;
beforeAll(() => {
  tenantA = fixture.tenants.A;
  ({ adminA, hrA } = fixture.clients);
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
