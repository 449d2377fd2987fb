import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSourcePool, compareDualRunDay } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { injectDivergence } from '@lianxu/legacy-sim';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TestClient } from '@lianxu/testing';
import { hrDoubleKeying, pickEmployee, promotedTenant, vault } from './dual-run.fixture';

// /api/t/{tenant}/migrations/{id}/dual-run through the app on real PostgreSQL beside a real
// legacy-sim: start (the source URL stored sealed), the daily report and differences after days
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
  await closeSourcePool(ctx?.pkg.legacy.store.readOnlyUrl ?? '');
  await ctx?.pkg.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
});

describe('dual-run routes', () => {
  const base = () => `/api/t/${T.a.slug}/migrations/${ctx.runId}/dual-run`;

  it('refuses bad input naming the field, HR, and another tenant’s run, writing nothing', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    expect((await hr.post(base(), { sourceUrl: ctx.pkg.legacy.store.readOnlyUrl, startDay: START })).status).toBe(403);
    const admin = await as(`admin@${T.a.slug}.test`);
    const bad = await admin.post(base(), { sourceUrl: 'http://evil', startDay: '2024-13-01', tolerance: 2 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['sourceUrl', 'startDay', 'tolerance']);
    expect((await admin.get(base())).status).toBe(404);
    const adminB = await as(`admin@${T.b.slug}.test`);
    expect((await adminB.post(`/api/t/${T.b.slug}/migrations/${ctx.runId}/dual-run`, { sourceUrl: ctx.pkg.legacy.store.readOnlyUrl, startDay: START })).status).toBe(404);
    expect(await withTenant(db, T.a.id, (trx) => trx.selectFrom('dual_runs').select('run_id').execute())).toEqual([]);
    expect(started).toEqual([]);
  });

  it('starts, reports days and differences by class and day, explains one, switches mode and refuses early retirement', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const res = await admin.post(base(), { sourceUrl: ctx.pkg.legacy.store.readOnlyUrl, startDay: START, cleanDaysRequired: 3 });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'running', mode: 'shadow', daysTotal: 90, cleanDaysRequired: 3, sourceConnected: true });
    expect(started).toEqual([{ tenantId: T.a.id, runId: ctx.runId, startDay: START }]);
    expect((await admin.post(base(), { sourceUrl: ctx.pkg.legacy.store.readOnlyUrl, startDay: START })).status).toBe(409);
    // The URL is kept sealed: its password is nowhere in the row.
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
