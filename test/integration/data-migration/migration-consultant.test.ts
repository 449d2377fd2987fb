import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataMigrationActivities, startMigrationLoad, startMigrationPromotion } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/core';
import { apiDeps, appDb, buildApp, lifecycleTenantSpec, provisionForTest, TEST_ORIGIN, TestClient, testVault, uniqueSlug } from '@lianxu/testing';
import { legacyPackage } from './loaded-run.fixture';

// The vendor's implementation consultant, granted to the tenant, runs a migration through the
// routes as the issue has consultants do: uploads the package, starts the load and follows it,
// reads the quarantine, signs off; the tenant admin signs off for the company; the consultant
// promotes. HR has no access; a consultant not granted the tenant does not see it at all.
// Demo mode, where a consultant without a second factor is let in (as the identity tests do).

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const taskQueue = `migration-consultant-${randomUUID()}`;
const A = { id: '', slug: uniqueSlug('mig-cons-a') };
const B = { id: '', slug: uniqueSlug('mig-cons-b') };
const CONSULTANT = `consultant@${A.slug}.test`;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let uploadDir: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;

async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status, `sign in ${email}`).toBe(200);
  return c;
}

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createDataMigrationActivities({ db, vault: testVault(), pool, today: '2026-12-01' }),
  });
  running = worker.run();
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-uploads-'));
  const client = new Client({ connection });
  deps = apiDeps(db, {
    migrations: {
      vault: testVault(), uploadDir,
      startPromotion: (input) => startMigrationPromotion(client, input, taskQueue),
      startLoad: (input) => startMigrationLoad(client, input, taskQueue),
    },
  }, { demoMode: true });
  app = buildApp(deps.deps);
  const spec = lifecycleTenantSpec(A.slug, { seed: 160_041 });
  A.id = await provisionForTest(db, { ...spec, consultantGrants: [CONSULTANT], demo: { ...spec.demo!, consultants: [{ email: CONSULTANT, name: '顾问' }] } } as TenantSpec);
  B.id = await provisionForTest(db, lifecycleTenantSpec(B.slug, { seed: 160_042 }));
  pkg = await legacyPackage(A.id, { seed: 9, size: 120, months: 6, dirtyRate: 0.05 });
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

const upload = (c: TestClient, slug: string, body: Buffer) =>
  app.request(`${TEST_ORIGIN}/api/t/${slug}/migrations`, {
    method: 'POST', body, headers: { cookie: c.cookie!, origin: TEST_ORIGIN, 'content-type': 'application/octet-stream', 'x-forwarded-for': c.address, 'accept-language': 'en' },
  });

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 240 && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('a consultant runs a migration through the routes', () => {
  it('uploads, loads, reads the quarantine, signs off and promotes after the tenant admin signed off', async () => {
    const consultant = await as(CONSULTANT);
    const base = `/api/t/${A.slug}/migrations`;
    const run = pkg.wrappedKey.runId;
    expect((await upload(consultant, A.slug, await readFile(pkg.file))).status).toBe(201);
    expect((await (await consultant.get(base)).json()).items.map((r: { id: string }) => r.id)).toEqual([run]);
    const load = await consultant.post(`${base}/${run}/load`, { wrappedKey: pkg.wrappedKey, transferKey: pkg.transferKey.toString('base64') });
    expect(load.status).toBe(202);
    const loaded = await until(async () => (await consultant.get(`${base}/${run}`)).json(), (v) => v.status !== 'loading');
    expect(loaded.status).toBe('validated');
    expect(loaded.totals.read).toBe(loaded.totals.accepted + loaded.totals.quarantined);
    const q = await consultant.get(`${base}/${run}/quarantine?file=contributions`);
    expect(q.status).toBe(200);

    const mine = await consultant.post(`${base}/${run}/sign-off`, {});
    expect(mine.status).toBe(200);
    expect((await mine.json()).signOffs).toMatchObject({ consultant: { email: CONSULTANT }, tenantAdmin: null });
    const early = await consultant.post(`${base}/${run}/promote`, { batchSize: 50 });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('migration_not_signed_off');

    const hr = await as(`hr@${A.slug}.test`);
    expect((await hr.get(base)).status).toBe(403);
    expect((await hr.post(`${base}/${run}/sign-off`, {})).status).toBe(403);
    const admin = await as(`admin@${A.slug}.test`);
    expect((await admin.post(`${base}/${run}/sign-off`, {})).status).toBe(200);

    expect((await consultant.post(`${base}/${run}/promote`, { batchSize: 50 })).status).toBe(202);
    const promoted = await until(async () => (await consultant.get(`${base}/${run}/progress`)).json(), (v) => v.status === 'promoted');
    expect(promoted).toMatchObject({ status: 'promoted', promoted: loaded.counts.roster.accepted, percent: 100 });
    // Signing off a promoted run is refused: nothing left to sign.
    expect((await consultant.post(`${base}/${run}/sign-off`, {})).status).toBe(409);
  });

  it('does not show a tenant the consultant is not granted', async () => {
    const consultant = await as(CONSULTANT);
    expect((await consultant.get(`/api/t/${B.slug}/migrations`)).status).toBe(404);
    expect((await consultant.get(`/api/t/${B.slug}/migrations/${pkg.wrappedKey.runId}`)).status).toBe(404);
  });
});
