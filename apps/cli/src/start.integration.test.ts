import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, findFreePort, withTenant } from '@lianxu/db';
import {
  eventually, lifecycleTenantSpec, provisionForTest, scratchDatabase, TEST_MASTER_KEY, testIdNumber, testPeopleService, testPersonName,
} from '@lianxu/testing';

// `lianxu start` as a user runs it, on the run's PostgreSQL (a database of its own) and Temporal,
// free ports, a temporary data dir and no tenant files: SIGKILL of its worker with hires in flight,
// then of bureau-sim, must not stop the product, and every hire is still enrolled exactly once.

const BIN = path.resolve(import.meta.dirname, '../bin/lianxu.mjs');
const scratch = await scratchDatabase('start');
const work = await mkdtemp(path.join(os.tmpdir(), 'lianxu-start-'));
const db = createDb({ connectionString: scratch.appUrl, max: 4 });
const HIRES = 40;
const LEAVERS = 5;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

afterAll(async () => {
  await db.destroy();
  await scratch.drop();
  await rm(work, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for an output line of the stack matching `pattern` (seen before or after the call). */
function outputOf(child: ReturnType<typeof spawn>) {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }
  return {
    lines,
    waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
      for (const line of lines) {
        const m = line.match(pattern);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.slice(-40).join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

const tenantsDir = path.join(work, 'tenants');
await mkdir(tenantsDir);

/** `lianxu start` in its own process: external PostgreSQL (the scratch database), no tenant files. */
function launch(env: Record<string, string | undefined>) {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: scratch.appUrl,
    MIGRATION_DATABASE_URL: scratch.ownerUrl,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    TASK_QUEUE: `start-test-${randomBytes(4).toString('hex')}`,
    LIANXU_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
    LIANXU_TENANTS_DIR: tenantsDir,
    LOG_LEVEL: 'info',
    ...env,
  };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const stack = spawn(process.execPath, [BIN, 'start'], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
  return { stack, exited, out: outputOf(stack) };
}

describe('lianxu start supervises its processes', () => {
  it(`restarts the worker killed with ${HIRES} hires in flight, then bureau-sim (which keeps its filings), while the API keeps answering; every hire is filed once; SIGTERM stops everything, and a restart finishes the stops in flight`, async () => {
    const slug = 'start-crash';
    const tenantId = await provisionForTest(db, lifecycleTenantSpec(slug, { seed: 5808 }));
    const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow();
    const people = testPeopleService(db);
    const enrollments = () =>
      withTenant(db, tenantId, (trx) => trx.selectFrom('filing_tasks').select(['status', 'open']).where('tenant_id', '=', tenantId).where('kind', '=', 'enrollment').execute());
    const port = await findFreePort();
    const bureauUrl = `http://127.0.0.1:${await findFreePort()}`;
    // The restart below runs on the same data dir, ports and task queue, as a user's second `npm start`.
    const env = {
      PORT: String(port),
      BUREAU_PORT: new URL(bureauUrl).port,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      LIANXU_DATA_DIR: path.join(work, 'data'),
      TASK_QUEUE: `start-test-${randomBytes(4).toString('hex')}`,
    };
    let { stack, exited, out } = launch(env);
    let workerPid: number | undefined;
    try {
      await out.waitFor(/Lianxu \(连续\) is running/, 150_000);
      expect(out.lines.some((l) => l.includes('Supervised: a crashed process restarts after 0.5 s, doubling to 30 s; 5 crashes within 60 s stop everything'))).toBe(true);
      const firstPid = Number((await out.waitFor(/^\[lianxu\] worker started \(pid (\d+)\)/, 1000))[1]);
      await out.waitFor(/^\[worker\] .*"msg":"worker running"/, 60_000);

      // Ask for health all along: not one request may fail while the worker is down and back.
      const health: (number | string)[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          health.push(await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, (e: Error) => e.message));
          await new Promise((r) => setTimeout(r, 100));
        }
      })();

      const ids = Array.from({ length: HIRES }, (_, i) => testIdNumber(580_000 + i));
      await Promise.all(ids.map((idNumber, i) =>
        people.hire({ id: tenantId, slug }, { id: hr.id }, { name: testPersonName(i), idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' }, `start-crash-${i}`)));
      // The bureau decides in 1-3 s: kill once some filings reached it and before all are confirmed.
      const adminFilings = async () => (await (await fetch(`${bureauUrl}/admin/filings`)).json()) as { counts: { byKind: { enrollment: number }; byIdempotencyKey: Record<string, number> }; filings: { kind: string; payload: { idNumber?: string } }[] };
      await eventually(async () => ((await adminFilings()).counts.byKind.enrollment >= 5 ? true : undefined), 90_000, 'filings at the bureau');
      expect((await enrollments()).filter((t) => t.open).length).toBeGreaterThan(0);
      process.kill(firstPid, 'SIGKILL');
      await out.waitFor(/^\[lianxu\] worker exited unexpectedly \(signal SIGKILL\); restarting in 0\.5 s \(crash 1 of 5 allowed within 60 s\)$/, 10_000);
      workerPid = Number((await out.waitFor(/^\[lianxu\] worker restarted \(pid (\d+)\), restart 1$/, 30_000))[1]);
      expect(workerPid).not.toBe(firstPid);
      // Back means polling Temporal again: its second "worker running".
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (out.lines.filter((l) => /^\[worker\] .*"msg":"worker running"/.test(l)).length >= 2) (clearInterval(check), resolve());
          if (stack.exitCode !== null) (clearInterval(check), reject(new Error('npm start stopped')));
        }, 100);
      });
      await eventually(async () => {
        const rows = await enrollments();
        return rows.length === HIRES && rows.every((r) => r.status === 'confirmed' && !r.open) ? true : undefined;
      }, 150_000, `${HIRES} enrollments confirmed`);
      const admin = await adminFilings();
      expect(admin.counts.byKind.enrollment).toBe(HIRES);
      expect(Object.values(admin.counts.byIdempotencyKey).filter((n) => n !== 1)).toEqual([]);
      expect(admin.filings.filter((f) => f.kind === 'enrollment').map((f) => f.payload.idNumber).sort()).toEqual([...ids].sort());

      // bureau-sim next: back on the same port within seconds.
      const bureauPid = Number((await out.waitFor(/^\[lianxu\] bureau-sim started \(pid (\d+)\)/, 1000))[1]);
      process.kill(bureauPid, 'SIGKILL');
      await out.waitFor(/^\[lianxu\] bureau-sim exited unexpectedly \(signal SIGKILL\); restarting in 0\.5 s/, 10_000);
      const bureauBack = Number((await out.waitFor(/^\[lianxu\] bureau-sim restarted \(pid (\d+)\), restart 1$/, 30_000))[1]);
      await eventually(async () => ((await fetch(`${bureauUrl}/admin/health`)).ok ? true : undefined), 30_000, 'bureau-sim answering again');
      // It keeps its filings in PostgreSQL: the restarted process still holds exactly the 40.
      const afterCrash = await adminFilings();
      expect(afterCrash.counts.byKind.enrollment).toBe(HIRES);
      expect(afterCrash.filings.filter((f) => f.kind === 'enrollment').map((f) => f.payload.idNumber).sort()).toEqual([...ids].sort());

      polling = false;
      await poller;
      expect(alive(firstPid)).toBe(false);
      expect(alive(workerPid)).toBe(true);
      expect(alive(bureauBack)).toBe(true);
      expect(stack.exitCode).toBeNull();
      expect(health.length).toBeGreaterThan(3);
      expect(health.filter((s) => s !== 200)).toEqual([]);
      expect(out.lines.some((l) => l.includes('stopping everything'))).toBe(false);

      // Some leave, and `npm start` is stopped (SIGTERM) while their stops are in flight.
      const leavers = (await withTenant(db, tenantId, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).orderBy('id').limit(LEAVERS).execute())).map((e) => e.id);
      for (const employeeId of leavers) {
        const answer = await people.terminate({ id: tenantId, slug }, { id: hr.id }, employeeId, { lastWorkingDay: today(), reason: '个人原因' });
        expect(answer.status).toBe(200);
      }
      const stops = () =>
        withTenant(db, tenantId, (trx) => trx.selectFrom('filing_tasks').select(['status', 'open']).where('tenant_id', '=', tenantId).where('kind', '=', 'stop').execute());
      expect((await stops()).filter((t) => t.open).length).toBeGreaterThan(0);
      stack.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(workerPid)).toBe(false);
      expect(alive(bureauBack)).toBe(false);

      // A second `npm start` on the same data dir: bureau-sim's filings are all there, and every task ends.
      ({ stack, exited, out } = launch(env));
      await out.waitFor(/Lianxu \(连续\) is running/, 150_000);
      workerPid = Number((await out.waitFor(/^\[lianxu\] worker started \(pid (\d+)\)/, 1000))[1]);
      const kept = await adminFilings();
      expect(kept.counts.byKind.enrollment).toBe(HIRES);
      expect(kept.filings.filter((f) => f.kind === 'enrollment').map((f) => f.payload.idNumber).sort()).toEqual([...ids].sort());
      const final = await eventually(async () => {
        const rows = [...(await enrollments()), ...(await stops())];
        return rows.length === HIRES + LEAVERS && rows.every((r) => !r.open) ? rows : undefined;
      }, 150_000, 'every task in a final state after the restart');
      expect(final.filter((r) => r.status !== 'confirmed')).toEqual([]);
      const afterRestart = await adminFilings();
      expect(afterRestart.counts.byKind.enrollment).toBe(HIRES);
      expect(afterRestart.filings.filter((f) => f.kind === 'stop')).toHaveLength(LEAVERS);
      expect(Object.values(afterRestart.counts.byIdempotencyKey).filter((n) => n !== 1)).toEqual([]);
      expect(out.lines.some((l) => l.includes('stopping everything'))).toBe(false);
      stack.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(workerPid)).toBe(false);
    } finally {
      if (stack.exitCode === null) stack.kill('SIGKILL');
      if (workerPid && alive(workerPid)) process.kill(workerPid, 'SIGKILL');
    }
  }, 420_000);

  it('restarts its own Temporal dev server killed with SIGKILL, on the same port and with its state', async () => {
    const port = await findFreePort();
    const temporalPort = await findFreePort();
    const { stack, exited, out } = launch({
      PORT: String(port),
      BUREAU_PORT: String(await findFreePort()),
      TEMPORAL_ADDRESS: undefined,
      TEMPORAL_PORT: String(temporalPort),
      LIANXU_DATA_DIR: path.join(work, 'data-temporal'),
    });
    let temporalPid: number | undefined;
    let connection: Connection | undefined;
    try {
      await out.waitFor(/Lianxu \(连续\) is running/, 180_000);
      const firstPid = Number((await out.waitFor(/^\[lianxu\] temporal started \(pid (\d+)\)/, 1000))[1]);
      // A workflow no worker polls for stays running: it must still be known after the restart.
      connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
      const client = new Client({ connection });
      const workflowId = `start-test-${randomBytes(4).toString('hex')}`;
      await client.workflow.start('neverPolled', { taskQueue: `nobody-${workflowId}`, workflowId });

      process.kill(firstPid, 'SIGKILL');
      await out.waitFor(/^\[lianxu\] temporal exited unexpectedly \(signal SIGKILL\); restarting in 0\.5 s \(crash 1 of 5 allowed within 60 s\)$/, 10_000);
      temporalPid = Number((await out.waitFor(/^\[lianxu\] temporal restarted \(pid (\d+)\), restart 1$/, 60_000))[1]);
      expect(temporalPid).not.toBe(firstPid);
      expect(alive(firstPid)).toBe(false);

      // The API (never restarted) sees Temporal up again on the same address.
      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        return res.status === 200 ? true : undefined;
      }, 60_000, 'the API reporting Temporal up');
      const described = await eventually(() => client.workflow.getHandle(workflowId).describe(), 30_000, 'the workflow from before the crash');
      expect(described.status.name).toBe('RUNNING');
      expect(stack.exitCode).toBeNull();
      expect(out.lines.some((l) => l.includes('stopping everything'))).toBe(false);

      await connection.close();
      connection = undefined;
      stack.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(temporalPid)).toBe(false);
    } finally {
      await connection?.close();
      if (stack.exitCode === null) stack.kill('SIGKILL');
      if (temporalPid && alive(temporalPid)) process.kill(temporalPid, 'SIGKILL');
    }
  }, 300_000);

  it('gives up and stops everything with code 1 when a process keeps crashing (LIANXU_RESTART_MAX_CRASHES=2)', async () => {
    const { stack, exited, out } = launch({
      PORT: String(await findFreePort()),
      BUREAU_PORT: String(await findFreePort()),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      LIANXU_DATA_DIR: path.join(work, 'data-loop'),
      LIANXU_RESTART_MAX_CRASHES: '2',
      LIANXU_RESTART_WINDOW_S: '120',
    });
    const pids: number[] = [];
    try {
      await out.waitFor(/Lianxu \(连续\) is running/, 150_000);
      for (const name of ['bureau-sim', 'api']) pids.push(Number((await out.waitFor(new RegExp(`^\\[lianxu\\] ${name} started \\(pid (\\d+)\\)`), 1000))[1]));
      const first = Number((await out.waitFor(/^\[lianxu\] worker started \(pid (\d+)\)/, 1000))[1]);
      process.kill(first, 'SIGKILL');
      const second = Number((await out.waitFor(/^\[lianxu\] worker restarted \(pid (\d+)\), restart 1$/, 30_000))[1]);
      pids.push(second);
      process.kill(second, 'SIGKILL');
      await out.waitFor(
        /^\[lianxu\] worker exited unexpectedly \(signal SIGKILL\): crash 2 within 120 s \(limit 2 crashes within 120 s; set LIANXU_RESTART_MAX_CRASHES \/ LIANXU_RESTART_WINDOW_S\); giving up, stopping everything$/,
        10_000,
      );
      expect(await exited).toBe(1);
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      if (stack.exitCode === null) stack.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 240_000);
});
