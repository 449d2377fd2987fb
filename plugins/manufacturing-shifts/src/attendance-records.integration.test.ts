import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TEST_ORIGIN, TestClient, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';

// Attendance in from an attendance system (issue #18, item 4): POST /attendance-records, idempotent by
// the system's record id, with a session or an API key holding attendance:write.
const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const deps = apiDeps(db);
const app = buildApp(deps.deps);
const runtime = deps.deps.plugins;

const T = { id: '', slug: uniqueSlug('att') };
let admin: TestClient;
const staff: Record<string, string> = {};
let personNo = 4000 + Math.floor(Math.random() * 4000);
const path = () => `/api/t/${T.slug}/plugins/manufacturing-shifts/attendance-records`;

async function counts() {
  return withTenant(db, T.id, async (trx) => {
    const row = await sql<{ attendance: number; records: number; imports: number; monthly: string }>`
      select (select count(*)::int from attendance where tenant_id = ${T.id}) as attendance,
             (select count(*)::int from attendance_records where tenant_id = ${T.id}) as records,
             (select count(*)::int from attendance_imports where tenant_id = ${T.id}) as imports,
             (select coalesce(string_agg(employee_id || month || overtime_hours || updated_at, ',' order by employee_id, month), '') from overtime_monthly where tenant_id = ${T.id}) as monthly`.execute(trx);
    return row.rows[0]!;
  });
}

function withKey(token: string, body: unknown) {
  return app.request(`${TEST_ORIGIN}${path()}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
}

async function createKey(scopes: string[]): Promise<string> {
  const res = await admin.post(`/api/t/${T.slug}/api-keys`, { name: `attendance ${scopes.join(' ')}`, scopes, expiresInDays: 30 });
  expect(res.status).toBe(201);
  return (await json(res)).token;
}

const baseOf = (employeeId: string) => runtime.extensions.contributionBase(T.id, { employeeId, month: '2025-07', wageFen: 870_000 });

beforeAll(async () => {
  T.id = await provisionForTest(db, lifecycleTenantSpec(T.slug));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${T.slug}.test`)).status).toBe(200);
  const actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${T.slug}.test`).executeTakeFirstOrThrow()).id };
  expect((await admin.request('PUT', `/api/t/${T.slug}/plugins/manufacturing-shifts`, { enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } })).status).toBe(200);
  for (const [key, mobile] of [['a', '13900000001'], ['b', '13900000002'], ['late', '13900000003']] as const) {
    const n = personNo++;
    const hireDate = key === 'late' ? '2024-06-01' : '2023-06-01';
    const answer = await deps.deps.people.hire(T, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile, hukou: 'local', workCity: '310100', hireDate, monthlyWage: '8700.00' });
    expect(answer.status).toBe(201);
    staff[key] = answer.body.id;
  }
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('attendance records in', () => {
  it('writes a batch once: posted again (same values, other spelling) nothing changes; the overtime reaches the base', async () => {
    expect(await baseOf(staff.a!)).toBe(870_000);
    const batch = {
      records: [
        { recordId: 'kq-2024-03-01-a', employeeId: staff.a, workDate: '2024-03-01', regularHours: 8, overtimeHours: 2, shift: '早班' },
        { recordId: 'kq-2024-03-02-a', mobile: '13900000001', workDate: '2024-03-02', regularHours: '8' },
      ],
    };
    const first = await admin.post(path(), batch);
    expect(first.status).toBe(201);
    const body = await json(first);
    expect(body).toMatchObject({ created: 2, unchanged: 0, records: [{ recordId: 'kq-2024-03-01-a', status: 'created' }, { recordId: 'kq-2024-03-02-a', status: 'created' }] });
    expect(body.months).toEqual([{ employeeId: staff.a, month: '2024-03', regularHours: '16.00', overtimeHours: '2.00', days: 2 }]);
    // 8700 a month: 8700 / 21.75 / 8 = 50 yuan an hour, x 1.5 for overtime; (12 x 870000 + 2 x 7500) / 12.
    expect(await baseOf(staff.a!)).toBe(871_250);
    const after = await counts();

    const again = await admin.post(path(), {
      records: [
        { recordId: 'kq-2024-03-01-a', employeeId: staff.a!.toUpperCase(), workDate: '2024-03-01', regularHours: '8.00', overtimeHours: '2.0', shift: '早班' },
        { recordId: 'kq-2024-03-02-a', mobile: '13900000001', workDate: '2024-03-02', regularHours: 8, overtimeHours: 0 },
      ],
    });
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ created: 0, unchanged: 2, importId: null, records: [{ recordId: 'kq-2024-03-01-a', status: 'unchanged' }, { recordId: 'kq-2024-03-02-a', status: 'unchanged' }], months: [] });
    expect(await counts()).toEqual(after);
    expect(await baseOf(staff.a!)).toBe(871_250);
  });

  it('refuses a known record id with another body (409 naming it) and writes nothing of the batch', async () => {
    const before = await counts();
    const res = await admin.request('POST', path(), {
      records: [
        { recordId: 'kq-2024-03-09-b', employeeId: staff.b, workDate: '2024-03-09', regularHours: 8, overtimeHours: 1 },
        { recordId: 'kq-2024-03-01-a', employeeId: staff.a, workDate: '2024-03-01', regularHours: 8, overtimeHours: 3, shift: '早班' },
      ],
    }, { 'accept-language': 'en' });
    expect(res.status).toBe(409);
    const { error } = await json(res);
    expect(error.code).toBe('attendance_record_changed');
    expect(error.message).toContain('kq-2024-03-01-a');
    expect(Object.keys(error.fields)).toEqual(['records[1].recordId']);
    expect(await counts()).toEqual(before);
    expect(await baseOf(staff.a!)).toBe(871_250);
  });

  it('answers bad input with 400 naming each field (zh and en) and writes nothing', async () => {
    const before = await counts();
    const shape = await admin.post(path(), { records: [{ employeeId: staff.a, workDate: '2024-02-30', regularHours: 8 }, { recordId: 'x', employeeId: staff.a, workDate: '2999-01-01', regularHours: 8, extra: 1 }] });
    expect(shape.status).toBe(400);
    const shapeFields = Object.keys((await json(shape)).error.fields);
    expect(shapeFields).toEqual(expect.arrayContaining(['records[0].recordId', 'records[0].workDate', 'records[1].workDate']));

    const rows = {
      records: [
        { recordId: 'ok-1', employeeId: staff.b, workDate: '2024-04-01', regularHours: 8 },
        { recordId: 'bad-hours', employeeId: staff.b, workDate: '2024-04-02', regularHours: 25 },
        { recordId: 'ok-1', employeeId: staff.b, workDate: '2024-04-03', regularHours: 8 },
        { recordId: 'no-one', workDate: '2024-04-04', regularHours: 8 },
        { recordId: 'long-day', employeeId: staff.b, workDate: '2024-04-05', regularHours: 8, overtimeHours: 20 },
      ],
    };
    const zh = await admin.request('POST', path(), rows, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(400);
    const zhFields = (await json(zh)).error.fields;
    expect(Object.keys(zhFields).sort()).toEqual(['records[1].regularHours', 'records[2].recordId', 'records[3].employeeId', 'records[4].overtimeHours']);
    expect(zhFields['records[2].recordId']).toMatch(/重复/);
    const en = await admin.request('POST', path(), rows, { 'accept-language': 'en' });
    expect((await json(en)).error.fields['records[2].recordId']).toMatch(/repeats the recordId/);

    // Checked against the database: an unknown employee, a day before the hire.
    const db400 = await admin.request('POST', path(), {
      records: [
        { recordId: 'ok-2', employeeId: staff.b, workDate: '2024-04-01', regularHours: 8 },
        { recordId: 'stranger', employeeId: randomUUID(), workDate: '2024-04-01', regularHours: 8 },
        { recordId: 'too-early', employeeId: staff.late, workDate: '2024-05-31', regularHours: 8 },
      ],
    }, { 'accept-language': 'en' });
    expect(db400.status).toBe(400);
    expect(Object.keys((await json(db400)).error.fields).sort()).toEqual(['records[1].employeeId', 'records[2].workDate']);
    expect(await counts()).toEqual(before);
  });

  it('takes an API key with attendance:write; a key without it gets 403 naming the scope', async () => {
    const reader = await createKey(['employees:read']);
    const before = await counts();
    const record = { recordId: 'kq-key-2024-05-06-b', employeeId: staff.b, workDate: '2024-05-06', regularHours: 8, overtimeHours: 1.5 };
    const refused = await withKey(reader, { records: [record] });
    expect(refused.status).toBe(403);
    const { error } = await json(refused);
    expect(error.code).toBe('missing_scope');
    expect(error.message).toContain('attendance:write');
    expect(error.fields).toEqual({ scope: 'attendance:write' });
    expect(await counts()).toEqual(before);

    const writer = await createKey(['attendance:write']);
    const ok = await withKey(writer, { records: [record] });
    expect(ok.status).toBe(201);
    expect(await json(ok)).toMatchObject({ created: 1, months: [{ employeeId: staff.b, month: '2024-05', overtimeHours: '1.50' }] });
    const repeat = await withKey(writer, { records: [record] });
    expect(repeat.status).toBe(200);
    expect(await json(repeat)).toMatchObject({ created: 0, unchanged: 1 });
    // The key is the actor of the import (the audit trail's actor).
    const imported = await withTenant(db, T.id, (trx) =>
      sql<{ created_by: string | null }>`select i.created_by from attendance_records r join attendance_imports i on i.tenant_id = r.tenant_id and i.id = r.import_id
        where r.tenant_id = ${T.id} and r.record_id = ${record.recordId}`.execute(trx));
    expect(imported.rows[0]?.created_by).toBeTruthy();
    expect(imported.rows[0]?.created_by).not.toBeNull();
  });
});

describe('attendance records, two tenants', () => {
  it("keeps each tenant's record ids apart: the same id in another tenant is its own record, unseen by the first", async () => {
    const U = { id: '', slug: uniqueSlug('att-b') };
    U.id = await provisionForTest(db, lifecycleTenantSpec(U.slug));
    const adminU = new TestClient(app);
    expect((await adminU.signIn(`admin@${U.slug}.test`)).status).toBe(200);
    const actorU = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${U.slug}.test`).executeTakeFirstOrThrow()).id };
    expect((await adminU.request('PUT', `/api/t/${U.slug}/plugins/manufacturing-shifts`, { enabled: true, options: {} })).status).toBe(200);
    const n = personNo++;
    const hired = await deps.deps.people.hire(U, actorU, { name: testPersonName(n), idNumber: testIdNumber(n), mobile: '13900000009', hukou: 'local', workCity: '310100', hireDate: '2023-06-01', monthlyWage: '6000.00' });
    expect(hired.status).toBe(201);
    const before = await counts();

    // T's record id with another body, in U: a new record of U's, not a conflict with T's.
    const res = await adminU.post(`/api/t/${U.slug}/plugins/manufacturing-shifts/attendance-records`, {
      records: [{ recordId: 'kq-2024-03-01-a', employeeId: hired.body.id, workDate: '2024-03-01', regularHours: 7 }],
    });
    expect(res.status).toBe(201);
    expect(await counts()).toEqual(before);
    // T's admin cannot post to U, nor name U's employee in T.
    expect((await admin.post(`/api/t/${U.slug}/plugins/manufacturing-shifts/attendance-records`, { records: [{ recordId: 'x-1', employeeId: hired.body.id, workDate: '2024-03-02', regularHours: 7 }] })).status).toBe(404);
    const cross = await admin.post(path(), { records: [{ recordId: 'x-2', employeeId: hired.body.id, workDate: '2024-03-02', regularHours: 7 }] });
    expect(cross.status).toBe(400);
    expect(Object.keys((await json(cross)).error.fields)).toEqual(['records[0].employeeId']);
    // At the database level, each tenant sees only its own records.
    const seen = await withTenant(db, T.id, (trx) => sql<{ tenant_id: string }>`select distinct tenant_id from attendance_records`.execute(trx));
    expect(seen.rows.map((r) => r.tenant_id)).toEqual([T.id]);
    const seenU = await withTenant(db, U.id, (trx) => sql<{ record_id: string; body_sha256: string }>`select record_id, body_sha256 from attendance_records`.execute(trx));
    expect(seenU.rows.map((r) => r.record_id)).toEqual(['kq-2024-03-01-a']);
  });
});
