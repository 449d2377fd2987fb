import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataMigrationActivities, createPersonalDataVault, openMigrationPackage, packMigration, signManifest, startMigrationLoad, startMigrationPromotion, unwrapRunKey } from '@lianxu/core';
import { LEGACY_FILES, type LegacyFile } from '@lianxu/legacy-sim';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TEST_MASTER_KEY, TEST_ORIGIN, TestClient } from '@lianxu/testing';
import { legacyPackage } from './loaded-run.fixture';

// /api/t/{tenant}/migrations through the app on real PostgreSQL, with promotion run by a real
// worker on the test run's Temporal dev server: upload streamed to disk, a tampered package and a
// wrong key refused with nothing loaded, load and validation, quarantine filters, promotion to the
// end with progress, roles, bad input named per field, and a second tenant that sees nothing.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const taskQueue = `migration-routes-${randomUUID()}`;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let uploadDir: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;
const T = { a: { id: '', slug: '' }, b: { id: '', slug: '' } };

async function as(email: string, lang = 'en') {
  const c = new TestClient(app, { lang });
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}
const uploadAs = (c: TestClient, slug: string, body: Buffer) =>
  app.request(`${TEST_ORIGIN}/api/t/${slug}/migrations`, {
    method: 'POST', body, headers: { cookie: c.cookie!, origin: TEST_ORIGIN, 'content-type': 'application/octet-stream', 'x-forwarded-for': c.address, 'accept-language': 'en' },
  });

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createDataMigrationActivities({ db, vault: createPersonalDataVault(TEST_MASTER_KEY), pool, today: '2026-12-01' }),
  });
  running = worker.run();
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-uploads-'));
  const client = new Client({ connection });
  deps = apiDeps(db, {
    migrations: {
      vault: createPersonalDataVault(TEST_MASTER_KEY), uploadDir,
      startPromotion: (input) => startMigrationPromotion(client, input, taskQueue),
      startLoad: (input) => startMigrationLoad(client, input, taskQueue),
    },
  });
  app = buildApp(deps.deps);
  T.a = (await provisionLifecycleTenant(db, 'mig-ra', { seed: 21 })).tenant;
  T.b = (await provisionLifecycleTenant(db, 'mig-rb', { seed: 22 })).tenant;
  pkg = await legacyPackage(T.a.id, { seed: 5, size: 150, months: 6, dirtyRate: 0.05 });
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await pkg?.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

const keyBody = (over: Record<string, unknown> = {}) => ({ wrappedKey: pkg.wrappedKey, transferKey: pkg.transferKey.toString('base64'), ...over });

describe('migration routes', () => {
  const runId = () => pkg.wrappedKey.runId;

  it('keeps HR out, refuses what is not a package or is another tenant’s', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    expect((await uploadAs(hr, T.a.slug, await readFile(pkg.file))).status).toBe(403);
    const admin = await as(`admin@${T.a.slug}.test`);
    const junk = await uploadAs(admin, T.a.slug, Buffer.from('name,id\n1,2\n'));
    expect(junk.status).toBe(422);
    expect((await junk.json()).error).toMatchObject({ code: 'package_format', fields: { body: expect.any(String) } });
    const adminB = await as(`admin@${T.b.slug}.test`);
    const other = await uploadAs(adminB, T.b.slug, await readFile(pkg.file));
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('package_wrong_key');
  });

  it('refuses a tampered package and a wrong key naming what failed, loading nothing', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const tampered = path.join(uploadDir, 'tampered.lxpkg');
    await copyFile(pkg.file, tampered);
    const size = (await readFile(tampered)).length;
    const h = await open(tampered, 'r+');
    await h.write(Buffer.from([0x42]), 0, 1, size - 100);
    await h.close();
    const up = await uploadAs(admin, T.a.slug, await readFile(tampered));
    expect(up.status).toBe(201);
    expect((await up.json()).id).toBe(runId());
    const bad = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/load`, keyBody());
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: 'package_tampered', message: expect.stringMatching(/altered/), fields: { package: expect.stringMatching(/altered/) } });
    // The right package sent again replaces the refused copy; a wrong transfer key is refused.
    expect((await uploadAs(admin, T.a.slug, await readFile(pkg.file))).status).toBe(201);
    // Kept at rest exactly as sent: encrypted, no legacy header in the clear.
    const stored = await readFile(path.join(uploadDir, T.a.id, `${runId()}.lxpkg`));
    expect(stored.equals(await readFile(pkg.file))).toBe(true);
    expect(stored.includes(Buffer.from('身份证'))).toBe(false);
    const wrong = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/load`, keyBody({ transferKey: Buffer.alloc(32, 1).toString('base64') }));
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error).toMatchObject({ code: 'package_wrong_key', fields: { transferKey: expect.any(String) } });
    const run = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}`)).json();
    expect(run).toMatchObject({ status: 'created', files: [], totals: { read: 0, accepted: 0, quarantined: 0, promoted: 0 } });
  });

  it("refuses a package signed with another tenant's transfer key and a manifest edited after signing, naming the key id or the signature", async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const adminB = await as(`admin@${T.b.slug}.test`);
    const hr = await as(`hr@${T.a.slug}.test`);
    expect((await hr.post(`/api/t/${T.a.slug}/migrations/transfer-key`, {})).status).toBe(403);
    const keyA = await (await admin.post(`/api/t/${T.a.slug}/migrations/transfer-key`, {})).json();
    const again = await admin.post(`/api/t/${T.a.slug}/migrations/transfer-key`, {});
    expect(again.headers.get('cache-control')).toBe('no-store');
    // One key per tenant, made once, stored wrapped (not in the clear), the one the package was signed with.
    expect(await again.json()).toEqual(keyA);
    expect(keyA).toMatchObject({ tenantId: T.a.id, keyId: pkg.manifest.transferKeyId, transferKey: pkg.transferKey.toString('base64') });
    const stored = await withTenant(db, T.a.id, (trx) => trx.selectFrom('data_keys').select('wrapped_key').where('key_id', '=', 'secret:migration-transfer-1').executeTakeFirstOrThrow());
    expect(stored.wrapped_key.includes(pkg.transferKey)).toBe(false);
    const keyB = await (await adminB.post(`/api/t/${T.b.slug}/migrations/transfer-key`, {})).json();
    expect(keyB.keyId).not.toBe(keyA.keyId);

    // An export packed for tenant A with tenant B's transfer key: refused at upload by its key id.
    const own = await mkdtemp(path.join(uploadDir, 'other-key-'));
    const files: string[] = [];
    for (const file of Object.keys(LEGACY_FILES) as LegacyFile[]) {
      const target = path.join(own, `${LEGACY_FILES[file]}.csv`);
      const sink = createWriteStream(target);
      const closed = new Promise((resolve) => sink.on('close', () => resolve(null)));
      await pkg.legacy.store.exportCsv(file, sink);
      await closed;
      files.push(target);
    }
    const foreign = path.join(own, 'foreign.lxpkg');
    await packMigration({ files, out: foreign, keyOut: `${foreign}.key`, tenantId: T.a.id, transferKey: Buffer.from(keyB.transferKey, 'base64') });
    const byKeyId = await uploadAs(admin, T.a.slug, await readFile(foreign));
    expect(byKeyId.status).toBe(422);
    expect((await byKeyId.json()).error).toMatchObject({ code: 'package_wrong_key', message: expect.stringMatching(/key id/), fields: { body: expect.stringMatching(/key id/) } });

    // The same manifest claiming A's key id, still signed with B's key: refused by its signature.
    const bytes = await readFile(foreign);
    const head = bytes.readUInt32BE(8);
    const parsed = JSON.parse(bytes.subarray(12, 12 + head).toString());
    const withHead = async (name: string, value: unknown) => {
      const body = Buffer.from(JSON.stringify(value));
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length);
      const out = path.join(own, name);
      await writeFile(out, Buffer.concat([bytes.subarray(0, 8), len, body, bytes.subarray(12 + head)]));
      return readFile(out);
    };
    parsed.manifest.transferKeyId = keyA.keyId;
    parsed.signature = signManifest(Buffer.from(keyB.transferKey, 'base64'), parsed.manifest);
    const bySignature = await uploadAs(admin, T.a.slug, await withHead('claims-a.lxpkg', parsed));
    expect(bySignature.status).toBe(422);
    expect((await bySignature.json()).error).toMatchObject({ code: 'package_signature', message: expect.stringMatching(/signature/) });

    // A's own package with its manifest edited after signing (a row count raised): refused by its signature.
    const mine = await readFile(pkg.file);
    const mineHead = mine.readUInt32BE(8);
    const edited = JSON.parse(mine.subarray(12, 12 + mineHead).toString());
    edited.manifest.files[0].rows += 1;
    const body = Buffer.from(JSON.stringify(edited));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const zh = await as(`admin@${T.a.slug}.test`, 'zh-CN');
    const res = await app.request(`${TEST_ORIGIN}/api/t/${T.a.slug}/migrations`, {
      method: 'POST', body: Buffer.concat([mine.subarray(0, 8), len, body, mine.subarray(12 + mineHead)]),
      headers: { cookie: zh.cookie!, origin: TEST_ORIGIN, 'content-type': 'application/octet-stream', 'x-forwarded-for': zh.address, 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'package_signature', message: expect.stringMatching(/签名/) });
    // Nothing of the refused packages became a run.
    const runs = (await (await admin.get(`/api/t/${T.a.slug}/migrations`)).json()).items.map((r: { id: string }) => r.id);
    expect(runs).not.toContain(parsed.manifest.runId);

    // A version 1 package (signed under its run key, before the registry): opens as before with the
    // key it was wrapped for; at the API, wrapped for a key that is not the tenant's, refused plainly.
    const foreignKey = JSON.parse(await readFile(`${foreign}.key`, 'utf8'));
    const v1 = JSON.parse(bytes.subarray(12, 12 + head).toString());
    delete v1.manifest.transferKeyId;
    v1.manifest.version = 1;
    v1.signature = signManifest(unwrapRunKey(foreignKey, Buffer.from(keyB.transferKey, 'base64')), v1.manifest);
    await withHead('v1.lxpkg', v1);
    const opened = await openMigrationPackage({ file: path.join(own, 'v1.lxpkg'), wrappedKey: foreignKey, transferKey: Buffer.from(keyB.transferKey, 'base64'), tenantId: T.a.id });
    expect(opened.manifest.version).toBe(1);
    expect((await uploadAs(admin, T.a.slug, await readFile(path.join(own, 'v1.lxpkg')))).status).toBe(201);
    const oldLoad = await admin.post(`/api/t/${T.a.slug}/migrations/${v1.manifest.runId}/load`, { wrappedKey: foreignKey });
    expect(oldLoad.status).toBe(422);
    expect((await oldLoad.json()).error).toMatchObject({ code: 'package_wrong_key', message: expect.stringMatching(/version 1.*pack the export again/) });
  });

  it('names bad fields of a load in Chinese by default and English on request, writing nothing', async () => {
    const zh = await as(`admin@${T.a.slug}.test`, 'zh-CN');
    const res = await zh.post(`/api/t/${T.a.slug}/migrations/${runId()}/load`, { wrappedKey: { ...pkg.wrappedKey, transferKeyId: 'nothex' }, transferKey: 'short' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(Object.keys(body.error.fields)).toEqual(expect.arrayContaining(['wrappedKey.transferKeyId', 'transferKey']));
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const en = await as(`admin@${T.a.slug}.test`);
    const notUuid = await en.get(`/api/t/${T.a.slug}/migrations/not-a-run`);
    expect(notUuid.status).toBe(400);
    expect(Object.keys((await notUuid.json()).error.fields)).toEqual(['id']);
    const promoteEarly = await en.post(`/api/t/${T.a.slug}/migrations/${runId()}/promote`, {});
    expect(promoteEarly.status).toBe(409);
    const badBatch = await en.post(`/api/t/${T.a.slug}/migrations/${runId()}/promote`, { batchSize: 1 });
    expect(badBatch.status).toBe(400);
    expect(Object.keys((await badBatch.json()).error.fields)).toEqual(['batchSize']);
  });

  it('loads and validates, lists quarantined rows by file and reason, and promotes to the end', async () => {
    const admin = await as(`admin@${T.a.slug}.test`);
    const loaded = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/load`, keyBody());
    expect(loaded.status).toBe(202);
    expect((await loaded.json()).status).toBe('loading');
    // A second load while this one runs is refused; the one running goes on.
    expect((await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/load`, keyBody())).status).toBe(409);
    let run = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}`)).json();
    for (let i = 0; i < 240 && run.status === 'loading'; i++) {
      expect(run.totals.read).toBe(run.totals.accepted + run.totals.quarantined);
      await new Promise((r) => setTimeout(r, 250));
      run = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}`)).json();
    }
    expect(run).toMatchObject({ status: 'validated', loading: null, failure: null });
    expect([...run.files].sort()).toEqual(['contributions', 'coverage', 'roster']);
    for (const c of Object.values(run.counts) as { read: number; accepted: number; quarantined: number }[]) expect(c.read).toBe(c.accepted + c.quarantined);
    expect(run.totals.quarantined).toBeGreaterThan(0);

    const all = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}/quarantine?limit=200`)).json();
    expect(all.total).toBe(run.totals.quarantined);
    const roster = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}/quarantine?file=roster&limit=1`)).json();
    expect(roster.total).toBe(run.counts.roster.quarantined);
    expect(roster.items).toHaveLength(1);
    expect(roster.items[0].reasons[0]).toMatchObject({ code: expect.any(String), 'zh-CN': expect.any(String), en: expect.any(String) });
    const code = roster.items[0].reasons[0].code;
    const byReason = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}/quarantine?reason=${code}`)).json();
    expect(byReason.total).toBeGreaterThan(0);
    expect(byReason.items.every((i: { reasons: { code: string }[] }) => i.reasons.some((r) => r.code === code))).toBe(true);
    const badFilter = await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}/quarantine?file=payslips&limit=0`);
    expect(badFilter.status).toBe(400);
    expect(Object.keys((await badFilter.json()).error.fields)).toEqual(expect.arrayContaining(['file', 'limit']));

    // Promotion needs both sign-offs: the admin's alone is not enough. (This tenant has no
    // consultant: theirs is recorded directly; migration-consultant.test.ts gives it through the routes.)
    const signed = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/sign-off`, {});
    expect(signed.status).toBe(200);
    expect((await signed.json()).signOffs).toMatchObject({ tenantAdmin: { email: `admin@${T.a.slug}.test` }, consultant: null });
    const unsigned = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/promote`, { batchSize: 40 });
    expect(unsigned.status).toBe(409);
    expect((await unsigned.json()).error.code).toBe('migration_not_signed_off');
    await withTenant(db, T.a.id, (trx) => trx.updateTable('migration_runs')
      .set({ sign_offs: sql<string>`sign_offs || jsonb_build_object('consultant', jsonb_build_object('userId', gen_random_uuid(), 'email', 'consultant@vendor.test', 'at', now()))` as never })
      .where('tenant_id', '=', T.a.id).where('id', '=', runId()).execute());
    expect((await (await admin.get(`/api/t/${T.a.slug}/migrations`)).json()).items.map((r: { id: string }) => r.id)).toContain(runId());
    const started = await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/promote`, { batchSize: 40 });
    expect(started.status).toBe(202);
    let progress = await started.json();
    for (let i = 0; i < 120 && progress.status !== 'promoted'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      progress = await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}/progress`)).json();
    }
    expect(progress).toMatchObject({ status: 'promoted', total: run.counts.roster.accepted, promoted: run.counts.roster.accepted, percent: 100 });
    // Promoting again finds the finished run: nothing twice.
    expect((await admin.post(`/api/t/${T.a.slug}/migrations/${runId()}/promote`, {})).status).toBe(202);
    const live = await withTenant(db, T.a.id, async (trx) => ({
      employees: (await trx.selectFrom('employees').select('id').where('tenant_id', '=', T.a.id).execute()).length,
      tasks: (await trx.selectFrom('filing_tasks').select('id').where('tenant_id', '=', T.a.id).execute()).length,
    }));
    expect(live).toEqual({ employees: run.counts.roster.accepted, tasks: 0 });
    expect((await (await admin.get(`/api/t/${T.a.slug}/migrations/${runId()}`)).json()).totals.promoted).toBe(run.counts.roster.accepted);
  });

  it('shows another tenant nothing of the run', async () => {
    const adminB = await as(`admin@${T.b.slug}.test`);
    expect((await (await adminB.get(`/api/t/${T.b.slug}/migrations`)).json()).items).toEqual([]);
    expect((await adminB.post(`/api/t/${T.b.slug}/migrations/${runId()}/sign-off`, {})).status).toBe(404);
    for (const p of ['', '/quarantine', '/progress']) expect((await adminB.get(`/api/t/${T.b.slug}/migrations/${runId()}${p}`)).status, p).toBe(404);
    expect((await adminB.post(`/api/t/${T.b.slug}/migrations/${runId()}/promote`, {})).status).toBe(404);
    expect((await adminB.post(`/api/t/${T.b.slug}/migrations/${runId()}/load`, keyBody())).status).toBe(404);
  });
});
