import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TestClient, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';

// Issue 14, items 3, 4 and 5 for this plugin: NUL, control characters and lone surrogates in a
// shift pattern's name, a schedule's team and patternCode and an attendance shift, and dates
// outside 1900..2100, are each a 400 naming the field through the SDK's text and date rules
// (they were 500 plugin_failed, or stored), and nothing is written.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const deps = apiDeps(db);
const app = buildApp(deps.deps);

const M = { id: '', slug: uniqueSlug('mfg-hostile') };
let admin: TestClient;
let employeeId = '';
const base = () => `/api/t/${M.slug}/plugins/manufacturing-shifts`;

async function rows(): Promise<number[]> {
  return withTenant(db, M.id, async (trx) => {
    const n = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${M.id}`.execute(trx)).rows[0]!.n;
    return [await n('shift_patterns'), await n('shift_schedules'), await n('attendance')];
  });
}

async function refused(path: string, body: unknown, field: string): Promise<string> {
  const before = await rows();
  const res = await admin.post(`${base()}${path}`, body);
  const answer = await json(res);
  expect({ status: res.status, body: answer }).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: { [field]: expect.any(String) } } } });
  expect(await rows()).toEqual(before);
  return answer.error.fields[field];
}

beforeAll(async () => {
  M.id = await provisionForTest(db, lifecycleTenantSpec(M.slug));
  admin = new TestClient(app);
  expect((await admin.signIn(`admin@${M.slug}.test`)).status).toBe(200);
  const actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${M.slug}.test`).executeTakeFirstOrThrow()).id };
  expect((await admin.request('PUT', `/api/t/${M.slug}/plugins/manufacturing-shifts`, { enabled: true })).status).toBe(200);
  const n = 9000 + Math.floor(Math.random() * 900);
  const hired = await deps.deps.people.hire(M, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile: '13800000021', hukou: 'local', workCity: '310100', hireDate: '2024-01-02', monthlyWage: '8000.00' });
  expect(hired.status).toBe(201);
  employeeId = hired.body.id;
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

const pattern = (name: string, shiftName = '早班') => ({ code: `p-${Math.random().toString(36).slice(2, 8)}`, name, shifts: [{ name: shiftName, start: '08:00', end: '16:00', hours: 8 }] });

describe('text fields', () => {
  it('refuses NUL, BEL, ESC and a lone surrogate in shift-pattern names, schedule team and patternCode, attendance shift', async () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\ud800']) {
      await refused('/shift-patterns', pattern(`三班${c}倒`), 'name');
      await refused('/shift-patterns', pattern('三班倒', `早${c}班`), 'shifts[0].name');
      await refused('/schedules', { employeeId, patternCode: 'three-shift', team: `甲${c}班`, validFrom: '2024-01-01' }, 'team');
      await refused('/schedules', { employeeId, patternCode: `three${c}shift`, validFrom: '2024-01-01' }, 'patternCode');
      await refused('/attendance', { records: [{ employeeId, date: '2024-02-01', regularHours: 8, shift: `早${c}班` }] }, 'records[0].shift');
    }
    expect(await refused('/shift-patterns', pattern('a\u0000b'), 'name')).toBe('must not contain the NUL character');
  });

  it('stores names NFC-normalized and trimmed', async () => {
    const res = await admin.post(`${base()}/shift-patterns`, pattern('  Cafe\u0301 shift '));
    expect(res.status).toBe(201);
    expect((await json(res)).name).toBe('Café shift');
  });
});

describe('dates', () => {
  it('refuses year 0000, 0001 and 9999 in validFrom, validTo and attendance dates, naming the field', async () => {
    for (const d of ['0000-01-01', '0001-01-01', '9999-12-31', '2024-02-30']) {
      await refused('/schedules', { employeeId, patternCode: 'three-shift', validFrom: d }, 'validFrom');
      await refused('/schedules', { employeeId, patternCode: 'three-shift', validFrom: '2024-01-01', validTo: d }, 'validTo');
      await refused('/attendance', { records: [{ employeeId, date: d, regularHours: 8 }] }, 'records[0].date');
    }
    expect(await refused('/schedules', { employeeId, patternCode: 'three-shift', validFrom: '0000-01-01' }, 'validFrom')).toBe('must be between 1900-01-01 and 2100-12-31');
  });
});
