import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compareDualRunDay, sealLegacySource } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { injectDivergence } from '@lianxu/legacy-sim';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TestClient } from '@lianxu/testing';
import { hrDoubleKeying, pickEmployee, promotedTenant, vault } from './dual-run.fixture';

// /api/t/{tenant}/migrations/{id}/dual-run through the app on real PostgreSQL beside a real
// legacy-sim: start (the source connected as its sslmode says, require without TLS refused naming
// TLS, stored sealed), the daily report and differences after days
// compared by the real activity, filters by class and day, classing and explaining a difference,
// the mode switch with sign-off, retirement refused before the clean-day rule; bad input named per
// field; another tenant sees none of it (404).

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const started: { tenantId: string; runId: string; startDay: string }[] = [];
const retireSignals: string[] = [];
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let ctx: Awaited<ReturnType<typeof promotedTenant>>;
const T = { a: { id: '', slug: '' }, b: { id: '', slug: '' } };
const START = '2024-10-08';

async function as(email: string, lang = 'en') {
  const c = new TestClient(app, { lang });
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  deps = apiDeps(db, { dualRun: { vault, start: async (input: (typeof started)[number]) => (started.push(input), { workflowId: 'w', started: true }),
    signalRetirement: async (_t: string, runId: string) => void retireSignals.push(runId) } });
  app = buildApp(deps.deps);
  T.a = (await provisionLifecycleTenant(db, 'dual-ra', { seed: 41 })).tenant;
  T.b = (await provisionLifecycleTenant(db, 'dual-rb', { seed: 42 })).tenant;
  ctx = await promotedTenant(db, pool, T.a.id, 30);
}, 240_000);
afterAll(async () => {
  await ctx?.pkg.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
});

describe('dual-run routes', () => {
  const base = () => `/api/t/${T.a.slug}/migrations/${ctx.runId}/dual-run`;

  it('refuses bad input naming the field, HR, and another tenant’s run, writing nothing', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    expect((await hr.post(base(), { source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START })).status).toBe(403);
    const admin = await as(`admin@${T.a.slug}.test`);
    const bad = await admin.post(base(), { source: { url: 'http://evil', sslmode: 'sometimes' }, startDay: '2024-13-01', tolerance: 2 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['source.sslmode', 'source.url', 'startDay', 'tolerance']);
    // A run loaded from a package has no source of its own: it must be given.
    const none = await admin.post(base(), { startDay: START });
    expect(none.status).toBe(400);
    expect(Object.keys((await none.json()).error.fields)).toEqual(['source']);
    expect((await admin.get(base())).status).toBe(404);
    const adminB = await as(`admin@${T.b.slug}.test`);
    expect((await adminB.post(`/api/t/${T.b.slug}/migrations/${ctx.runId}/dual-run`, { source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START })).status).toBe(404);
    expect(await withTenant(db, T.a.id, (trx) => trx.selectFrom('dual_runs').select('run_id').execute())).toEqual([]);
    expect(started).toEqual([]);
  });

  it('refuses sslmode=require against the old system’s PostgreSQL without TLS, naming TLS in Chinese and English; nothing is created', async () => {
    const source = { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'require' };
    for (const [lang, words] of [['en', /TLS/], ['zh-CN', /TLS 加密连接/]] as const) {
      const refused = await (await as(`admin@${T.a.slug}.test`, lang)).post(base(), { source, startDay: START });
      expect(refused.status).toBe(422);
      const { error } = await refused.json();
      expect(error.code).toBe('source_tls_unavailable');
      expect(error.message).toMatch(words);
      expect(error.fields['source.sslmode']).toMatch(words);
      // Nothing of the source is answered.
      expect(JSON.stringify(error)).not.toContain(new URL(source.url).password);
    }
    expect(await withTenant(db, T.a.id, (trx) => trx.selectFrom('dual_runs').select('run_id').execute())).toEqual([]);
    expect(started).toEqual([]);
  });

  it('starts with sslmode=prefer (plain, as TLS is not offered), reports days and differences by class and day, explains one, switches mode and refuses early retirement', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    // The run as if loaded from the old system's database (POST /migrations/sources): the source
    // sealed on it is the dual run's by default.
    await withTenant(db, T.a.id, async (trx) => {
      const sealed = await sealLegacySource(trx, vault, T.a.id, { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' });
      const source = { kind: 'database', sslmode: 'prefer', cipher: sealed.cipher.toString('base64'), keyId: sealed.keyId };
      await sql`update migration_runs set manifest = coalesce(manifest, '{}'::jsonb) || ${JSON.stringify({ source })}::jsonb where id = ${ctx.runId}`.execute(trx);
    });
    const res = await admin.post(base(), { startDay: START, cleanDaysRequired: 3 });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'running', mode: 'shadow', daysTotal: 90, cleanDaysRequired: 3, sourceConnected: true });
    expect(started).toEqual([{ tenantId: T.a.id, runId: ctx.runId, startDay: START }]);
    expect((await admin.post(base(), { source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START })).status).toBe(409);
    // The source is kept sealed: its password is nowhere in the row.
    const row = await withTenant(db, T.a.id, (trx) => trx.selectFrom('dual_runs').select('source_cipher').executeTakeFirstOrThrow());
    expect(row.source_cipher!.includes(Buffer.from(new URL(ctx.pkg.legacy.store.readOnlyUrl).password))).toBe(false);

    await injectDivergence(ctx.pkg.legacy.store, { day: '2024-10-09', kind: 'wage_typed_differently', empNo: await pickEmployee(ctx.pkg.legacy.store) });
    const keyIn = hrDoubleKeying(db, ctx.pkg.legacy.store, T.a.id, START);
    for (const day of [START, '2024-10-09']) {
      await keyIn(day);
      await compareDualRunDay({ db, vault }, { tenantId: T.a.id, runId: ctx.runId, day });
    }
    const report = await (await admin.get(base())).json();
    expect(report.days.map((d: { day: string; clean: boolean }) => [d.day, d.clean])).toEqual([[START, true], ['2024-10-09', false]]);
    expect(report.run.openByClass).toMatchObject({ data: 1 });
    const data = await (await admin.get(`${base()}/differences?class=data&day=2024-10-09`)).json();
    expect(data.items).toHaveLength(1);
    expect(data.items[0]).toMatchObject({ kind: 'roster', firstSeenDay: '2024-10-09', status: 'open' });
    expect((await (await admin.get(`${base()}/differences?day=${START}`)).json()).items).toEqual([]);
    expect((await admin.get(`${base()}/differences?class=nonsense`)).status).toBe(400);

    const id = data.items[0].id as string;
    const badPatch = await admin.request('PATCH', `${base()}/differences/${id}`, { class: 'oops', note: 'a\u0000b' });
    expect(badPatch.status).toBe(400);
    expect(Object.keys((await badPatch.json()).error.fields).sort()).toEqual(['class', 'note']);
    const stranger = await admin.request('PATCH', `${base()}/differences/${id}`, { assigneeUserId: '00000000-0000-4000-8000-000000000000' });
    expect(stranger.status).toBe(404);
    expect(Object.keys((await stranger.json()).error.fields)).toEqual(['assigneeUserId']);
    expect((await admin.request('PATCH', `${base()}/differences/${id}`, { class: 'defect', explained: true, note: '旧系统录入错误' })).status).toBe(204);
    const after = (await (await admin.get(`${base()}/differences?class=defect`)).json()).items[0];
    expect(after).toMatchObject({ id, class: 'defect', autoClass: 'data', status: 'explained', note: '旧系统录入错误' });

    expect((await admin.post(`${base()}/mode`, { mode: 'live' })).status).toBe(400);
    const live = await admin.post(`${base()}/mode`, { mode: 'live', signOff: true });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ mode: 'live', modeSignedOffAt: expect.any(String) });

    const early = await admin.post(`${base()}/retire`, {});
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatchObject({ code: 'dual_run_not_clean', fields: { id: expect.any(String) } });
    expect(retireSignals).toEqual([]);
  });

  it('keeps another tenant out of every dual-run route (404)', async () => {
    const b = await as(`admin@${T.b.slug}.test`);
    const other = `/api/t/${T.b.slug}/migrations/${ctx.runId}/dual-run`;
    expect((await b.get(other)).status).toBe(404);
    expect((await b.get(`${other}/differences`)).status).toBe(404);
    const diff = (await withTenant(db, T.a.id, (trx) => trx.selectFrom('dual_run_differences').select('id').executeTakeFirstOrThrow())).id;
    expect((await b.request('PATCH', `${other}/differences/${diff}`, { explained: false })).status).toBe(404);
    expect((await b.post(`${other}/mode`, { mode: 'shadow', signOff: true })).status).toBe(404);
    expect((await b.post(`${other}/retire`, {})).status).toBe(404);
    expect(await withTenant(db, T.b.id, (trx) => trx.selectFrom('dual_run_differences').select('id').execute())).toEqual([]);
  });
});
