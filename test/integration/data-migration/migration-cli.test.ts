import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataMigrationActivities, createPersonalDataVault, readPackageHead, startMigrationLoad, startMigrationPromotion } from '@lianxu/core';
import { exportWorkbook, LEGACY_FILES } from '@lianxu/legacy-sim';
import { withTenant } from '@lianxu/db';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, serveOnFreePort, TEST_MASTER_KEY, TestClient } from '@lianxu/testing';
import { migrationsCommand } from '../../../apps/cli/src/commands/migrations.command';
import { migrationsRemote } from '../../../apps/cli/src/commands/migrations-remote';
import { legacyPackage } from './loaded-run.fixture';

// `lianxu migrations upload|run|status|report|promote|retire` against the real API over HTTP (a
// node server on a free port), real PostgreSQL and a real worker on the run's Temporal dev server:
// a consultant's key with the scope migrations:manage takes an export from upload to promotion; a
// key without the scope, a refused step and a missing option each end with a message and exit code.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const taskQueue = `migration-cli-${randomUUID()}`;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof apiDeps>;
let server: Awaited<ReturnType<typeof serveOnFreePort>>;
let uploadDir: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;
let tenant = { id: '', slug: '' };
let admin: TestClient;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createDataMigrationActivities({ db, vault: createPersonalDataVault(TEST_MASTER_KEY), pool, today: '2026-12-01' }),
  });
  running = worker.run();
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-cli-uploads-'));
  const client = new Client({ connection });
  deps = apiDeps(db, {
    migrations: {
      vault: createPersonalDataVault(TEST_MASTER_KEY), uploadDir,
      startPromotion: (input) => startMigrationPromotion(client, input, taskQueue),
      startLoad: (input) => startMigrationLoad(client, input, taskQueue),
    },
  });
  const app = buildApp(deps.deps);
  server = await serveOnFreePort(app.fetch);
  tenant = (await provisionLifecycleTenant(db, 'mig-cli', { seed: 31 })).tenant;
  pkg = await legacyPackage(tenant.id, { seed: 7, size: 80, months: 4, dirtyRate: 0.05 });
  admin = new TestClient(app, { lang: 'en' });
  expect((await admin.signIn(`admin@${tenant.slug}.test`)).status).toBe(200);
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await server?.close();
  await connection?.close();
  await pkg?.close();
  await deps?.close();
  await pool.end();
  await db.destroy();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  for (const k of ['LIANXU_API_KEY', 'LIANXU_TRANSFER_KEY']) delete process.env[k];
});

async function keyWith(scopes: string[]): Promise<string> {
  const res = await admin.post(`/api/t/${tenant.slug}/api-keys`, { name: `cli ${scopes.join(' ')}`, scopes, expiresInDays: 30 });
  expect(res.status).toBe(201);
  return (await res.json()).token as string;
}

/** Runs one subcommand as the command line would; answers its exit code and what it printed. */
async function cli(sub: 'upload' | 'run' | 'status' | 'report' | 'promote' | 'retire', ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await migrationsRemote(sub, [...args, '--api', server.url, '--tenant', tenant.slug, '--poll-ms', '200'], (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lianxu migrations (command line over the API)', () => {
  it('refuses a key without the scope, naming it, and says what is missing', async () => {
    delete process.env.LIANXU_API_KEY;
    const missing = await cli('status', pkg.wrappedKey.runId);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('LIANXU_API_KEY');
    process.env.LIANXU_API_KEY = await keyWith(['employees:read']);
    const refused = await cli('upload', pkg.file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/refused \(403 missing_scope\).*migrations:manage/);
  });

  it("packs the old system's Excel workbook with the transfer key fetched from the API, then uploads and runs it without the key in hand", async () => {
    process.env.LIANXU_API_KEY = await keyWith(['migrations:manage']);
    delete process.env.LIANXU_TRANSFER_KEY;
    const workbook = path.join(uploadDir, 'export.xlsx');
    const sink = createWriteStream(workbook);
    const closed = new Promise((resolve) => sink.on('close', () => resolve(null)));
    await exportWorkbook(pkg.legacy.store, sink);
    await closed;
    const out = path.join(uploadDir, 'workbook.lxpkg');
    const write = process.stdout.write;
    const printed: string[] = [];
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await migrationsCommand.run(['pack', '--tenant', tenant.slug, '--api', server.url, '--out', out, workbook]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const { manifest } = await readPackageHead(out);
    const key = await (await admin.post(`/api/t/${tenant.slug}/migrations/transfer-key`, {})).json();
    expect(manifest).toMatchObject({ version: 2, tenantId: tenant.id, transferKeyId: key.keyId });
    expect(manifest.files.map((f) => f.name)).toEqual(Object.values(LEGACY_FILES).map((n) => `${n}.csv`));
    expect(printed.join('')).toContain(`transfer key ${key.keyId}`);

    expect((await cli('upload', out)).code).toBe(0);
    const loaded = await cli('run', manifest.runId, '--key', `${out}.key`);
    expect(loaded.err).toBe('');
    expect(loaded.code).toBe(0);
    const run = await (await admin.get(`/api/t/${tenant.slug}/migrations/${manifest.runId}`)).json();
    const legacy = await pkg.legacy.store.counts();
    for (const file of Object.keys(LEGACY_FILES) as (keyof typeof LEGACY_FILES)[]) {
      expect(run.counts[file].read, file).toBe(legacy.rows[file]);
      expect(run.counts[file].accepted + run.counts[file].quarantined, file).toBe(run.counts[file].read);
    }
  });

  it('uploads, runs, reports, promotes after both sign-offs; refuses retirement before a dual run', async () => {
    process.env.LIANXU_API_KEY = await keyWith(['migrations:manage']);
    process.env.LIANXU_TRANSFER_KEY = pkg.transferKey.toString('base64');
    const runId = pkg.wrappedKey.runId;

    const up = await cli('upload', pkg.file);
    expect(up).toMatchObject({ code: 0, err: '' });
    expect(up.out).toContain(`run ${runId}`);

    const noKey = await cli('run', runId);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('--key');

    const loaded = await cli('run', runId, '--key', `${pkg.file}.key`);
    expect(loaded.err).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.out).toContain(`run ${runId}: validated`);
    // Every row accounted for, as the API counts it.
    const run = await (await admin.get(`/api/t/${tenant.slug}/migrations/${runId}`)).json();
    expect(run.totals.read).toBe(run.totals.accepted + run.totals.quarantined);
    expect(loaded.out).toContain(`total: read ${run.totals.read}, accepted ${run.totals.accepted}, quarantined ${run.totals.quarantined}`);

    const status = await cli('status', runId, '--json');
    expect(JSON.parse(status.out)).toMatchObject({ id: runId, status: 'validated', totals: run.totals });

    const report = await cli('report', runId);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/quality/);

    // Promotion waits for both people's sign-offs: the key cannot give one.
    const early = await cli('promote', runId);
    expect(early.code).toBe(1);
    expect(early.err).toContain('409 migration_not_signed_off');
    const keySignOff = await fetch(`${server.url}/api/t/${tenant.slug}/migrations/${runId}/sign-off`, { method: 'POST', headers: { authorization: `Bearer ${process.env.LIANXU_API_KEY}` } });
    expect(keySignOff.status).toBe(403);
    expect((await admin.post(`/api/t/${tenant.slug}/migrations/${runId}/sign-off`, {})).status).toBe(200);
    await withTenant(db, tenant.id, (trx) => trx.updateTable('migration_runs')
      .set({ sign_offs: sql<string>`sign_offs || jsonb_build_object('consultant', jsonb_build_object('userId', gen_random_uuid(), 'email', 'consultant@vendor.test', 'at', now()))` as never })
      .where('tenant_id', '=', tenant.id).where('id', '=', runId).execute());

    const promoted = await cli('promote', runId, '--batch-size', '25');
    expect(promoted.err).toBe('');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toContain(`promotion promoted: ${run.counts.roster.accepted} rows`);
    expect((await cli('status', runId)).out).toContain('promotion: ');

    // No dual run was started: retirement is refused with the API's reason, nothing changes.
    const retire = await cli('retire', runId);
    expect(retire.code).toBe(1);
    expect(retire.err).toMatch(/refused \(4\d\d /);
  });
});
