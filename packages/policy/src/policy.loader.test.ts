import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PolicyDataError } from './errors';
import { DEFAULT_POLICY_DATA_DIR, loadPolicyLibrary, loadSources } from './policy.loader';
import { validatePolicyRecord } from './policy.validation';
import { rawRecord } from './test-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp data folder with the shipped files, where `files` replace or add entries. */
function dataDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lianxu-policy-'));
  dirs.push(dir);
  for (const f of readdirSync(DEFAULT_POLICY_DATA_DIR)) copyFileSync(join(DEFAULT_POLICY_DATA_DIR, f), join(dir, f));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function loadError(dir: string): PolicyDataError {
  try {
    loadPolicyLibrary(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyDataError);
    return e as PolicyDataError;
  }
  throw new Error('expected the load to fail');
}

describe('loading the shipped data', () => {
  it('loads every city and year, with sources', () => {
    const lib = loadPolicyLibrary();
    expect(lib.records.map((r) => r.id).sort()).toEqual([
      '110100-2023-r1', '110100-2024-r1', '110100-2025-r1', '110100-2026-r1',
      '310100-2023-r1', '310100-2024-r1', '310100-2025-r2', '310100-2026-r1',
      '330100-2024-r2', '330100-2025-r1', '330100-2026-r1',
      '440100-2024-r2', '440100-2025-r1', '440100-2026-r1',
      '440300-2024-r2', '440300-2025-r1', '440300-2026-r1',
      '510100-2024-r2', '510100-2025-r1',
    ]);
    expect(lib.cities.map((c) => c.code).sort()).toEqual(['110100', '310100', '330100', '440100', '440300', '510100']);
    const bj = lib.record('北京', 2024)!;
    expect(bj.insurances.pension).toMatchObject({ status: 'given', floor: { status: 'given', value: 682_100, sources: ['S2', 'S1', 'S3'], grade: 'B' } });
    expect(bj.cutOffDay.status).toBe('notFound');
    expect(lib.record('深圳', 2024)!.insurances.maternity.status).toBe('notFound');
    expect(lib.record('Hangzhou', 2026)!.insurances.pension.status).toBe('notFound');
    expect(lib.record('Chengdu', 2026)).toBeNull(); // not found in any source
    expect(lib.sources.get('S5')?.grade).toBe('B');
  });
});

describe('a broken policy file stops the load, naming file, city, year and field', () => {
  it.each([
    ['floor above cap', (r: any) => { r.insurances.pension.floor.value = '40000'; }, 'insurances.pension.floor', /above cap/],
    ['rate of 1 or more', (r: any) => { r.insurances.medical.employer.rate.value = '1.2'; }, 'insurances.medical.employer.rate.value', /\[0, 1\)/],
    ['negative rate', (r: any) => { r.insurances.pension.employee.rate.value = '-0.08'; }, 'insurances.pension.employee.rate.value', /plain decimal/],
    ['unknown rounding rule', (r: any) => { r.insurances.pension.employer.rounding.rule = 'banker'; }, 'insurances.pension.employer.rounding.rule', /unknown rounding rule/],
    ['missing insurance', (r: any) => { delete r.insurances.unemployment; }, 'insurances.unemployment', /notApplicable or notFound/],
    ['bad status', (r: any) => { r.insurances.maternity.status = 'maybe'; }, 'insurances.maternity.status', /given, notApplicable, notFound/],
    ['unknown source id', (r: any) => { r.insurances.pension.cap.sources = ['S99']; }, 'insurances.pension.cap.sources[0]', /unknown source id/],
    ['given figure without source', (r: any) => { delete r.insurances.pension.cap.sources; }, 'insurances.pension.cap.sources', /source/],
    ['unknown grade', (r: any) => { r.insurances.pension.cap.grade = 'Z'; }, 'insurances.pension.cap.grade', /unknown grade/],
    ['typo in a field', (r: any) => { r.insurances.pension.flor = r.insurances.pension.floor; }, 'insurances.pension.flor', /unknown field/],
    ['parts not adding up', (r: any) => { r.insurances.pension.employer.parts = [{ name: 'a', value: '0.1', sources: ['S2'], grade: 'B' }]; }, 'insurances.pension.employer.parts', /add up/],
    ['range min above max', (r: any) => { r.housingFund.employer.rateRange.min.value = '0.2'; }, 'housingFund.employer.rateRange', /above max/],
    ['period ending before it starts', (r: any) => { r.effective.to = '2024-01'; }, 'effective.to', /before/],
  ])('%s', (_name, breakIt, field, problem) => {
    const raw = rawRecord('beijing-2024.yaml');
    breakIt(raw);
    const e = loadError(dataDir({ 'beijing-2024.yaml': raw }));
    expect(e.origin).toMatch(/beijing-2024\.yaml$/);
    expect(e.field).toBe(field);
    expect(e.message).toContain('beijing-2024.yaml');
    expect(e.message).toContain('city 110100');
    expect(e.message).toContain('year 2024');
    expect(e.message).toContain(`field ${field}`);
    expect(e.message).toMatch(problem);
  });

  it('overlapping effective periods of one city', () => {
    const raw = rawRecord('beijing-2024.yaml');
    raw.year = 2025;
    raw.effective = { from: '2025-03', to: '2026-02' };
    const e = loadError(dataDir({ 'beijing-2025.yaml': raw }));
    expect(e.message).toMatch(/beijing-2025\.yaml: city 110100 year 2025: field effective\.from: 2025-03 overlaps .*beijing-2024\.yaml/);
  });

  it('a file that is not YAML', () => {
    const e = loadError(dataDir({ 'beijing-2024.yaml': 'city: [unclosed' }));
    expect(e.message).toMatch(/beijing-2024\.yaml.*not valid YAML/);
  });
});

describe('validatePolicyRecord (records entered through the API)', () => {
  it('normalises a valid record given in memory', () => {
    const rec = validatePolicyRecord(rawRecord('guangzhou-2024.yaml'), 'api:consultant', new Set(loadSources().map((s) => s.id)));
    expect(rec.id).toBe('440100-2024-r2');
    expect(rec.origin).toBe('api:consultant');
    expect(rec.insurances.workInjury).toMatchObject({ cap: { status: 'notApplicable' } });
  });

  it('names the origin in errors', () => {
    const raw = rawRecord('guangzhou-2024.yaml');
    raw.insurances.medical.employee.rate.value = '0.0000005';
    expect(() => validatePolicyRecord(raw, 'api:consultant-7')).toThrow(
      /^api:consultant-7: city 440100 year 2024: field insurances\.medical\.employee\.rate\.value: rate "0\.0000005" must be a plain decimal with at most 6 decimals$/,
    );
  });
});
