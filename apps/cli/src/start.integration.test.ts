import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@lianxu/db';
import { scratchDatabase, TEST_MASTER_KEY } from '@lianxu/testing';

// `lianxu start` as a user runs it, on the run's PostgreSQL (a database of its own) and Temporal,
// free ports, a temporary data dir and no tenant files: SIGKILL of its worker must not stop the product.

const BIN = path.resolve(import.meta.dirname, '../bin/lianxu.mjs');
const scratch = await scratchDatabase('start');
const work = await mkdtemp(path.join(os.tmpdir(), 'lianxu-start-'));

afterAll(async () => {
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

describe('lianxu start supervises its processes', () => {
  it('restarts a worker killed with SIGKILL while the API keeps answering, and Ctrl-C still stops everything', async () => {
    const port = await findFreePort();
    const tenantsDir = path.join(work, 'tenants');
    await mkdir(tenantsDir);
    const stack = spawn(process.execPath, [BIN, 'start'], {
      env: {
        ...process.env,
        PORT: String(port),
        BUREAU_PORT: String(await findFreePort()),
        DATABASE_URL: scratch.appUrl,
        MIGRATION_DATABASE_URL: scratch.ownerUrl,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
        TASK_QUEUE: `start-test-${randomBytes(4).toString('hex')}`,
        LIANXU_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
        LIANXU_DATA_DIR: path.join(work, 'data'),
        LIANXU_TENANTS_DIR: tenantsDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    const out = outputOf(stack);
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
      polling = false;
      await poller;
      expect(alive(firstPid)).toBe(false);
      expect(alive(workerPid)).toBe(true);
      expect(stack.exitCode).toBeNull();
      expect(health.length).toBeGreaterThan(3);
      expect(health.filter((s) => s !== 200)).toEqual([]);
      expect(out.lines.some((l) => l.includes('stopping everything'))).toBe(false);

      stack.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(workerPid)).toBe(false);
    } finally {
      if (stack.exitCode === null) stack.kill('SIGKILL');
      if (workerPid && alive(workerPid)) process.kill(workerPid, 'SIGKILL');
    }
  }, 240_000);
});
