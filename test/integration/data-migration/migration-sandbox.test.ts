import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  beginMigrationLoad, beginPromotion, createMigrationRun, createPersonalDataVault, finishMigrationLoad, finishPromotion, loadMigrationFile, maskIdNumber, MIGRATION_FILES, promoteBatch,
  sandboxSchema, unwrapRunKey,
} from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, testCreditCode, TEST_MASTER_KEY, TEST_ORIGIN, TestClient } from '@lianxu/testing';
import { legacyPackage, loadValidatedRun, signOffBoth } from './loaded-run.fixture';

// The sandbox of a run through /api/t/{tenant}/migrations/{id}/…: the mapping proposed from the
// headers the load read, saved as versions (bad targets and columns named) and applied by the next
// load (mapping_version recorded), a custom field as a target (bad values quarantined naming the
// column, good ones promoted), the quarantine as Excel, a corrections file that re-validates rows
// with the accounting held and twice doubling nothing, the dry-run diff against what promotion then
// does, and a second tenant that sees nothing of it. Loads run the load activity's functions directly.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const loadDeps = { db, vault, pool, today: '2026-12-01' };
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let uploadDir: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;
const T = { a: { id: '', slug: '' }, b: { id: '', slug: '' } };
const GZ_ENTITY = '00000000-0000-4000-8000-0000004401a0';
const unused = () => Promise.reject(new Error('not in this test'));

async function as(email: string, lang = 'en') {
  const c = new TestClient(app, { lang });
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}
const raw = (c: TestClient, method: string, p: string, type: string, body?: BodyInit, lang = 'en') =>
  app.request(`${TEST_ORIGIN}${p}`, { method, body, headers: { cookie: c.cookie!, origin: TEST_ORIGIN, 'content-type': type, 'x-forwarded-for': c.address, 'accept-language': lang } });
const runId = () => pkg.wrappedKey.runId;
const base = (slug = T.a.slug) => `/api/t/${slug}/migrations/${runId()}`;

async function load() {
  await beginMigrationLoad(loadDeps, T.a.id, runId(), unwrapRunKey(pkg.wrappedKey, pkg.transferKey));
  for (const file of MIGRATION_FILES) await loadMigrationFile(loadDeps, { tenantId: T.a.id, runId: runId(), packageFile: pkg.file, file });
  await finishMigrationLoad(loadDeps, { tenantId: T.a.id, runId: runId() });
}
const sandboxCounts = () => withTenant(db, T.a.id, async (trx) => {
  const n = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(`${sandboxSchema(runId())}.${table}`)}`.execute(trx)).rows[0]!.n);
  return { roster: await n('employees'), coverage: await n('coverage'), contributions: await n('contribution_lines'), quarantine: await n('quarantine') };
});
async function sheetRows(res: Response): Promise<string[][]> {
  expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const out: string[][] = [];
  book.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}
function accounted(run: { counts: Record<string, { read: number; accepted: number; quarantined: number }> }) {
  for (const [file, c] of Object.entries(run.counts)) expect(c.read, file).toBe(c.accepted + c.quarantined);
}

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-sandbox-'));
  deps = apiDeps(db, { migrations: { vault, uploadDir, startPromotion: unused, startLoad: unused } });
  app = buildApp(deps.deps);
  T.a = (await provisionLifecycleTenant(db, 'mig-sa', { seed: 31 })).tenant;
  T.b = (await provisionLifecycleTenant(db, 'mig-sb', { seed: 32 })).tenant;
  pkg = await legacyPackage(T.a.id, { seed: 9, size: 120, months: 4, dirtyRate: 0.05 });
  await createMigrationRun(db, T.a.id, runId());
  const admin = await as(`admin@${T.a.slug}.test`);
  const field = await admin.post(`/api/t/${T.a.slug}/custom-fields`, {
    key: 'legacy_no', type: 'pattern_text', labels: { 'zh-CN': '旧工号', en: 'Legacy number' },
    options: { pattern: { regex: '^E0000[0-9][0-9]$', message: { 'zh-CN': '应为 E0000 开头的 7 位工号', en: 'an E0000 number of 7 characters' } } },
  });
  expect(field.status, await field.clone().text()).toBe(201);
}, 180_000);
afterAll(async () => {
  await pkg?.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

describe('migration sandbox routes', () => {
  it('proposes the mapping from the headers read, saves versions naming bad input, and the next load applies the latest', async () => {
    await load();
    const admin = await as(`admin@${T.a.slug}.test`);
    expect((await (await admin.get(base())).json()).mappingVersion).toBeNull();
    const view = await (await admin.get(`${base()}/mapping`)).json();
    const roster = view.files.find((f: { file: string }) => f.file === 'roster');
    expect(view.version).toBeNull();
    expect(roster.headers).toContain('工号');
    expect(roster.proposed).toMatchObject({ name: '姓名', idNumber: '证件号码', wage: '月工资' });
    expect(roster.targets).toContainEqual({ target: 'custom.legacy_no', required: false, labels: { 'zh-CN': '旧工号', en: 'Legacy number' } });

    const bad = await admin.request('PUT', `${base()}/mapping`, { mapping: { roster: { name: '姓名', nosuch: '工号', idNumber: '无此列', hireDate: '入职日期', wage: '月工资' } } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['mapping.roster.city', 'mapping.roster.idNumber', 'mapping.roster.nosuch']);
    const badShape = await admin.request('PUT', `${base()}/mapping`, { mapping: { payslips: {} } });
    expect(badShape.status).toBe(400);
    expect(Object.keys((await badShape.json()).error.fields).join()).toMatch(/mapping/);
    expect((await (await admin.get(`${base()}/mapping`)).json()).version).toBeNull();

    const mapping = { roster: { ...roster.proposed, 'custom.legacy_no': '工号' } };
    expect(await (await admin.request('PUT', `${base()}/mapping`, { mapping })).json()).toEqual({ version: 1 });
    const second = await admin.request('PUT', `${base()}/mapping`, { mapping });
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ version: 2 });

    await load();
    const run = await (await admin.get(base())).json();
    expect(run).toMatchObject({ status: 'validated', mappingVersion: 2 });
    accounted(run);
    const invalid = await (await admin.get(`${base()}/quarantine?reason=custom_field_invalid&limit=200`)).json();
    expect(invalid.total).toBeGreaterThan(0);
    const reason = invalid.items[0].reasons.find((r: { code: string }) => r.code === 'custom_field_invalid');
    expect(reason).toMatchObject({ column: '工号', level: 'reference', 'zh-CN': expect.stringContaining('工号'), en: expect.stringContaining('Legacy number') });
    const kept = await withTenant(db, T.a.id, (trx) => sql<{ emp_no: string; custom_fields: Record<string, string> }>`select emp_no, custom_fields from ${sql.table(`${sandboxSchema(runId())}.employees`)} order by source_row limit 1`.execute(trx));
    expect(kept.rows[0]!.custom_fields).toEqual({ legacy_no: kept.rows[0]!.emp_no });
  });

  it('exports the filtered quarantine to Excel in the request language', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const filtered = await (await admin.get(`${base()}/quarantine?reason=custom_field_invalid&limit=200`)).json();
    const en = await sheetRows(await admin.get(`${base()}/quarantine.xlsx?reason=custom_field_invalid`));
    expect(en[0]).toEqual(['File', 'Row', 'Column', 'Reason', 'Value', 'Corrected value', 'Raw row']);
    const lines = en.slice(1).filter((l) => l[2] === '工号' && /Legacy number/.test(l[3]!));
    expect(lines.map((l) => Number(l[1])).sort((a, b) => a - b)).toEqual(filtered.items.map((i: { row: number }) => i.row).sort((a: number, b: number) => a - b));
    expect(lines[0]![0]).toBe('roster');
    expect(lines[0]![6]).toContain('工号=');
    const zh = await sheetRows(await raw(admin, 'GET', `${base()}/quarantine.xlsx?file=roster`, 'text/plain', undefined, 'zh-CN'));
    expect(zh[0]!.slice(0, 4)).toEqual(['文件', '行号', '列', '原因']);
    expect(new Set(zh.slice(1).map((l) => l[0]))).toEqual(new Set(['花名册']));
    expect((await admin.get(`${base()}/quarantine.xlsx?file=payslips`)).status).toBe(400);
  });

  it('applies a corrections file, re-validating rows with the accounting held, and a second time changes nothing', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const before = await (await admin.get(base())).json();
    const { items } = await (await admin.get(`${base()}/quarantine?file=roster&reason=custom_field_invalid&limit=200`)).json();
    const fixable = items.filter((i: { reasons: unknown[] }) => i.reasons.length === 1);
    expect(fixable.length).toBeGreaterThan(0);
    const csv = `文件,行号,列,原因,更正值\n${fixable.map((i: { row: number }) => `花名册,${i.row},工号,旧工号不符,E000001`).join('\n')}\n`;

    const unknown = await raw(admin, 'POST', `${base()}/corrections`, 'text/csv', `file,row,column,corrected value\nroster,${fixable[0].row},无此列,x\n`);
    expect(unknown.status).toBe(422);
    expect(Object.keys((await unknown.json()).error.fields)).toEqual(['corrections[0].column']);
    const noValue = await raw(admin, 'POST', `${base()}/corrections`, 'text/csv', '文件,行号,列\n花名册,3,姓名\n');
    expect(noValue.status).toBe(422);
    expect(Object.keys((await noValue.json()).error.fields)).toEqual(['columns.更正值']);
    expect((await raw(admin, 'POST', `${base()}/corrections`, 'application/json', '{}')).status).toBe(415);
    expect((await (await admin.get(base())).json()).counts).toEqual(before.counts);

    const applied = await raw(admin, 'POST', `${base()}/corrections`, 'text/csv', csv);
    expect(applied.status).toBe(200);
    const first = await applied.json();
    expect(first).toMatchObject({ corrected: fixable.length, skipped: 0, accepted: { roster: fixable.length }, mappingVersion: 2 });
    // Their coverage and lines, quarantined while the person was not on the roster, come in with them.
    expect(first.accepted.contributions).toBeGreaterThan(0);
    accounted(first.run);
    expect(first.run.counts.roster.accepted).toBe(before.counts.roster.accepted + fixable.length);
    expect(first.run.totals.read).toBe(before.totals.read);
    const again = await (await raw(admin, 'POST', `${base()}/corrections`, 'text/csv', csv)).json();
    expect(again).toMatchObject({ corrected: 0, skipped: fixable.length, accepted: { roster: 0, coverage: 0, contributions: 0 } });
    expect(again.run.counts).toEqual(first.run.counts);
    const n = await sandboxCounts();
    expect(n).toMatchObject({ roster: first.run.counts.roster.accepted, coverage: first.run.counts.coverage.accepted, contributions: first.run.counts.contributions.accepted, quarantine: first.run.totals.quarantined });
  });

  it('quarantines roster rows of a city without a registered employing entity, and re-validation lets them in once one is registered', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    // Guangzhou loses its registration: its people cannot be placed in an entity, so they wait in the quarantine.
    await withTenant(db, T.a.id, (trx) => trx.deleteFrom('entity_registrations').where('tenant_id', '=', T.a.id).where('city_code', '=', '440100').execute());
    await load();
    const run = await (await admin.get(base())).json();
    accounted(run);
    const held = await (await admin.get(`${base()}/quarantine?file=roster&reason=entity_not_registered&limit=200`)).json();
    expect(held.total).toBeGreaterThan(0);
    for (const item of held.items) {
      const reason = item.reasons.find((r: { code: string }) => r.code === 'entity_not_registered');
      expect(reason).toMatchObject({ column: '参保城市', level: 'reference', 'zh-CN': expect.stringContaining('广州'), en: expect.stringContaining('registered') });
    }
    const cities = await withTenant(db, T.a.id, (trx) => sql<{ city_code: string }>`select distinct city_code from ${sql.table(`${sandboxSchema(runId())}.employees`)}`.execute(trx));
    expect(cities.rows.map((r) => r.city_code)).not.toContain('440100');

    // A second entity, registered in Guangzhou only: re-validation accepts the rows held for that reason alone.
    await withTenant(db, T.a.id, async (trx) => {
      await trx.insertInto('entities').values({ tenant_id: T.a.id, id: GZ_ENTITY, name: '广州分公司', credit_code: testCreditCode(31_440_100) }).execute();
      await trx.insertInto('entity_registrations').values({ tenant_id: T.a.id, entity_id: GZ_ENTITY, city_code: '440100', agency: 'social_insurance', registration_no: 'GZ-SI-1', gateway: 'bureau-sim' }).execute();
    });
    const only = held.items.filter((i: { reasons: unknown[] }) => i.reasons.length === 1).length;
    expect(only).toBeGreaterThan(0);
    const again = await (await admin.post(`${base()}/revalidate`)).json();
    expect(again.accepted.roster).toBe(only);
    accounted(again.run);
    expect((await (await admin.get(`${base()}/quarantine?file=roster&reason=entity_not_registered&limit=200`)).json()).total).toBe(0);
  });

  it('shows the dry-run diff of promotion without writing, and promotion does what it said, custom fields included', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    // A person the live tenant already employs: matched by ID number, left out by promotion.
    const person = await withTenant(db, T.a.id, (trx) => sql<{ id_number: string; city_code: string; hire_date: string; wage_fen: string }>`select id_number, city_code, to_char(hire_date, 'YYYY-MM-DD') as hire_date, wage_fen
      from ${sql.table(`${sandboxSchema(runId())}.employees`)} where leave_date is null order by source_row limit 1`.execute(trx));
    const p = person.rows[0]!;
    await withTenant(db, T.a.id, async (trx) => {
      const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', T.a.id).executeTakeFirstOrThrow();
      const sealed = await vault.encrypt(trx, T.a.id, p.id_number);
      await trx.insertInto('employees').values({
        tenant_id: T.a.id, id: '00000000-0000-4000-8000-00000000a001', entity_id: entity.id, name: '在职已有', mobile: '', id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId,
        id_number_index: vault.blindIndex(T.a.id, p.id_number), id_number_masked: maskIdNumber(p.id_number), hukou: 'local', work_city: p.city_code, hire_date: p.hire_date,
        monthly_wage_fen: p.wage_fen, status: 'active', custom_fields: '{}',
      }).execute();
    });
    const liveBefore = await withTenant(db, T.a.id, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', T.a.id).execute());
    const res = await admin.get(`${base()}/dry-run`);
    expect(res.status).toBe(200);
    const diff = await res.json();
    const run = await (await admin.get(base())).json();
    expect(diff.employees).toMatchObject({ sandbox: run.counts.roster.accepted, matched: 1, alreadyPromoted: 0, create: run.counts.roster.accepted - 1 });
    expect(diff.matched[0]).toMatchObject({ employeeId: '00000000-0000-4000-8000-00000000a001', leftOut: true });
    expect(diff.matched[0].changes).toContainEqual(expect.objectContaining({ field: 'name', live: '在职已有' }));
    expect(diff.cities.reduce((s: number, c: { create: number }) => s + c.create, 0)).toBe(diff.employees.create);
    expect(diff.cities.reduce((s: number, c: { contributionLines: number }) => s + c.contributionLines, 0)).toBe(diff.contributionLines);
    expect(diff.contributionLines).toBeGreaterThan(0);
    expect(diff.coveragePeriods).toBeGreaterThan(0);
    expect(await withTenant(db, T.a.id, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', T.a.id).execute())).toEqual(liveBefore);

    await signOffBoth(db, T.a.id, runId());
    const plan = await beginPromotion({ db, vault }, { tenantId: T.a.id, runId: runId(), batchSize: 50 });
    for (let b = 0; b < plan.batches; b++) await promoteBatch({ db, vault }, { tenantId: T.a.id, runId: runId(), batch: b, batchSize: plan.batchSize });
    const done = await finishPromotion({ db, vault }, { tenantId: T.a.id, runId: runId() });
    expect(done).toMatchObject({ promoted: diff.employees.create, conflicts: 1 });
    const after = await (await admin.get(base())).json();
    expect(after.promotion.historyLines).toBe(diff.contributionLines);
    const promoted = await withTenant(db, T.a.id, (trx) => trx.selectFrom('employees').select(['custom_fields']).where('tenant_id', '=', T.a.id).where('id', 'not in', liveBefore.map((e) => e.id)).execute());
    expect(promoted).toHaveLength(diff.employees.create);
    expect(promoted.every((e) => /^E0000\d\d$/.test(String((e.custom_fields as Record<string, unknown>).legacy_no)))).toBe(true);
    // Each promoted person belongs to the one entity registered in their city (Guangzhou's own, no fallback).
    const placed = await withTenant(db, T.a.id, (trx) => trx.selectFrom('employees').select(['work_city', 'entity_id']).where('tenant_id', '=', T.a.id).where('id', 'not in', liveBefore.map((e) => e.id)).execute());
    const first = await withTenant(db, T.a.id, (trx) => trx.selectFrom('entities').select('id').where('tenant_id', '=', T.a.id).where('id', '<>', GZ_ENTITY).executeTakeFirstOrThrow());
    expect(placed.some((e) => e.work_city === '440100')).toBe(true);
    for (const e of placed) expect(e.entity_id, e.work_city).toBe(e.work_city === '440100' ? GZ_ENTITY : first.id);
    const periods = await withTenant(db, T.a.id, (trx) => trx.selectFrom('coverage_periods').select('id').where('tenant_id', '=', T.a.id).where('employee_id', 'not in', liveBefore.map((e) => e.id)).execute());
    expect(periods).toHaveLength(diff.coveragePeriods);
    // Reconciliation totals per city and month: the old system's lines, those accepted, those promoted.
    const rec = await (await admin.get(`${base()}/reconciliation`)).json();
    expect(rec.totals.legacy.lines).toBe(after.counts.contributions.read);
    expect(rec.totals.accepted.lines).toBe(after.counts.contributions.accepted);
    expect(rec.totals.promoted.lines).toBe(after.promotion.historyLines);
    const paid = await withTenant(db, T.a.id, (trx) => sql<{ fen: string }>`select sum(employer_fen)::text as fen from contribution_history where tenant_id = ${T.a.id} and run_id = ${runId()}`.execute(trx));
    expect(rec.totals.promoted.employerFen).toBe(Number(paid.rows[0]!.fen));
    const gz = rec.rows.filter((r: { cityCode: string | null }) => r.cityCode === '440100');
    expect(gz.length).toBeGreaterThan(0);
    expect(gz[0]).toMatchObject({ names: { 'zh-CN': '广州', en: expect.any(String) }, month: expect.stringMatching(/^\d{4}-\d{2}$/) });
    for (const r of rec.rows) expect(r.accepted.lines, `${r.city} ${r.month}`).toBeLessThanOrEqual(r.legacy.lines);
    const rerun = await (await admin.get(`${base()}/dry-run`)).json();
    expect(rerun).toMatchObject({ employees: { create: 0, alreadyPromoted: diff.employees.create }, coveragePeriods: 0, contributionLines: 0 });
    expect((await admin.post(`${base()}/revalidate`)).status).toBe(409);
  });

  it('abandons a run never promoted: closed as failed, its sandbox dropped, the live tables untouched; a promoted run is refused', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const other = await legacyPackage(T.a.id, { seed: 12, size: 20, months: 2, dirtyRate: 0.05 });
    try {
      const id = await loadValidatedRun(db, pool, T.a.id, other);
      const present = async () => (await withTenant(db, T.a.id, (trx) => sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${sandboxSchema(id)}`.execute(trx))).rows[0]!.n;
      const live = () => withTenant(db, T.a.id, (trx) => sql<{ n: number }>`select (select count(*) from employees) + (select count(*) from contribution_history) as n`.execute(trx));
      expect(await present()).toBe(1);
      const before = (await live()).rows[0]!.n;
      expect((await (await as(`hr@${T.a.slug}.test`)).post(`/api/t/${T.a.slug}/migrations/${id}/abandon`)).status).toBe(403);
      expect((await (await as(`admin@${T.b.slug}.test`)).post(`/api/t/${T.b.slug}/migrations/${id}/abandon`)).status).toBe(404);
      const res = await admin.post(`/api/t/${T.a.slug}/migrations/${id}/abandon`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'failed', failure: { code: 'migration_abandoned', 'zh-CN': expect.stringContaining('沙箱已删除'), en: expect.stringContaining('sandbox was dropped') } });
      expect(await present()).toBe(0);
      expect((await live()).rows[0]!.n).toBe(before);
      expect((await admin.get(`/api/t/${T.a.slug}/migrations/${id}/quarantine`)).status).toBe(410);
    } finally {
      await other.close();
    }
    const promoted = await admin.post(`${base()}/abandon`);
    expect(promoted.status).toBe(409);
    expect((await promoted.json()).error.code).toBe('migration_not_abandonable');
  });

  it('shows another tenant nothing of the run', async () => {
    const adminB = await as(`admin@${T.b.slug}.test`);
    const b = base(T.b.slug);
    for (const p of ['/mapping', '/quarantine.xlsx', '/dry-run', '/reconciliation']) expect((await adminB.get(`${b}${p}`)).status, p).toBe(404);
    expect((await adminB.request('PUT', `${b}/mapping`, { mapping: { coverage: { idNumber: '证件号码', city: '参保城市', insurance: '险种', month: '月份' } } })).status).toBe(404);
    expect((await adminB.post(`${b}/revalidate`)).status).toBe(404);
    expect((await raw(adminB, 'POST', `${b}/corrections`, 'text/csv', '文件,行号,列,更正值\n花名册,3,姓名,x\n')).status).toBe(404);
    const hr = await as(`hr@${T.a.slug}.test`);
    expect((await hr.get(`${base()}/dry-run`)).status).toBe(403);
    expect((await hr.get(`${base()}/reconciliation`)).status).toBe(403);
  });
});
