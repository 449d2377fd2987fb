import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/lianxu.mjs');

describe('the lianxu command', () => {
  it('runs right after npm ci with no build step and lists its commands', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const command of ['start', 'migrate', 'tenants', 'contributions']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('exits non-zero on an unknown command or a bad tenant file argument', () => {
    expect(spawnSync(process.execPath, [BIN, 'no-such-command'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [BIN, 'tenants', 'validate', 'no-such-tenant'], { encoding: 'utf8' }).status).toBe(1);
  });

  it('validates the shipped tenant files', () => {
    const result = spawnSync(process.execPath, [BIN, 'tenants', 'validate'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ok  tenants/demo-manufacturing/tenant.yaml');
  });
});
