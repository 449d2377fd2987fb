import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createContinuityCommand } from './commands/continuity.command';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cases = JSON.parse(readFileSync(`${root}test/fixtures/continuity/held-out-cases.json`, 'utf8')) as {
  name: string;
  rule: string;
  asOf: string;
  months: string;
  expect: Record<string, unknown>;
}[];

function capture(input = '') {
  const out = { stdout: '', stderr: '' };
  const command = createContinuityCommand({
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    readInput: async () => input,
    today: () => '2026-12-05',
  });
  return { out, command };
}

describe('lianxu continuity', () => {
  it.each(cases.map((c) => [c.name, c] as const))('held-out case: %s', async (_name, c) => {
    const { out, command } = capture();
    expect(await command.run(['--rule', c.rule, '--as-of', c.asOf, '--months', c.months, '--json'])).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject(c.expect);
  });

  it('reads a coverage file with back-paid and tax months, and answers what a break would do', async () => {
    const coverage = [];
    for (let m = 1; m <= 11; m++) coverage.push({ month: `2026-${String(m).padStart(2, '0')}`, city: '110100', insurances: ['pension', 'medical'], backPaid: m === 11 });
    const { out, command } = capture(JSON.stringify({ coverage, taxMonths: [{ month: '2026-11', city: '110100' }] }));
    expect(await command.run(['--rule', 'beijing.housing-purchase.outside-5th-ring', '--coverage', '-', '--as-of', '2026-11-20', '--break', '2', '--json'])).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body).toMatchObject({ status: 'not_met', qualifyingMonths: 11, willBeMetMonth: '2026-12', breakImpact: { resets: true, returnMonth: '2027-02', willBeMetMonth: '2028-01' } });
    expect(body.assumptions.map((a: { parameter: string }) => a.parameter)).toContain('backPayCounts');
  });

  it('names the field at fault', async () => {
    for (const [args, field] of [
      [['--months', '2026-01'], 'rule'],
      [['--rule', 'nowhere.housing-purchase', '--months', '2026-01'], 'rule'],
      [['--rule', 'beijing.housing-purchase.inside-5th-ring', '--months', '2026-13'], 'months'],
      [['--rule', 'beijing.housing-purchase.inside-5th-ring', '--months', '2026-01', '--as-of', '2026-02-30'], 'asOf'],
      [['--rule', 'beijing.housing-purchase.inside-5th-ring', '--months', '2026-01', '--break', '-1'], 'break'],
    ] as const) {
      const { out, command } = capture();
      expect(await command.run([...args])).not.toBe(0);
      expect(Object.keys(JSON.parse(out.stderr).error.fields)).toEqual([field]);
    }
  });

  it('runs as `npx lianxu continuity --json`', async () => {
    const { stdout } = await run('npx', ['lianxu', 'continuity', '--rule', 'shanghai.housing-purchase.outside-outer-ring', '--as-of', '2026-11-20', '--months', '2025-12..2026-11', '--json'], { cwd: root });
    expect(JSON.parse(stdout)).toMatchObject({ ruleId: 'shanghai.housing-purchase.outside-outer-ring', status: 'met', qualifyingMonths: 12 });
  }, 60_000);
});
