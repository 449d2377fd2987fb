import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TEST_ORIGIN, TestClient, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';
import { HEADCOUNT_HEADER } from './headcount.report';

const json = (res: Response): Promise<any> => res.json();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const db = appDb();
const deps = apiDeps(db);
const app = buildApp(deps.deps);
const runtime = deps.deps.plugins;
const people = deps.deps.people;

const M = { id: '', slug: uniqueSlug('mfg') }; // enables the plugin
const R = { id: '', slug: uniqueSlug('mfg-off') }; // does not
let admin: TestClient;
let actor: { id: string };
const staff: Record<string, string> = {};
let personNo = Math.floor(Math.random() * 4000);

async function hire(tenant: { id: string; slug: string }, key: string, hireDate: string, workCity: string, monthlyWage: string, mobile: string) {
  const n = personNo++;
  const answer = await people.hire(tenant, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile, hukou: 'local', workCity, hireDate, monthlyWage });
  expect(answer.status).toBe(201);
  staff[key] = answer.body.id;
  return answer.body.id;
}

/** Uploads a file as the browser would (raw body, or multipart with a file name). */
async function upload(path: string, body: RequestInit['body'], contentType?: string): Promise<Response> {
  const headers: Record<string, string> = { cookie: admin.cookie!, origin: TEST_ORIGIN, 'x-forwarded-for': admin.address, 'accept-language': 'en' };
  if (contentType) headers['content-type'] = contentType;
  return app.request(`${TEST_ORIGIN}${path}`, { method: 'POST', headers, body });
}
const base = () => `/api/t/${M.slug}/plugins/manufacturing-shifts`;

async function attendanceCount(tenantId: string): Promise<number> {
  const row = await withTenant(db, tenantId, (trx) => sql<{ n: number }>`select count(*)::int as n from attendance where tenant_id = ${tenantId}`.execute(trx));
  return row.rows[0]!.n;
}

beforeAll(async () => {
  M.id = await provisionForTest(db, lifecycleTenantSpec(M.slug));
  R.id = await provisionForTest(db, lifecycleTenantSpec(R.slug));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${M.slug}.test`)).status).toBe(200);
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${M.slug}.test`).executeTakeFirstOrThrow()).id };
  const on = await admin.request('PUT', `/api/t/${M.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } });
  expect(on.status).toBe(200);

  await hire(M, 'e1', '2023-06-01', '310100', '8700.00', '13800000001');
  await hire(M, 'e2', '2023-06-01', '310100', '6000.00', '13800000002');
  await hire(M, 'h1', '2024-03-31', '440300', '7000.00', '13800000003');
  await hire(M, 'h2', '2024-04-01', '440300', '7000.00', '13800000004');
  await hire(M, 't1', '2023-01-01', '110100', '9000.00', '13800000005');
  await hire(M, 't2', '2023-01-01', '110100', '9000.00', '13800000006');
  expect((await people.terminate(M, actor, staff.t1!, { lastWorkingDay: '2024-03-01', reason: '合同到期' })).status).toBe(200);
  expect((await people.terminate(M, actor, staff.t2!, { lastWorkingDay: '2024-02-29', reason: '合同到期' })).status).toBe(200);
  await hire(R, 'r1', '2023-06-01', '310100', '8700.00', '13800000011');
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

const csv = (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
const days = (from: number, to: number, month: string) => Array.from({ length: to - from + 1 }, (_, i) => `${month}-${String(from + i).padStart(2, '0')}`);

describe('attendance import', () => {
  it('imports CSV (Chinese headers, id or mobile) and computes monthly overtime', async () => {
    const lines = ['员工ID,手机号,日期,正常工时,加班工时,班次'];
    for (const d of days(1, 10, '2024-11')) lines.push(`${staff.e1},,${d},8,2,早班`);
    for (const d of days(1, 4, '2024-11')) lines.push(`,138-0000-0002,${d},8,1.25,夜班`);
    const res = await upload(`${base()}/attendance/import`, csv(lines), 'text/csv; charset=utf-8');
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ rows: 14, employees: 2 });
    expect(body.months).toEqual(
      expect.arrayContaining([
        { employeeId: staff.e1, month: '2024-11', regularHours: '80.00', overtimeHours: '20.00', days: 10 },
        { employeeId: staff.e2, month: '2024-11', regularHours: '32.00', overtimeHours: '5.00', days: 4 },
      ]),
    );
  });

  it('imports Excel (multipart, real date cells) and a re-import replaces a day instead of adding to it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('考勤');
    sheet.addRow(['employee_id', 'date', 'regular_hours', 'overtime_hours', 'name (ignored)']);
    for (const d of days(2, 6, '2024-12')) sheet.addRow([staff.e1, new Date(`${d}T00:00:00Z`), 8, 2.5, '张三']);
    const file = new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())], { type: XLSX_TYPE });
    const form = new FormData();
    form.append('file', file, '2024-12 考勤.xlsx');
    const res = await upload(`${base()}/attendance/import`, form);
    expect(res.status).toBe(201);
    expect((await json(res)).months).toEqual([{ employeeId: staff.e1, month: '2024-12', regularHours: '40.00', overtimeHours: '12.50', days: 5 }]);

    // A correction: e1 worked 4 hours of overtime on 1 November, not 2.
    const fix = await upload(`${base()}/attendance/import`, csv(['employee_id,date,regular_hours,overtime_hours', `${staff.e1},2024/11/1,8,4`]), 'text/csv');
    expect(fix.status).toBe(201);
    const november = await json(await admin.get(`${base()}/overtime?month=2024-11`));
    expect(november.items.find((r: any) => r.employeeId === staff.e1)).toMatchObject({ overtimeHours: '22.00', days: 10 });
  });

  it('reports every bad cell by row and column, CSV and Excel alike, and writes nothing', async () => {
    const before = await attendanceCount(M.id);
    const lines = [
      'employee_id,mobile,date,regular_hours,overtime_hours',
      `${staff.e2},,2024-10-01,8,1`, // 2: fine
      `${staff.e2},,2024-10-02,8,abc`, // 3
      `${staff.e2},,2024-13-01,8,0`, // 4
      `${randomUUID()},,2024-10-03,8,0`, // 5: no such employee
      `${staff.e2},,2023-01-02,8,0`, // 6: before the hire
      `${staff.e2},,2024-10-01,8,1`, // 7: duplicate of row 2
      `,139000,2024-10-04,8,0`, // 8: bad mobile
      `${staff.e2},,2024-10-05,20,5`, // 9: more than 24 hours
      `${staff.h2},,2024-03-15,8,0`, // 10: hired later (1 April)
      `not-an-id,,2024-10-07,8,0`, // 11
      `${staff.r1},,2024-10-08,8,0`, // 12: another tenant's employee
    ];
    const res = await upload(`${base()}/attendance/import`, csv(lines), 'text/csv');
    expect(res.status).toBe(400);
    const fields = (await json(res)).error.fields;
    expect(Object.keys(fields).sort()).toEqual(
      [
        'rows[3].overtime_hours',
        'rows[4].date',
        'rows[5].employee_id',
        'rows[6].date',
        'rows[7].date',
        'rows[8].mobile',
        'rows[9].overtime_hours',
        'rows[10].date',
        'rows[11].employee_id',
        'rows[12].employee_id',
      ].sort(),
    );
    expect(fields['rows[7].date']).toContain('row 2');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(['员工ID', '日期', '正常工时', '加班工时']);
    sheet.addRow([staff.e2, new Date('2024-10-01T00:00:00Z'), 8, 1]);
    sheet.addRow([staff.e2, 'yesterday', 8, 1]);
    sheet.addRow([staff.e2, new Date('2024-10-03T00:00:00Z'), 8, 1.234]);
    const xlsx = await upload(`${base()}/attendance/import`, new Uint8Array(await workbook.xlsx.writeBuffer()), XLSX_TYPE);
    expect(xlsx.status).toBe(400);
    expect(Object.keys((await json(xlsx)).error.fields).sort()).toEqual(['rows[3].date', 'rows[4].overtime_hours']);

    const noDate = await upload(`${base()}/attendance/import`, csv(['employee_id,regular_hours', `${staff.e2},8`]), 'text/csv');
    expect(Object.keys((await json(noDate)).error.fields)).toEqual(['header.date']);
    expect((await upload(`${base()}/attendance/import`, '', 'text/csv')).status).toBe(400);
    expect((await upload(`${base()}/attendance/import`, 'PK\u0003\u0004garbage', XLSX_TYPE)).status).toBe(400);
    expect((await upload(`${base()}/attendance/import`, '{}', 'application/json')).status).toBe(415);
    expect(await attendanceCount(M.id)).toBe(before);
  });

  it('takes attendance as JSON, naming bad records by index', async () => {
    const ok = await admin.post(`${base()}/attendance`, { records: [{ employeeId: staff.e2, date: '2024-12-02', regularHours: 8, overtimeHours: '3.5' }] });
    expect(ok.status).toBe(201);
    expect((await json(ok)).months).toEqual([{ employeeId: staff.e2, month: '2024-12', regularHours: '8.00', overtimeHours: '3.50', days: 1 }]);
    const bad = await admin.post(`${base()}/attendance`, {
      records: [
        { employeeId: staff.e2, date: '2024-12-03', regularHours: 'eight' },
        { employeeId: randomUUID(), date: '2024-12-03', regularHours: 8 },
        { employeeId: staff.e2, date: '2099-01-01', regularHours: 8 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['records[0].regularHours', 'records[1].employeeId', 'records[2].date']);
    for (const hostile of [{}, { records: [] }, { records: 'x' }, { records: [{ employeeId: "1' or 1=1 --", date: '2024-12-01', regularHours: 8 }] }, { records: [{ employeeId: staff.e2, date: '2024-12-01', regularHours: 8, shift: 'x'.repeat(500) }] }]) {
      expect((await admin.post(`${base()}/attendance`, hostile)).status).toBe(400);
    }
  });
});

describe('overtime in the contribution base', () => {
  it('puts last year\'s overtime into the base of a real employee under the tenant\'s rule, and only for that tenant', async () => {
    const input = { employeeId: staff.e1!, month: '2025-07', wageFen: 870_000 };
    // 2024: 12 months at 8700; November 22 h and December 12.5 h of overtime at 8700/21.75/8 = 50 yuan x 1.5.
    // (12 x 870000 + 22 x 7500 + 12.5 x 7500) / 12 = 10,698,750 / 12 = 891,562.5 -> 891,563 fen.
    expect(await runtime.extensions.contributionBase(M.id, input)).toBe(891_563);
    const explained = await json(await admin.get(`${base()}/contribution-base?employeeId=${staff.e1}&month=2025-07`));
    expect(explained).toMatchObject({ rule: 'wage_plus_overtime_avg', baseFen: 891_563, year: 2024 });
    expect(explained.months).toHaveLength(12);

    await admin.request('PUT', `/api/t/${M.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg', hourlyRateFen: 4000 } });
    // 40 yuan an hour: (10,440,000 + 34.5 x 6000) / 12 = 887,250.
    expect(await runtime.extensions.contributionBase(M.id, input)).toBe(887_250);

    await admin.request('PUT', `/api/t/${M.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_only' } });
    expect(await runtime.extensions.contributionBase(M.id, input)).toBe(870_000);
    await admin.request('PUT', `/api/t/${M.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } });

    // A new hire has no last year: the wage stays the base.
    expect(await runtime.extensions.contributionBase(M.id, { employeeId: staff.h2!, month: '2024-07', wageFen: 700_000 })).toBe(700_000);
    // The other tenant's employee, whose tenant did not enable the plugin: untouched.
    expect(await runtime.extensions.contributionBase(R.id, { employeeId: staff.r1!, month: '2025-07', wageFen: 870_000 })).toBe(870_000);
    expect((await runtime.extensions.contributionBaseSteps(R.id, { employeeId: staff.r1!, month: '2025-07', wageFen: 870_000 })).steps).toEqual([]);
  });
});

describe('用工备案 headcount report', () => {
  it('counts everyone employed on any day of the month, by entity and city, as Excel', async () => {
    const res = await admin.get(`${base()}/reports/headcount.xlsx?month=2024-03`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toContain('headcount-2024-03.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === HEADCOUNT_HEADER[0]);
    expect(rows[header]).toEqual(HEADCOUNT_HEADER);
    const lines = rows.slice(header + 1, -1).map((r) => [r[3], r[4], r[5], r[6]]);
    // e1, e2 (Shanghai); h1 hired on the 31st (Shenzhen), not h2 hired on 1 April; t1 left on 1 March (Beijing), not t2 who left in February.
    expect(lines).toEqual([
      ['110100', 1, 0, 1],
      ['310100', 2, 0, 0],
      ['440300', 1, 1, 0],
    ]);
    const total = rows.at(-1)!;
    expect([total[0], total[4], total[5], total[6]]).toEqual(['合计', 4, 1, 1]);

    expect((await admin.get(`${base()}/reports/headcount.xlsx?month=2024-13`)).status).toBe(400);
    expect((await admin.get(`${base()}/reports/headcount.xlsx`)).status).toBe(400);
    const other = new TestClient(app);
    await other.signIn(`hr@${R.slug}.test`);
    expect((await other.get(`/api/t/${R.slug}/plugins/manufacturing-shifts/reports/headcount.xlsx?month=2024-03`)).status).toBe(404);
  });
});

describe('risk rule and employee extensions', () => {
  it('flags an active employee on the schedule without an open coverage period', async () => {
    for (const key of ['e1', 'e2', 't2']) {
      const res = await admin.post(`${base()}/schedules`, { employeeId: staff[key], patternCode: 'three-shift', team: '甲班', validFrom: '2024-01-01' });
      expect(res.status).toBe(201);
    }
    const bad = await admin.post(`${base()}/schedules`, { employeeId: randomUUID(), patternCode: 'no-such', validFrom: '2024-01-01' });
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['employeeId', 'patternCode']);

    // e2 is covered; e1 is not, with its enrollment still open; t2 has left.
    const today = deps.deps.clock.today();
    await withTenant(db, M.id, (trx) =>
      trx.insertInto('coverage_periods').values({ tenant_id: M.id, employee_id: staff.e2!, city_code: '310100', start_month: '2023-06', opened_by: randomUUID() }).execute(),
    );
    const findings = await runtime.extensions.riskRules(M.id, { today });
    expect(findings.map((f) => [f.pluginId, f.ruleId, f.employeeId, f.severity])).toEqual([['manufacturing-shifts', 'scheduled_without_coverage', staff.e1, 'warning']]);
    await withTenant(db, M.id, (trx) => trx.updateTable('filing_tasks').set({ open: false }).where('tenant_id', '=', M.id).where('employee_id', '=', staff.e1!).execute());
    const critical = await runtime.extensions.riskRules(M.id, { today });
    expect(critical.map((f) => [f.employeeId, f.severity])).toEqual([[staff.e1, 'critical']]);
    expect(critical[0]!.message['zh-CN']).toContain('没有在缴的社保');
    expect(await runtime.extensions.riskRules(R.id, { today })).toEqual([]);

    const [section] = await runtime.extensions.employeeForm(M.id, { employeeId: staff.e1! });
    expect(section).toMatchObject({ pluginId: 'manufacturing-shifts', key: 'shift' });
    expect(section!.fields.map((f) => f.value)).toEqual(['three-shift', '甲班', '2024-01-01']);
    expect(section!.fields[0]!.options?.find((o) => o.value === 'three-shift')?.label['zh-CN']).toBe('三班倒');
    const [column] = await runtime.extensions.employeeListColumns(M.id, { employeeIds: [staff.e1!] });
    expect(column).toMatchObject({ key: 'overtime_this_month', pluginId: 'manufacturing-shifts' });
    expect(await runtime.extensions.employeeForm(R.id, { employeeId: staff.r1! })).toEqual([]);
  });
});
