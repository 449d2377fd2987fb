import { describe, expect, it, vi } from 'vitest';
import { calculateContributions, quoteToJson } from '@lianxu/policy';
import { createContributionsCommand } from './commands/contributions.command';
import { main } from './main';

function capture() {
  const out = { stdout: '', stderr: '' };
  const command = createContributionsCommand({ stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s) });
  return { out, command };
}

describe('lianxu contributions', () => {
  it('prints only the quote JSON with --json', async () => {
    const { out, command } = capture();
    const code = await command.run(['--city', '北京', '--month', '2024-09', '--wage', '40000', '--json']);
    expect(code).toBe(0);
    expect(out.stderr).toBe('');
    const body = JSON.parse(out.stdout);
    expect(body).toEqual(quoteToJson(calculateContributions({ city: '110100', month: '2024-09', wage: '40000' })));
    expect(body.totals).toEqual({ employer: '9350.00', employee: '3707.72' });
  });

  it('prints a readable table without --json', async () => {
    const { out, command } = capture();
    expect(await command.run(['--city', 'Beijing', '--month', '2024-09', '--wage', '40000', '--housing-fund-rate', '0.12'])).toBe(0);
    expect(out.stdout).toMatch(/^北京 Beijing \(110100\)/);
    expect(out.stdout).toMatch(/公积金 housingFund\s+35283\.00/);
  });

  it('reports bad input on stderr in the API error shape with a non-zero exit code', async () => {
    const { out, command } = capture();
    const code = await command.run(['--city', '北京', '--month', '2024-13', '--wage', '1e309']);
    expect(code).not.toBe(0);
    expect(out.stdout).toBe('');
    const { error } = JSON.parse(out.stderr);
    expect(Object.keys(error.fields).sort()).toEqual(['month', 'wage']);
  });

  it('names a missing required option', async () => {
    const { out, command } = capture();
    expect(await command.run(['--city', '北京', '--month', '2024-09'])).not.toBe(0);
    expect(Object.keys(JSON.parse(out.stderr).error.fields)).toEqual(['wage']);
  });

  it('is registered in the lianxu command line', async () => {
    let written = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
    try {
      expect(await main(['contributions', '--city', '440300', '--month', '2024-09', '--wage', '5000', '--hukou', 'local', '--json'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written)).toMatchObject({ city: '440300', month: '2024-09' });
  });
});
