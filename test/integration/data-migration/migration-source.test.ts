import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createMigrationRun, createPersonalDataVault, finishMigrationLoad, getMigrationRun, loadFile, loadMigrationFile, MIGRATION_FILES, openMigrationPackage,
} from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import type { LoadMigrationInput } from '@lianxu/workflows';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TEST_MASTER_KEY, TestClient } from '@lianxu/testing';
import { legacyPackage } from './loaded-run.fixture';

// A run loaded from the old system's read-only database (legacy-sim's PostgreSQL, which offers no
// TLS locally): POST /migrations/sources checks the connection as its sslmode says (prefer: plain
// when TLS is not offered; require: refused, naming TLS), seals URL and password on the run (never
// answered, never in clear at rest) and starts the load; the load's activities then read the three
// tables and account for every row exactly as the same export packed as CSV files.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let uploadDir: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;
let tenant = { id: '', slug: '' };
const started: LoadMigrationInput[] = [];

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-source-'));
  deps = apiDeps(db, {
    migrations: {
      vault, uploadDir,
      startPromotion: async () => ({ workflowId: 'none', started: false }),
      startLoad: async (input) => {
        started.push(input);
        return { workflowId: `load:${input.runId}`, started: true };
      },
    },
  });
  app = buildApp(deps.deps);
  tenant = (await provisionLifecycleTenant(db, 'mig-src', { seed: 51 })).tenant;
  pkg = await legacyPackage(tenant.id, { seed: 11, size: 120, months: 4, dirtyRate: 0.05 });
}, 180_000);
afterAll(async () => {
  await pkg?.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

async function admin(lang = 'en') {
  const c = new TestClient(app, { lang });
  expect((await c.signIn(`admin@${tenant.slug}.test`)).status).toBe(200);
  return c;
}

/** legacy-sim's read-only connection, the password apart from the URL. */
async function connection(): Promise<{ url: string; password: string }> {
  const offered = (await (await fetch(`${pkg.legacy.url}/connection`)).json()) as { url: string; readOnly: boolean };
  expect(offered.readOnly).toBe(true);
  const url = new URL(offered.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

const runCount = () => withTenant(db, tenant.id, async (trx) => (await trx.selectFrom('migration_runs').select('id').execute()).length);

describe('a migration run from the old system’s database', () => {
  it('names each bad field with a 400 and creates nothing', async () => {
    const c = await admin();
    const before = await runCount();
    const bad = await c.post(`/api/t/${tenant.slug}/migrations/sources`, { url: 'http://legacy', sslmode: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['sslmode', 'url']);
    const { url } = await connection();
    const noCa = await c.post(`/api/t/${tenant.slug}/migrations/sources`, { url, sslmode: 'verify-full' });
    expect(noCa.status).toBe(400);
    expect(Object.keys((await noCa.json()).error.fields)).toEqual(['caCert']);
    const sslInUrl = await c.post(`/api/t/${tenant.slug}/migrations/sources`, { url: `${url}?sslmode=disable`, sslmode: 'require' });
    expect(sslInUrl.status).toBe(400);
    expect((await sslInUrl.json()).error.fields.url).toMatch(/sslmode/);
    const wrongPassword = await c.post(`/api/t/${tenant.slug}/migrations/sources`, { url, password: 'not-it', sslmode: 'prefer' });
    expect(wrongPassword.status).toBe(422);
    expect((await wrongPassword.json()).error).toMatchObject({ code: 'source_auth', fields: { password: expect.any(String) } });
    expect(await runCount()).toBe(before);
  });

  it('refuses sslmode=require against a server without TLS, naming TLS, in Chinese and English, creating nothing', async () => {
    const before = await runCount();
    const { url, password } = await connection();
    for (const [lang, pattern] of [['en', /TLS/], ['zh-CN', /TLS 加密连接/]] as const) {
      const res = await (await admin(lang)).post(`/api/t/${tenant.slug}/migrations/sources`, { url, password, sslmode: 'require' });
      expect(res.status).toBe(422);
      const error = (await res.json()).error;
      expect(error).toMatchObject({ code: 'source_tls_unavailable', message: expect.stringMatching(pattern), fields: { sslmode: expect.stringMatching(pattern) } });
      expect(JSON.stringify(error)).not.toContain(password);
    }
    expect(await runCount()).toBe(before);
  });

  it('with sslmode=prefer loads every row as the CSV export does, the URL and password sealed and never answered', async () => {
    const c = await admin();
    const { url, password } = await connection();
    const res = await c.post(`/api/t/${tenant.slug}/migrations/sources`, { url, password, sslmode: 'prefer' });
    expect(res.status).toBe(202);
    const text = await res.text();
    const run = JSON.parse(text) as { id: string; status: string };
    expect(run.status).toBe('loading');
    expect(started.at(-1)).toMatchObject({ tenantId: tenant.id, runId: run.id });
    // What the worker's activities do, file by file, then the end of the load.
    for (const file of MIGRATION_FILES) await loadMigrationFile({ db, vault, pool, today: '2026-12-01' }, { ...started.at(-1)!, file });
    await finishMigrationLoad({ db, pool }, { tenantId: tenant.id, runId: run.id });

    // The same export packed as CSV files, loaded into a run of its own.
    const opened = await openMigrationPackage({ file: pkg.file, wrappedKey: pkg.wrappedKey, transferKey: pkg.transferKey, tenantId: tenant.id });
    const csvRun = await createMigrationRun(db, tenant.id);
    for (const file of MIGRATION_FILES) await loadFile({ pool, tenantId: tenant.id, runId: csvRun, file, pkg: opened, today: '2026-12-01' });
    const [fromDb, fromCsv] = await Promise.all([getMigrationRun(db, tenant.id, run.id), getMigrationRun(db, tenant.id, csvRun)]);
    expect(fromDb!.status).toBe('validated');
    const legacyCounts = await pkg.legacy.store.counts();
    for (const file of MIGRATION_FILES) {
      const counts = fromDb!.counts[file]!;
      expect(counts.read, file).toBe(legacyCounts.rows[file]);
      expect(counts.accepted + counts.quarantined, file).toBe(counts.read);
      expect(counts, file).toEqual(fromCsv!.counts[file]);
    }
    expect(fromDb!.counts.roster!.quarantined).toBeGreaterThan(0);

    // Never answered, never in clear at rest.
    const host = new URL(url).host;
    for (const answer of [text, await (await c.get(`/api/t/${tenant.slug}/migrations/${run.id}`)).text(), await (await c.get(`/api/t/${tenant.slug}/migrations`)).text()]) {
      expect(answer).not.toContain(password);
      expect(answer).not.toContain(host);
    }
    const stored = JSON.stringify(fromDb);
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(host);
    expect(stored).toContain('"sslmode":"prefer"');
  }, 180_000);
});

