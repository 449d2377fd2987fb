import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findFreePort } from '@lianxu/db';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up refuses a database role that could bypass row-level security', () => {
  for (const entry of ['apps/api/src/server.ts', 'apps/worker/src/main.ts']) {
    it(`${entry} exits with a clear message as the table owner and as a superuser`, async () => {
      for (const [url, reason] of [[inject('ownerUrl'), 'owns tables'], [inject('superuserUrl'), 'SUPERUSER']] as const) {
        const { code, output } = await run(entry, { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: String(await findFreePort()), TASK_QUEUE: 'refusal-test' });
        expect(code).toBe(3);
        expect(output).toContain('Refusing to start');
        expect(output).toContain(reason);
      }
    });
  }
});
