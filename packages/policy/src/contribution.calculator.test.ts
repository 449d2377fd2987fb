import { describe, expect, it } from 'vitest';
import { calculateContributions, type ContributionInput, type ContributionQuote } from './contribution.calculator';
import { PolicyInputError } from './errors';
import { formatFen } from './money';

// Expected figures below are computed by hand from the sources (S1/S2/S3, see data/*.yaml):
// amount = base x rate, rounded half-up to the fen (social insurance) or the yuan (housing fund).

type Row = [insurance: string, base: string, employer: string, employee: string];

function rows(q: ContributionQuote): Row[] {
  return q.lines.map((l) => [l.insurance, formatFen(l.baseFen), formatFen(l.employerFen), formatFen(l.employeeFen)]);
}
function totals(q: ContributionQuote): [string, string] {
  return [formatFen(q.totals.employerFen), formatFen(q.totals.employeeFen)];
}
function quote(input: Partial<ContributionInput> & { city: string; wage: string }): ContributionQuote {
  return calculateContributions({ month: '2024-09', ...input });
}

describe('Beijing 2024 (floor 6821, cap 35283; HF 2420..35283)', () => {
  it('below the floor: every social-insurance base is the floor; HF uses the wage', () => {
    const q = quote({ city: '北京', wage: '5000', housingFundRate: '0.12' });
    expect(q.policyId).toBe('110100-2024-r1');
    expect(rows(q)).toEqual([
      ['pension', '6821.00', '1091.36', '545.68'], // 6821 x 16% | x 8%
      ['medical', '6821.00', '668.46', '139.42'], // 6821 x 9.8% = 668.458 | 6821 x 2% = 136.42 + 3.00 fixed
      ['unemployment', '6821.00', '34.11', '34.11'], // 6821 x 0.5% = 34.105 -> 34.11
      ['workInjury', '6821.00', '13.64', '0.00'], // lowest rate 0.2%: 13.642
      ['housingFund', '5000.00', '600.00', '600.00'], // 5000 x 12%
    ]);
    expect(totals(q)).toEqual(['2407.57', '1319.21']);
    expect(q.warnings).toEqual([]);
  });

  it('inside the range', () => {
    const q = quote({ city: '110100', wage: '12345.67', housingFundRate: '0.12' });
    expect(rows(q)).toEqual([
      ['pension', '12345.67', '1975.31', '987.65'], // 1975.3072 | 987.6536
      ['medical', '12345.67', '1209.88', '249.91'], // 1209.87566 | 246.9134 + 3.00
      ['unemployment', '12345.67', '61.73', '61.73'], // 61.72835
      ['workInjury', '12345.67', '24.69', '0.00'], // 24.69134
      ['housingFund', '12345.67', '1481.00', '1481.00'], // 1481.4804 -> half-up to the yuan
    ]);
    expect(totals(q)).toEqual(['4752.61', '2780.29']);
  });

  it('above the cap reproduces the employer amounts S3 publishes (work injury 0.4%)', () => {
    const q = quote({ city: 'Beijing', wage: '50000', injuryRate: '0.004', housingFundRate: '0.12' });
    expect(rows(q)).toEqual([
      ['pension', '35283.00', '5645.28', '2822.64'],
      ['medical', '35283.00', '3457.73', '708.66'], // employee 705.66 + 3.00
      ['unemployment', '35283.00', '176.42', '176.42'], // 176.415 -> 176.42
      ['workInjury', '35283.00', '141.13', '0.00'],
      ['housingFund', '35283.00', '4234.00', '4234.00'], // 4233.96 -> 4234
    ]);
    expect(totals(q)[0]).toBe('13654.56'); // S3 subtotal
  });

  it('adds the fixed 3 yuan to the employee medical line only', () => {
    const medical = quote({ city: '北京', wage: '10000' }).lines.find((l) => l.insurance === 'medical')!;
    expect(medical.employeeFen).toBe(20_300); // 10000 x 2% = 200.00 + 3.00
    expect(medical.employeeFixedFen).toBe(300);
    expect(medical.employerFen).toBe(98_000); // no fixed amount on the employer side
    expect(medical.employeeRate).toBe('0.02');
  });

  it('clamps the housing-fund base to its own floor', () => {
    const hf = quote({ city: '北京', wage: '2000', housingFundRate: '0.05' }).lines.find((l) => l.insurance === 'housingFund')!;
    expect([hf.baseFen, hf.employerFen, hf.employeeFen]).toEqual([242_000, 12_100, 12_100]); // 2420 x 5% = 121
  });
});

describe('Shanghai 2024 (floor 7384, cap 36921; HF 2690..36921, 5%..7%)', () => {
  it('below the floor', () => {
    const q = quote({ city: '上海', wage: '5000', housingFundRate: '0.07' });
    expect(rows(q)).toEqual([
      ['pension', '7384.00', '1181.44', '590.72'],
      ['medical', '7384.00', '664.56', '147.68'], // 8.5% 627.64 + 0.5% 36.92
      ['unemployment', '7384.00', '36.92', '36.92'],
      ['workInjury', '7384.00', '11.81', '0.00'], // lowest 0.16%: 11.8144
      ['housingFund', '5000.00', '350.00', '350.00'],
    ]);
    expect(totals(q)).toEqual(['2244.73', '1125.32']);
  });

  it('inside the range: the medical parts are rounded separately (900.10, not 900.09)', () => {
    const q = quote({ city: '310100', wage: '10001', housingFundRate: '0.07' });
    expect(rows(q)).toEqual([
      ['pension', '10001.00', '1600.16', '800.08'],
      ['medical', '10001.00', '900.10', '200.02'], // 850.085 -> 850.09 plus 50.005 -> 50.01; 9% at once would give 900.09
      ['unemployment', '10001.00', '50.01', '50.01'],
      ['workInjury', '10001.00', '16.00', '0.00'], // 16.0016
      ['housingFund', '10001.00', '700.00', '700.00'], // 700.07
    ]);
    expect(totals(q)).toEqual(['3266.27', '1750.11']);
    expect(q.lines[1]!.employerRate).toBe('0.09');
  });

  it('above the cap reproduces S3 (medical 3322.90, work injury at 0.256%)', () => {
    const q = quote({ city: 'shanghai', wage: '40000', injuryRate: '0.00256', housingFundRate: '0.07' });
    expect(rows(q)).toEqual([
      ['pension', '36921.00', '5907.36', '2953.68'],
      ['medical', '36921.00', '3322.90', '738.42'], // 3138.285 -> 3138.29 plus 184.605 -> 184.61
      ['unemployment', '36921.00', '184.61', '184.61'],
      ['workInjury', '36921.00', '94.52', '0.00'], // 94.51776
      ['housingFund', '36921.00', '2584.00', '2584.00'], // 2584.47
    ]);
    expect(totals(q)).toEqual(['12093.39', '6460.71']); // S3 employer subtotal 12093.39
  });
});

describe('Guangzhou 2024: floors and caps differ per insurance (pension 5500..27501 from F3)', () => {
  it('below every floor', () => {
    const q = quote({ city: '广州', wage: '2000', housingFundRate: '0.05' });
    expect(rows(q)).toEqual([
      ['pension', '5500.00', '825.00', '440.00'],
      ['medical', '5996.00', '320.79', '119.92'], // 5996 x 5.35% = 320.786
      ['unemployment', '2300.00', '18.40', '4.60'],
      ['workInjury', '2100.00', '4.20', '0.00'],
      ['housingFund', '2300.00', '115.00', '115.00'],
    ]);
    expect(totals(q)).toEqual(['1283.39', '679.52']);
  });

  it('inside the range', () => {
    const q = quote({ city: '440100', wage: '12345.67', housingFundRate: '0.12' });
    expect(rows(q)).toEqual([
      ['pension', '12345.67', '1851.85', '987.65'], // 1851.8505
      ['medical', '12345.67', '660.49', '246.91'], // 660.493345
      ['unemployment', '12345.67', '98.77', '24.69'], // 98.76536 | 24.69134
      ['workInjury', '12345.67', '24.69', '0.00'],
      ['housingFund', '12345.67', '1481.00', '1481.00'],
    ]);
    expect(totals(q)).toEqual(['4116.80', '2740.25']);
  });

  it('30000: pension and medical capped, unemployment and work injury not (per-insurance bases)', () => {
    const q = quote({ city: 'Guangzhou', wage: '30000' });
    expect(q.lines.map((l) => [l.insurance, formatFen(l.baseFen)])).toEqual([
      ['pension', '27501.00'],
      ['medical', '29979.00'],
      ['unemployment', '30000.00'],
      ['workInjury', '30000.00'],
    ]);
  });

  it('above every cap; work injury has no cap (printed N/A)', () => {
    const q = quote({ city: '广州', wage: '50000', housingFundRate: '0.12' });
    expect(rows(q)).toEqual([
      ['pension', '27501.00', '4125.15', '2200.08'],
      ['medical', '29979.00', '1603.88', '599.58'], // 1603.8765
      ['unemployment', '38082.00', '304.66', '76.16'], // 304.656 | 76.164
      ['workInjury', '50000.00', '100.00', '0.00'],
      ['housingFund', '39579.00', '4749.00', '4749.00'], // 4749.48
    ]);
    expect(totals(q)).toEqual(['10882.69', '7624.82']);
  });
});

describe('Shenzhen 2024: hukou variant, maternity not found', () => {
  it('below the floor, local hukou', () => {
    const q = quote({ city: '深圳', wage: '2000', hukou: 'local' });
    expect(rows(q)).toEqual([
      ['pension', '3523.00', '563.68', '281.84'], // 16% for Shenzhen hukou
      ['medical', '6475.00', '323.75', '129.50'],
      ['unemployment', '2360.00', '18.88', '4.72'],
      ['workInjury', '2360.00', '4.72', '0.00'],
    ]);
    expect(totals(q)).toEqual(['911.03', '416.06']);
    expect(q.complete).toBe(false);
    expect(q.missing).toEqual([{ insurance: 'maternity', city: '440300', policyYear: 2024, fields: ['insurances.maternity'] }]);
    expect(q.warnings.map((w) => [w.code, w.insurance])).toEqual([
      ['incomplete', null],
      ['figure_not_found', 'maternity'],
    ]);
  });

  it('the pension employer rate is 15% for non-local hukou', () => {
    const local = quote({ city: '440300', wage: '12345.67', hukou: 'local' });
    const nonLocal = quote({ city: '440300', wage: '12345.67', hukou: 'non-local' });
    expect(rows(local)).toEqual([
      ['pension', '12345.67', '1975.31', '987.65'],
      ['medical', '12345.67', '617.28', '246.91'], // 617.2835
      ['unemployment', '12345.67', '98.77', '24.69'],
      ['workInjury', '12345.67', '24.69', '0.00'],
    ]);
    expect(totals(local)).toEqual(['2716.05', '1259.25']);
    expect(nonLocal.lines[0]).toMatchObject({ employerRate: '0.15', employerFen: 185_185 }); // 1851.8505
    expect(local.lines[0]!.employerRate).toBe('0.16');
    expect(nonLocal.lines.slice(1)).toEqual(local.lines.slice(1));
  });

  it('above the caps, non-local', () => {
    const q = quote({ city: 'Shenzhen', wage: '50000', hukou: 'non-local' });
    expect(rows(q)).toEqual([
      ['pension', '27501.00', '4125.15', '2200.08'],
      ['medical', '32376.00', '1618.80', '647.52'],
      ['unemployment', '43659.00', '349.27', '87.32'], // 349.272 | 87.318
      ['workInjury', '50000.00', '100.00', '0.00'],
    ]);
    expect(totals(q)).toEqual(['6193.22', '2934.92']);
  });

  it('the housing fund (grade C, F10/F14) is used but marked unverified', () => {
    const q = quote({ city: '深圳', wage: '50000', hukou: 'local', housingFundRate: '0.12' });
    const hf = q.lines.find((l) => l.insurance === 'housingFund')!;
    expect([formatFen(hf.baseFen), formatFen(hf.employerFen)]).toEqual(['43659.00', '5239.00']); // 5239.08 -> yuan
    expect(hf.unverified).toBe(true);
    expect(q.lines.find((l) => l.insurance === 'pension')!.unverified).toBe(false);
    expect(q.warnings.find((w) => w.code === 'unverified')).toMatchObject({ insurance: 'housingFund', fields: ['housingFund.floor', 'housingFund.cap', 'housingFund.employer.rateRange.min', 'housingFund.employer.rateRange.max', 'housingFund.employee.rateRange.min', 'housingFund.employee.rateRange.max'] });
  });
});

describe('policy years', () => {
  it('switches between June and July', () => {
    const june = quote({ city: '上海', month: '2024-06', wage: '10000' });
    const july = quote({ city: '上海', month: '2024-07', wage: '10000' });
    expect(june.policyId).toBe('310100-2023-r1');
    expect(july.policyId).toBe('310100-2024-r1');
    // 2023-24 rates are not in the sources: every line is left out, with the missing fields named.
    expect(june.lines).toEqual([]);
    expect(june.warnings.find((w) => w.insurance === 'pension')!.fields).toEqual([
      'insurances.pension.employer.rate',
      'insurances.pension.employee.rate',
    ]);
    expect(july.lines).toHaveLength(4);
    expect(quote({ city: '北京', month: '2024-06', wage: '10000' }).policyId).toBe('110100-2023-r1');
    expect(quote({ city: '北京', month: '2025-06', wage: '10000' }).provisional).toBe(false);
  });

  it('carries the latest year forward, marked provisional', () => {
    const sept2026 = quote({ city: '上海', month: '2026-09', wage: '20000' });
    const sept2027 = quote({ city: '上海', month: '2027-09', wage: '20000' });
    expect(sept2027.policyId).toBe('310100-2026-r1');
    expect(sept2027.provisional).toBe(true);
    expect(sept2027.warnings[0]!.code).toBe('provisional');
    expect(rows(sept2027)).toEqual(rows(sept2026));
    expect(sept2027.lines.every((l) => l.provisional && l.provisionalFrom.join() === '2026')).toBe(true);
    expect(sept2026.provisional).toBe(false);
  });

  it('Shanghai 2025-26: social insurance and the housing fund (S5: monthly total 376..5222)', () => {
    const high = quote({ city: '上海', month: '2025-09', wage: '40000', housingFundRate: '0.07' });
    expect(high.policyId).toBe('310100-2025-r2');
    expect(high.provisional).toBe(false);
    expect(high.complete).toBe(true);
    expect(rows(high).at(-1)).toEqual(['housingFund', '37302.00', '2611.00', '2611.00']); // 2611.14 x 2 = 5222
    const low = quote({ city: '上海', month: '2025-09', wage: '2000', housingFundRate: '0.07' });
    expect(rows(low).at(-1)).toEqual(['housingFund', '2690.00', '188.00', '188.00']); // 188.30 x 2 = 376
    expect(rows(low)[0]).toEqual(['pension', '7460.00', '1193.60', '596.80']);
  });

  it('Hangzhou and Chengdu: known cities whose quotes say what is missing instead of totalling 0.00', () => {
    const hz = quote({ city: '杭州', month: '2025-09', wage: '10000', housingFundRate: '0.12' });
    expect(hz.complete).toBe(false);
    expect(hz.missing.map((m) => [m.insurance, m.policyYear])).toEqual([
      ['pension', 2025], ['medical', 2025], ['maternity', 2025], ['unemployment', 2025], ['workInjury', 2025],
    ]);
    expect(hz.missing[0]!.fields).toEqual(['insurances.pension.employer.rate']);
    expect(rows(hz)).toEqual([['housingFund', '10000.00', '1200.00', '1200.00']]);
    const cd = quote({ city: 'Chengdu', month: '2025-09', wage: '10000', housingFundRate: '0.12' });
    expect(cd.lines).toEqual([]);
    expect(cd.missing).toHaveLength(6);
    expect(cd.warnings[0]).toMatchObject({ code: 'incomplete', insurance: null });
    expect(cd.warnings[0]!.message.en).toMatch(/^incomplete quote: Chengdu 2025-09 \(policy year 2025\) has no figures for pension, medical, maternity, unemployment, workInjury, housingFund/);
  });

  it('lists the record sources with grades', () => {
    const q = quote({ city: '北京', wage: '10000' });
    expect(q.sources.find((s) => s.id === 'S2')).toMatchObject({ grade: 'B' });
    expect(q.sources.map((s) => s.id)).toContain('R25');
  });
});

describe('invalid input', () => {
  function fails(input: Partial<ContributionInput>): PolicyInputError {
    try {
      calculateContributions({ city: '北京', month: '2024-09', wage: '10000', ...input });
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyInputError);
      return e as PolicyInputError;
    }
    throw new Error('expected a PolicyInputError');
  }

  it.each([
    [{ city: '武汉' }, 'unknown_city', 'city'],
    [{ city: '' }, 'unknown_city', 'city'],
    [{ month: '2024-13' }, 'invalid_month', 'month'],
    [{ month: '2024-9' }, 'invalid_month', 'month'],
    [{ month: '2024-00' }, 'invalid_month', 'month'],
    [{ month: 'September' }, 'invalid_month', 'month'],
    [{ month: '2023-06' }, 'month_before_policy', 'month'],
    [{ wage: '0' }, 'wage_not_positive', 'wage'],
    [{ wage: '0.00' }, 'wage_not_positive', 'wage'],
    [{ wage: '-5000' }, 'wage_not_positive', 'wage'],
    [{ wage: 'abc' }, 'invalid_wage', 'wage'],
    [{ wage: '100.001' }, 'invalid_wage', 'wage'],
    [{ wage: '1e5' }, 'invalid_wage', 'wage'],
    [{ wage: '10000001' }, 'wage_too_large', 'wage'],
    [{ wage: undefined, wageFen: 0 }, 'wage_not_positive', 'wage'],
    [{ hukou: 'foreign' as never }, 'invalid_hukou', 'hukou'],
    [{ injuryRate: 'abc' }, 'invalid_rate', 'injuryRate'],
    [{ injuryRate: '1.5' }, 'invalid_rate', 'injuryRate'],
    [{ injuryRate: '0.001' }, 'rate_out_of_range', 'injuryRate'], // Beijing: 0.2%..1.9%
    [{ injuryRate: '0.02' }, 'rate_out_of_range', 'injuryRate'],
    [{ housingFundRate: '0.13' }, 'rate_out_of_range', 'housingFundRate'], // Beijing: 5%..12%
    [{ housingFundRate: '0.04' }, 'rate_out_of_range', 'housingFundRate'],
    [{ housingFundRate: '-0.05' }, 'invalid_rate', 'housingFundRate'],
    [{ city: '广州', housingFundRate: '0.055' }, 'rate_not_allowed', 'housingFundRate'], // whole percent only
    [{ city: '广州', housingFundRate: { employer: '0.12', employee: '0.10' } }, 'rate_not_allowed', 'housingFundRate'],
    [{ city: '上海', month: '2025-09', housingFundRate: '0.08' }, 'rate_out_of_range', 'housingFundRate'], // 2025: 5%..7%
    [{ city: '深圳' }, 'hukou_required', 'hukou'], // the pension employer rate depends on hukou: no silent default
    [{ city: '深圳', month: '2026-09' }, 'hukou_required', 'hukou'], // also when that rate is carried forward
  ] as [Partial<ContributionInput>, string, string][])('%j -> %s on %s', (input, code, field) => {
    const e = fails(input);
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.bilingual.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.bilingual.en).toMatch(/[a-z]/);
    expect(e.message).toBe(e.bilingual.en);
  });

  it('reports every bad field at once', () => {
    const e = fails({ city: 'Atlantis', month: '2024-13', wage: '-1' });
    expect(e.issues.map((i) => i.field)).toEqual(['city', 'month', 'wage']);
    expect(Object.keys(e.toJSON().error.fields)).toEqual(['city', 'month', 'wage']);
  });

  it('accepts the wage as integer fen', () => {
    const q = calculateContributions({ city: '北京', month: '2024-09', wageFen: 1_234_567 });
    expect(q.lines[0]!.baseFen).toBe(1_234_567);
  });
});
