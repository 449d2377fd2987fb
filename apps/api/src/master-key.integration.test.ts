import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@lianxu/db';

const SERVER = path.resolve(import.meta.dirname, 'server.ts');

function runServer(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const { LIANXU_MASTER_KEY: _, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env: { ...inherited, ...env } as NodeJS.ProcessEnv });
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

describe('the API refuses to start without a usable master key', () => {
  it('exits 2 naming LIANXU_MASTER_KEY when it is missing or is not 32 bytes', async () => {
    const base = { DATABASE_URL: inject('appUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: String(await findFreePort()) };
    const missing = await runServer(base);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('LIANXU_MASTER_KEY is not set');
    const short = await runServer({ ...base, LIANXU_MASTER_KEY: Buffer.alloc(16, 7).toString('base64') });
    expect(short.code).toBe(2);
    expect(short.output).toContain('LIANXU_MASTER_KEY must be 32 bytes');
  });
});
