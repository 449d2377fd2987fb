import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateContributions, type ContributionInput } from './contribution.calculator';
import { PolicyDataError, PolicyInputError } from './errors';
import { formatFen } from './money';
import { createPolicyLibrary, type PolicyLibrary } from './policy.library';
import { getDefaultPolicyLibrary, loadSources } from './policy.loader';
import { validatePolicyRecord } from './policy.validation';
import { rawRecord } from './test-fixtures';

const sources = loadSources();
const known = new Set(sources.map((s) => s.id));

/** A library of edited shipped records (raw YAML objects, edited by each test). */
function library(...raws: [file: string, raw: any][]): PolicyLibrary {
  return createPolicyLibrary(raws.map(([f, r]) => validatePolicyRecord(r, `test:${f}`, known)), sources);
}

function inputError(run: () => unknown): PolicyInputError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyInputError);
    return e as PolicyInputError;
  }
  throw new Error('expected a PolicyInputError');
}

/** Beijing 2024 as shipped, plus a 2025 copy edited by `edit`. */
function beijingWith2025(edit: (r: any) => void): PolicyLibrary {
  const y2025 = rawRecord('beijing-2024.yaml');
  y2025.year = 2025;
  y2025.effective = { from: '2025-07', to: '2026-06' };
  y2025.insurances.pension.floor.value = '7000';
  edit(y2025);
  return library(['beijing-2024.yaml', rawRecord('beijing-2024.yaml')], ['beijing-2025.yaml', y2025]);
}

describe('carry-forward of last known figures, per insurance and per figure', () => {
  it('a whole insurance missing in a year uses the previous year, marked provisional with that year', () => {
    const lib = beijingWith2025((r) => {
      r.insurances.medical = { status: 'notFound' };
    });
    const q = calculateContributions({ city: '北京', month: '2025-09', wage: '10000' }, lib);
    const medical = q.lines.find((l) => l.insurance === 'medical')!;
    expect([medical.employerFen, medical.employeeFen]).toEqual([98_000, 20_300]); // 2024: 9.8%, 2% + 3
    expect(medical).toMatchObject({ policyId: '110100-2025-r1', provisional: true, provisionalFrom: [2024] });
    expect(q.lines.find((l) => l.insurance === 'pension')).toMatchObject({ provisional: false, provisionalFrom: [] });
    expect(q.provisional).toBe(true);
    expect(q.complete).toBe(true);
    expect(q.warnings.find((w) => w.code === 'provisional')).toMatchObject({ insurance: 'medical', fields: ['insurances.medical'] });
  });

  it('a single missing figure is filled while the year keeps its own: new floor, old rate', () => {
    const lib = beijingWith2025((r) => {
      r.insurances.pension.employer.rate = { notFound: true };
    });
    const q = calculateContributions({ city: '北京', month: '2025-09', wage: '5000' }, lib);
    const pension = q.lines.find((l) => l.insurance === 'pension')!;
    expect([formatFen(pension.baseFen), formatFen(pension.employerFen)]).toEqual(['7000.00', '1120.00']); // 7000 x 16% (2024)
    expect(pension.provisionalFrom).toEqual([2024]);
    expect(q.warnings.find((w) => w.code === 'provisional')!.fields).toEqual(['insurances.pension.employer.rate']);
  });

  it('a figure carried twice names the year it really comes from', () => {
    const y2026 = rawRecord('beijing-2024.yaml');
    y2026.year = 2026;
    y2026.effective = { from: '2026-07', to: '2027-06' };
    y2026.insurances.unemployment = { status: 'notFound' };
    const y2025 = rawRecord('beijing-2024.yaml');
    y2025.year = 2025;
    y2025.effective = { from: '2025-07', to: '2026-06' };
    y2025.insurances.unemployment = { status: 'notFound' };
    const lib = library(['a', rawRecord('beijing-2024.yaml')], ['b', y2025], ['c', y2026]);
    const q = calculateContributions({ city: '北京', month: '2026-09', wage: '10000' }, lib);
    expect(q.lines.find((l) => l.insurance === 'unemployment')).toMatchObject({ provisionalFrom: [2024], employerFen: 5_000 });
  });

  it('months after the last known year carry every line forward, marked provisional', () => {
    const q = calculateContributions({ city: '上海', month: '2027-08', wage: '10000' });
    expect(q.policyId).toBe('310100-2026-r1');
    expect(q.lines.every((l) => l.provisional && l.provisionalFrom.join() === '2026')).toBe(true);
  });

  it('nothing is carried backwards or across a merged insurance', () => {
    // Beijing 2023 lacks the housing fund's floor and rates, and nothing comes before it.
    const bj = calculateContributions({ city: '北京', month: '2024-03', wage: '10000', housingFundRate: '0.12' });
    expect(bj.lines.map((l) => l.insurance)).not.toContain('housingFund');
    expect(bj.lines.some((l) => l.provisional)).toBe(false);
    expect(bj.missing.map((m) => m.insurance)).toEqual(['housingFund']);
    // Shanghai 2025's maternity is merged into medical (not applicable): no line, not missing either.
    const q = calculateContributions({ city: '上海', month: '2025-09', wage: '10000' });
    expect(q.lines.map((l) => l.insurance)).not.toContain('maternity');
    expect(q.missing).toEqual([]);
  });
});

describe('an incomplete quote says so, never a silent total', () => {
  it('names the insurances, the city and the policy year lacking them', () => {
    // Beijing 2023's housing fund has no sourced floor or rate range; its social insurance is complete.
    const q = calculateContributions({ city: '北京', month: '2023-09', wage: '40000', housingFundRate: '0.12' });
    expect(q.complete).toBe(false);
    expect(q.missing.map((m) => [m.insurance, m.city, m.policyYear])).toEqual([['housingFund', '110100', 2023]]);
    expect(q.missing[0]!.fields).toEqual(['housingFund.floor']);
    expect(q.lines.map((l) => l.insurance)).toEqual(['pension', 'medical', 'unemployment', 'workInjury']);
    expect(q.warnings[0]).toMatchObject({ code: 'incomplete', insurance: null });
    expect(q.warnings[0]!.message.zh).toContain('报价不完整');
  });

  it('a month no period of an insurance covers is missing with no policy year (Guangzhou pension before 2024-07)', () => {
    const q = calculateContributions({ city: '广州', month: '2024-03', wage: '10000' });
    expect(q.lines.map((l) => l.insurance)).toEqual(['medical']);
    expect(q.missing.map((m) => [m.insurance, m.policyYear])).toEqual([
      ['pension', null],
      ['unemployment', null],
      ['workInjury', null],
    ]);
  });

  it('the housing fund counts as missing only when a rate for it is given', () => {
    const without = calculateContributions({ city: '成都', month: '2025-09', wage: '10000' });
    const withHf = calculateContributions({ city: '成都', month: '2025-09', wage: '10000', housingFundRate: '0.05' });
    expect(without.missing.map((m) => m.insurance)).not.toContain('housingFund');
    expect(withHf.missing.map((m) => m.insurance)).toContain('housingFund');
  });
});

describe('the national 12% housing-fund maximum', () => {
  function shenzhenWithoutRange(): PolicyLibrary {
    const raw = rawRecord('shenzhen-2024.yaml');
    raw.housingFund.employer.rateRange = { min: { notFound: true }, max: { notFound: true } };
    raw.housingFund.employee.rateRange = { min: { notFound: true }, max: { notFound: true } };
    return library(['shenzhen-2024.yaml', raw]);
  }
  const input: ContributionInput = { city: '深圳', month: '2024-09', wage: '10000', hukou: 'local' };

  it('is refused above 12% where the record has no range (Shenzhen 13%)', () => {
    const e = inputError(() => calculateContributions({ ...input, housingFundRate: '0.13' }, shenzhenWithoutRange()));
    expect([e.code, e.field]).toEqual(['rate_out_of_range', 'housingFundRate']);
    expect(e.bilingual.en).toBe('housing-fund employer rate 0.13 is above the national maximum 0.12');
    const ee = inputError(() => calculateContributions({ ...input, housingFundRate: { employer: '0.12', employee: '0.125' } }, shenzhenWithoutRange()));
    expect(ee.bilingual.en).toMatch(/employee rate 0\.125 is above the national maximum/);
  });

  it('12% is accepted there, with a warning that only the national maximum was checked', () => {
    const q = calculateContributions({ ...input, housingFundRate: '0.12' }, shenzhenWithoutRange());
    expect(q.lines.find((l) => l.insurance === 'housingFund')).toMatchObject({ employerFen: 120_000, employeeFen: 120_000 });
    expect(q.warnings.map((w) => w.code)).toContain('national_rate_limit');
  });

  it('is refused where the city range is wider, and a record claiming more than 12% does not load', () => {
    expect(inputError(() => calculateContributions({ city: '北京', month: '2024-09', wage: '10000', housingFundRate: '0.13' })).code).toBe('rate_out_of_range');
    const raw = rawRecord('beijing-2024.yaml');
    raw.housingFund.employer.rateRange.max.value = '0.13';
    expect(() => validatePolicyRecord(raw, 'test')).toThrow(PolicyDataError);
    expect(() => validatePolicyRecord(raw, 'test')).toThrow(/housingFund\.employer\.rateRange\.max: 0\.13 is above the national maximum 0\.12/);
  });
});

describe('hukou is required where rates depend on it', () => {
  it('Shenzhen without hukou: an error naming hukou, city and year (no silent local)', () => {
    const e = inputError(() => calculateContributions({ city: '深圳', month: '2024-09', wage: '10000' }));
    expect([e.code, e.field]).toEqual(['hukou_required', 'hukou']);
    expect(e.bilingual.en).toBe('rates of Shenzhen policy year 2024 depend on hukou: give hukou (local or non-local)');
    expect(e.bilingual.zh).toContain('户籍');
  });

  it('not required where no rate depends on it; the quote says it was not given', () => {
    const q = calculateContributions({ city: '北京', month: '2024-09', wage: '10000' });
    expect(q.hukou).toBeNull();
    expect(q.lines).toHaveLength(4);
  });
});

describe('each city keeps its own policy-year convention', () => {
  const base = (city: string, month: string, insurance: string, wage = '1', hf?: string) => {
    const q = calculateContributions({ city, month, wage, hukou: 'local', ...(hf ? { housingFundRate: hf } : {}) });
    const line = q.lines.find((l) => l.insurance === insurance);
    return line ? formatFen(line.baseFen) : null;
  };

  it('Beijing and Shanghai: July to June for every insurance', () => {
    expect([base('北京', '2025-06', 'pension'), base('北京', '2025-07', 'pension')]).toEqual(['6821.00', '7162.00']);
    expect([base('上海', '2025-06', 'medical'), base('上海', '2025-07', 'medical')]).toEqual(['7384.00', '7460.00']);
    expect([base('上海', '2026-06', 'housingFund', '1', '0.05'), base('上海', '2026-07', 'housingFund', '1', '0.05')]).toEqual(['2690.00', '2740.00']);
  });

  it('Guangdong: pension from July, medical by calendar year', () => {
    expect([base('广州', '2024-12', 'medical'), base('广州', '2025-01', 'medical')]).toEqual(['5996.00', '6236.00']);
    expect([base('广州', '2025-01', 'pension'), base('广州', '2025-06', 'pension'), base('广州', '2025-07', 'pension')]).toEqual(['5500.00', '5500.00', '5510.00']);
    expect([base('深圳', '2025-12', 'medical'), base('深圳', '2026-01', 'medical')]).toEqual(['6733.00', '6727.00']);
    expect([base('深圳', '2025-06', 'pension'), base('深圳', '2025-07', 'pension')]).toEqual(['3523.00', '4775.00']);
  });

  it('Hangzhou: social insurance by calendar year, housing fund July to June', () => {
    const hzCap = (month: string, insurance: string, hf?: string) => base('杭州', month, insurance, '99999', hf);
    expect([hzCap('2024-12', 'housingFund', '0.05'), hzCap('2025-06', 'housingFund', '0.05'), hzCap('2025-07', 'housingFund', '0.05')]).toEqual([
      '39530.00', '39530.00', '40694.00',
    ]);
    // Social insurance: the employer rates are not found, so check the period through `missing`.
    const q = (month: string) => calculateContributions({ city: '杭州', month, wage: '10000' }).missing.map((m) => m.policyYear);
    expect([q('2024-12')[0], q('2025-01')[0]]).toEqual([2024, 2025]);
  });

  it('Chengdu: calendar years', () => {
    const year = (month: string) => calculateContributions({ city: '成都', month, wage: '10000' }).missing[0]!.policyYear;
    expect([year('2024-12'), year('2025-01'), year('2025-12')]).toEqual([2024, 2025, 2025]);
  });
});

describe('property: a quote is complete or names what is missing; provisional lines name their year', () => {
  const lib = getDefaultPolicyLibrary();
  it('holds for random cities, months 2024-01..2027-12, wages and housing-fund requests', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('110100', '310100', '440100', '440300', '330100', '510100'),
        fc.integer({ min: 0, max: 47 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.boolean(),
        (city, m, wageFen, hf) => {
          const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
          let q;
          try {
            q = calculateContributions({ city, month, wageFen, hukou: 'non-local', ...(hf ? { housingFundRate: '0.05' } : {}) }, lib);
          } catch (e) {
            expect((e as PolicyInputError).code).toBe('month_before_policy');
            return;
          }
          const present = new Set(q.lines.map((l) => l.insurance));
          for (const missing of q.missing) expect(present.has(missing.insurance)).toBe(false);
          expect(q.complete).toBe(q.missing.length === 0);
          expect(q.warnings[0]?.code === 'incomplete').toBe(!q.complete);
          for (const l of q.lines) expect(l.provisional).toBe(l.provisionalFrom.length > 0);
          expect(q.provisional).toBe(q.lines.some((l) => l.provisional));
          expect(q.totals.employerFen).toBe(q.lines.reduce((s, l) => s + l.employerFen, 0));
          expect(q.totals.employeeFen).toBe(q.lines.reduce((s, l) => s + l.employeeFen, 0));
        },
      ),
      { numRuns: 1500 },
    );
  }, 30_000);
});
