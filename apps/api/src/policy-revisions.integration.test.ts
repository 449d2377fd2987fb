import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '@lianxu/db';
import { createPolicyLibraryService, POLICY_RECORD_REVISED } from '@lianxu/core';
import { apiDeps, provisionDemoTenants, scratchDatabase, TestClient } from '@lianxu/testing';
import { buildApp } from './app';

// Revisions are platform data every quote reads, so this file works on a database of its own:
// on the shared one, a changed Shenzhen floor would change other files' answers mid-run.
const json = (res: Response): Promise<any> => res.json();
const scratch = await scratchDatabase('policy_rev');
const db = createDb({ connectionString: scratch.appUrl, max: 4 });
const demo = apiDeps(db, { trustProxy: true }, { demoMode: true });
const app = buildApp(demo.deps);
const prod = apiDeps(db, { trustProxy: true });
const prodApp = buildApp(prod.deps);

const consultant = new TestClient(app);
let shenzhen: any;

beforeAll(async () => {
  await provisionDemoTenants(db);
  expect((await consultant.signIn('consultant@lianxu.demo')).status).toBe(200);
  // Shipped as revision 2 (the 27,501 pension cap): consultants' revisions start at r3.
  const raw = await consultant.get('/api/policy-records/440300-2024-r2/raw');
  expect(raw.status).toBe(200);
  shenzhen = (await json(raw)).record;
});
afterAll(async () => {
  await demo.close();
  await prod.close();
  await db.destroy();
  await scratch.drop();
});

const clone = <T>(v: T): T => structuredClone(v);
function withPensionFloor(value: string, extra: Record<string, unknown> = {}) {
  const r = clone(shenzhen);
  r.insurances.pension.floor = { value, sources: ['S2'], grade: 'B', ...extra };
  return r;
}
const revise = (client: TestClient, body: unknown, path = '/api/policies/440300/2024/revisions') => client.post(path, body);
// Shenzhen's pension rate depends on hukou, so a quote must give it.
const quote = (month = '2024-09', wage = '3000') => app.request('/api/contributions/quote', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'accept-language': 'en' },
  body: JSON.stringify({ city: '440300', month, wage, hukou: 'local' }),
});

describe('a consultant revises Shenzhen 2024', () => {
  let oldQuote: any;

  it('quotes with the shipped record first', async () => {
    oldQuote = await json(await quote());
    expect(oldQuote.policyId).toBe('440300-2024-r2');
    expect(oldQuote.lines[0]).toMatchObject({ insurance: 'pension', base: '3523.00', policyId: '440300-2024-r2' });
  });

  it('stores the revision as r3, and new quotes use it and report its id', async () => {
    const res = await revise(consultant, { record: withPensionFloor('4000'), note: 'Pension floor corrected per the bureau notice' });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ id: '440300-2024-r3', revision: 3, city: '440300', year: 2024 });
    expect(res.headers.get('location')).toBe('/api/policy-records/440300-2024-r3');

    const q = await json(await quote());
    expect(q.policyId).toBe('440300-2024-r3');
    expect(q.lines[0]).toMatchObject({ insurance: 'pension', base: '4000.00', employer: '640.00', employee: '320.00', policyId: '440300-2024-r3' });

    const list = await json(await app.request('/api/policies'));
    const sz = list.items.find((i: any) => i.city.code === '440300');
    expect(sz.years.map((y: any) => y.policyId)).toEqual(['440300-2024-r3', '440300-2025-r1', '440300-2026-r1']);

    const record = await json(await app.request('/api/policies/440300/2024'));
    expect(record.id).toBe('440300-2024-r3');
    expect(record.effective).toBe(true);
    expect(record.insurances[0].floor.value).toBe('4000.00');
    expect(record.revisions.map((r: any) => [r.id, r.shipped, r.effective, r.note])).toEqual([
      ['440300-2024-r2', true, false, null],
      ['440300-2024-r3', false, true, 'Pension floor corrected per the bureau notice'],
    ]);
    // Who made it is in the audit log, not on the public read route.
    expect(JSON.stringify(record)).not.toContain('consultant@');
  });

  it("still resolves an old quote's policy id, by id and by ?revision=", async () => {
    const byId = await app.request(`/api/policy-records/${oldQuote.policyId}`);
    expect(byId.status).toBe(200);
    const old = await json(byId);
    expect(old).toMatchObject({ id: '440300-2024-r2', revision: 2, effective: false });
    expect(old.insurances[0].floor.value).toBe('3523.00');

    const byRevision = await json(await app.request('/api/policies/Shenzhen/2024?revision=2'));
    expect(byRevision.id).toBe('440300-2024-r2');
    expect((await app.request('/api/policies/440300/2024?revision=9')).status).toBe(404);
    expect((await app.request('/api/policy-records/440300-2024-r9')).status).toBe(404);
  });

  it('writes a platform audit row naming the id, city, year and actor', async () => {
    const rows = await db.selectFrom('platform_audit').select(['actor', 'actor_id', 'details']).where('action', '=', POLICY_RECORD_REVISED).execute();
    const row = rows.find((r) => r.details['id'] === '440300-2024-r3');
    expect(row).toMatchObject({ actor: 'consultant@lianxu.demo', details: { id: '440300-2024-r3', city: '440300', year: 2024, revision: 3 } });
    expect(row!.actor_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('numbers the next revision r4, may add a source to the register, and keeps the raw record for editing', async () => {
    const record = withPensionFloor('4100', { sources: ['SZ-2024-N1'] });
    const sources = [{ id: 'SZ-2024-N1', title: 'Shenzhen HRSS notice on 2024 contribution bases', url: 'https://hrss.sz.gov.cn/notice', grade: 'A' }];
    const res = await revise(consultant, { record: { ...record, revision: 42 }, note: 'Second correction', sources });
    expect(res.status).toBe(201);
    expect((await json(res)).id).toBe('440300-2024-r4');
    const body = await json(await app.request('/api/policy-records/440300-2024-r4'));
    expect(body.sources).toContainEqual({ id: 'SZ-2024-N1', grade: 'A', title: sources[0]!.title, url: sources[0]!.url });
    const raw = await json(await app.request('/api/policy-records/440300-2024-r4/raw'));
    expect(raw.record.revision).toBe(4);
    expect(raw.record.insurances.pension.floor.value).toBe('4100');
    expect(raw.revision).toMatchObject({ id: '440300-2024-r4', shipped: false, effective: true, note: 'Second correction' });
    // The same source id cannot be registered twice.
    const again = await revise(consultant, { record, note: 'x', sources });
    expect(again.status).toBe(400);
    expect(Object.keys((await json(again)).error.fields)).toEqual(['sources[0].id']);
  });

  it('lets a consultant add a new policy year (Shenzhen 2027, which nothing ships) as r1', async () => {
    // Before: 2027-09 is beyond Shenzhen's last shipped year (2026), so it is quoted provisionally.
    const before = await json(await quote('2027-09'));
    expect(before).toMatchObject({ policyId: '440300-2026-r1', provisional: true });
    expect(before.lines[0]).toMatchObject({ insurance: 'pension', provisional: true });

    const r = clone(shenzhen);
    r.year = 2027;
    r.effective = { from: '2027-07', to: '2028-06' };
    // Shenzhen's medical (and the maternity entry beside it) run by calendar year.
    r.insurances.medical.effective = { from: '2027-01', to: '2027-12' };
    r.insurances.maternity.effective = { from: '2027-01', to: '2027-12' };
    const res = await revise(consultant, { record: r, note: 'Carry 2024 figures into 2027 until the notice is out' }, '/api/policies/Shenzhen/2027/revisions');
    expect(res.status).toBe(201);
    expect((await json(res)).id).toBe('440300-2027-r1');
    const q = await json(await quote('2027-09'));
    expect(q).toMatchObject({ policyId: '440300-2027-r1', provisional: false });
    expect(q.lines[0]).toMatchObject({ insurance: 'pension', base: '3523.00', policyId: '440300-2027-r1', provisional: false, provisionalFrom: [] });
  });
});

describe('who may revise', () => {
  const body = () => ({ record: withPensionFloor('4000'), note: 'n' });

  it('answers 401 without a session', async () => {
    const res = await revise(new TestClient(app), body());
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('unauthenticated');
  });

  it('answers 403 to HR and a tenant admin, in the error shape', async () => {
    for (const email of ['hr@demo-retail.demo', 'admin@demo-manufacturing.demo']) {
      const c = new TestClient(app);
      expect((await c.signIn(email)).status).toBe(200);
      const res = await revise(c, body());
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ error: { code: 'forbidden_role', message: 'Only consultants and platform admins can revise policies' } });
    }
  });

  it('outside demo mode, refuses a consultant without a second factor', async () => {
    const c = new TestClient(prodApp);
    expect((await c.signIn('consultant@lianxu.demo')).status).toBe(200);
    const res = await revise(c, body());
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('two_factor_required');
  });
});

describe('bad revisions are 400 naming the field, and nothing is stored', () => {
  async function rejected(body: unknown, path?: string): Promise<Record<string, string>> {
    const before = await db.selectFrom('policy_records').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
    const res = await revise(consultant, body, path);
    expect(res.status).toBe(400);
    const err = (await json(res)).error;
    const after = await db.selectFrom('policy_records').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    return err.fields;
  }

  it('floor above cap', async () => {
    const fields = await rejected({ record: withPensionFloor('30000'), note: 'n' });
    expect(Object.keys(fields)).toEqual(['record.insurances.pension.floor']);
    expect(fields['record.insurances.pension.floor']).toContain('above cap');
  });

  it('a given figure without a source, or citing an unknown one', async () => {
    const noSource = withPensionFloor('4000');
    delete noSource.insurances.pension.floor.sources;
    expect(Object.keys(await rejected({ record: noSource, note: 'n' }))).toEqual(['record.insurances.pension.floor.sources']);
    const unknown = withPensionFloor('4000', { sources: ['NOPE'] });
    expect(Object.keys(await rejected({ record: unknown, note: 'n' }))).toEqual(['record.insurances.pension.floor.sources[0]']);
  });

  it('a record citing no source at all', async () => {
    const r = clone(shenzhen);
    for (const name of ['pension', 'medical', 'maternity', 'unemployment', 'workInjury']) r.insurances[name] = { status: 'notFound' };
    r.housingFund = { status: 'notFound' };
    r.cutOffDay = { notFound: true };
    expect(Object.keys(await rejected({ record: r, note: 'n' }))).toEqual(['record.insurances']);
  });

  it('a period overlapping another year of the city', async () => {
    const r = clone(shenzhen);
    r.year = 2025;
    r.effective = { from: '2025-01', to: '2025-12' };
    // Overlaps 2024 (to 2025-06) and the shipped 2025 record (from 2025-07).
    const fields = await rejected({ record: r, note: 'n' }, '/api/policies/440300/2025/revisions');
    expect(Object.keys(fields)).toEqual(['record.effective.from']);
    expect(fields['record.effective.from']).toContain('overlaps');
  });

  it('a record about another city or year than the URL', async () => {
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: 'n' }, '/api/policies/110100/2024/revisions'))).toEqual(['record.city.code']);
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: 'n' }, '/api/policies/440300/2023/revisions'))).toEqual(['record.year']);
  });

  it('malformed, missing and hostile values', async () => {
    expect(Object.keys(await rejected({ record: withPensionFloor('4000') }))).toEqual(['note']);
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: '   ' }))).toEqual(['note']);
    expect(Object.keys(await rejected({ record: [], note: 'n' }))).toEqual(['record']);
    expect(Object.keys(await rejected({ record: withPensionFloor('-1'), note: 'n' }))).toEqual(['record.insurances.pension.floor.value']);
    expect(Object.keys(await rejected({ record: withPensionFloor('1e309'), note: 'n' }))).toEqual(['record.insurances.pension.floor.value']);
    expect(Object.keys(await rejected({ record: { ...withPensionFloor('4000'), __proto__x: 1 }, note: 'n' }))).toEqual(['record.__proto__x']);
    const rate = withPensionFloor('4000');
    rate.insurances.pension.employee.rate.value = '1.5';
    expect(Object.keys(await rejected({ record: rate, note: 'n' }))).toEqual(['record.insurances.pension.employee.rate.value']);
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: 'n', extra: 1 }))).toEqual(['extra']); // an unknown key is named
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: 'n', sources: [{ id: 'X1', title: 't', url: 'javascript:alert(1)' }] }))).toEqual(['sources[0].url']);
    expect(Object.keys(await rejected({ record: withPensionFloor('4000'), note: 'n' }, '/api/policies/440300/20x4/revisions'))).toEqual(['year']);
  });
});

describe('storage', () => {
  it('is insert-only for the runtime role', async () => {
    const code = async (q: Promise<unknown>) => q.then(() => undefined, (e: { code?: string }) => e.code);
    expect(await code(sql`update policy_records set note = 'x'`.execute(db))).toBe('42501');
    expect(await code(sql`delete from policy_records`.execute(db))).toBe('42501');
  });

  it('another process sees a revision once its cache TTL has passed', async () => {
    let t = 0;
    const other = createPolicyLibraryService({ db, ttlMs: 5_000, now: () => t });
    expect((await other.library()).record('440300', 2024)!.id).toBe('440300-2024-r4');
    const res = await revise(consultant, { record: withPensionFloor('4200'), note: 'Third correction' });
    expect((await json(res)).id).toBe('440300-2024-r5');
    t = 4_999;
    expect((await other.library()).record('440300', 2024)!.id).toBe('440300-2024-r4');
    t = 5_000;
    expect((await other.library()).record('440300', 2024)!.id).toBe('440300-2024-r5');
    // Every earlier id still resolves.
    for (const id of ['440300-2024-r2', '440300-2024-r3', '440300-2024-r4']) expect((await other.library()).recordById(id)?.id).toBe(id);
  });
});
