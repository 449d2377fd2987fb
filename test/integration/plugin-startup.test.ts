import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findFreePort } from '@lianxu/db';
import { TEST_MASTER_KEY } from '@lianxu/testing';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lianxu-plugin-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts the API; resolves when it exits, or when it says it listens (then it is stopped). */
function startApi(env: Record<string, string>): Promise<{ code: number | null; output: string; listened: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/src/server.ts')], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    let listened = false;
    const seen = (d: Buffer) => {
      output += d;
      if (!listened && output.includes('API listening')) {
        listened = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, listened });
    });
  });
}

async function env(pluginsDir?: string): Promise<Record<string, string>> {
  return {
    DATABASE_URL: inject('appUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    LIANXU_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
    PORT: String(await findFreePort()),
    HOST: '127.0.0.1',
    ...(pluginsDir ? { LIANXU_PLUGINS_DIR: pluginsDir } : {}),
  };
}

function pluginsDir(name: string, plugins: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [folder, source] of Object.entries(plugins)) {
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, 'plugin.ts'), source);
  }
  return dir;
}

describe('the API at start-up', () => {
  it('loads the shipped plugins and serves', async () => {
    const { listened, output } = await startApi(await env());
    expect({ listened, output: listened ? '' : output }).toEqual({ listened: true, output: '' });
  });

  it('refuses to start with an invalid plugin manifest, naming the folder', async () => {
    const dir = pluginsDir('invalid', { 'broken-one': `export const plugin = { id: 'broken-one', version: 'latest', description: { en: 'x' } };\n` });
    const { code, output, listened } = await startApi(await env(dir));
    expect(listened).toBe(false);
    expect(code).toBe(2);
    expect(output).toContain(path.join(dir, 'broken-one'));
    expect(output).toContain('invalid manifest: version');
  });

  it('refuses to start when a plugin requires one that is not installed, naming the folder', async () => {
    const dir = pluginsDir('missing', {
      'needs-branches': `export const plugin = { id: 'needs-branches', version: '1.0.0', description: { 'zh-CN': '需要门店', en: 'Needs branches' }, requires: ['retail-branches@^0.1.0'] };\n`,
    });
    const { code, output, listened } = await startApi(await env(dir));
    expect(listened).toBe(false);
    expect(code).toBe(2);
    // The log line is JSON, so the quotes around the id are escaped.
    expect(output).toContain(`${path.join(dir, 'needs-branches')}: requires plugin \\"retail-branches\\", which is not installed`);
  });
});
