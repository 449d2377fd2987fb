import { describe, expect, it } from 'vitest';
import { runContributionsCli } from './contributions.cli';

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runContributionsCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('lianxu contributions', () => {
  it('--json prints exactly the documented shape, amounts in yuan with two decimals', () => {
    const r = run('--city', '110100', '--month', '2024-09', '--wage', '35283', '--injury-rate', '0.004', '--housing-fund-rate', '0.12', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body)).toEqual(['city', 'month', 'policyId', 'provisional', 'complete', 'missing', 'lines', 'totals', 'warnings', 'sources']);
    expect(body).toMatchObject({ city: '110100', month: '2024-09', policyId: '110100-2024-r1', provisional: false, complete: true, missing: [], warnings: [] });
    expect(body.lines[0]).toEqual({
      insurance: 'pension',
      base: '35283.00',
      employerRate: '0.16',
      employeeRate: '0.08',
      employer: '5645.28',
      employee: '2822.64',
      policyId: '110100-2024-r1',
      provisional: false,
      provisionalFrom: [],
      unverified: false,
    });
    expect(body.lines.map((l: { insurance: string }) => l.insurance)).toEqual(['pension', 'medical', 'unemployment', 'workInjury', 'housingFund']);
    for (const l of body.lines) {
      expect(Object.keys(l)).toEqual(['insurance', 'base', 'employerRate', 'employeeRate', 'employer', 'employee', 'policyId', 'provisional', 'provisionalFrom', 'unverified']);
      for (const k of ['base', 'employer', 'employee']) expect(l[k]).toMatch(/^\d+\.\d{2}$/);
    }
    expect(body.totals).toEqual({ employer: '13654.56', employee: '7941.72' });
    expect(body.sources[0]).toMatchObject({ id: 'S2', grade: 'B' });
  });

  it('no default hukou where rates depend on it: an error naming hukou', () => {
    const r = run('--city', '深圳', '--month', '2024-09', '--wage', '10000', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'hukou_required', fields: { hukou: expect.stringMatching(/depend on hukou/) } });
  });

  it('defaults: lowest injury rate, no housing-fund line; an incomplete quote says so', () => {
    const body = JSON.parse(run('--city', '深圳', '--month', '2024-09', '--wage', '10000', '--hukou', 'local', '--json').stdout);
    expect(body.lines.find((l: { insurance: string }) => l.insurance === 'workInjury').employerRate).toBe('0.002');
    expect(body.lines.find((l: { insurance: string }) => l.insurance === 'pension').employerRate).toBe('0.16');
    expect(body.lines.some((l: { insurance: string }) => l.insurance === 'housingFund')).toBe(false);
    expect(body.complete).toBe(false);
    expect(body.missing).toEqual([{ insurance: 'maternity', city: '440300', policyYear: 2024, fields: ['insurances.maternity'] }]);
    expect(body.warnings).toEqual([
      { code: 'incomplete', insurance: null, message: expect.stringContaining('incomplete quote') },
      { code: 'figure_not_found', insurance: 'maternity', message: expect.stringContaining('maternity') },
    ]);
  });

  it('--hukou non-local uses the variant; --flag=value works too', () => {
    const body = JSON.parse(run('--city=Shenzhen', '--month=2024-09', '--wage=10000', '--hukou=non-local', '--json').stdout);
    expect(body.lines[0]).toMatchObject({ employerRate: '0.15', employer: '1500.00' });
  });

  it('errors go to stderr in the API error shape with a non-zero exit', () => {
    const r = run('--city', '北京', '--month', '2024-09', '--wage', '10000', '--injury-rate', '0.05', '--json');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const body = JSON.parse(r.stderr);
    expect(body).toEqual({
      error: { code: 'rate_out_of_range', message: expect.stringMatching(/0\.002–0\.019/), fields: { injuryRate: expect.any(String) } },
    });
  });

  it('names every bad field', () => {
    const r = run('--city', 'Atlantis', '--month', '2024-13', '--wage', '0');
    expect(r.code).toBe(1);
    expect(Object.keys(JSON.parse(r.stderr).error.fields)).toEqual(['city', 'month', 'wage']);
  });

  it('rejects missing and unknown flags', () => {
    const missing = run('--city', '北京', '--month', '2024-09');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: 'invalid_arguments', fields: { wage: expect.any(String) } });
    expect(run('--city', '北京', '--month', '2024-09', '--wage', '1', '--bogus').code).toBe(2);
    expect(run('--city', '--month', '2024-09').code).toBe(2);
  });

  it('prints an aligned table without --json', () => {
    const r = run('--city', '上海', '--month', '2025-09', '--wage', '10000', '--housing-fund-rate', '0.07');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('上海 Shanghai (310100)');
    expect(r.stdout).toContain('公积金 housingFund');
    expect(r.stdout).toMatch(/合计 total\s+3270\.00\s+1750\.00/);
    const hz = run('--city', '杭州', '--month', '2025-09', '--wage', '10000', '--housing-fund-rate', '0.07').stdout;
    expect(hz).toContain('INCOMPLETE (missing pension, medical, maternity, unemployment, workInjury)');
    expect(hz).toMatch(/合计 total \(不完整 incomplete\)\s+700\.00\s+700\.00/);
    expect(hz).toContain('not found for Hangzhou policy year 2025');
    const beijing = run('--city', '北京', '--month', '2024-09', '--wage', '10000').stdout;
    expect(beijing).toContain('0.02 + 3.00');
    const rowsOf = beijing.split('\n').filter((l) => /^(养老|医疗|失业|工伤)/.test(l));
    const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(new Set(rowsOf.map(width)).size).toBe(1);
  });
});
