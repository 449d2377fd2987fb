import { describe, expect, it } from 'vitest';
import { calculateContributions, type ContributionInput } from './contribution.calculator';
import { formatFen } from './money';

// Cases from /work/shared/reference/policy-figures-2024-2026.md: published amounts where the
// reference gives them (S3 employer amounts at the cap, F12/S5 housing-fund monthly totals), else the
// amount is base x rate of the reference's figures, computed by hand (half-up to the fen; housing
// fund to the yuan), to the fen. Rates not restated in a year come from the previous year (provisional).

type Line = [insurance: string, base: string, employer: string, employee: string];
interface Case {
  name: string;
  input: ContributionInput;
  lines: Line[];
  totals: [string, string];
  complete: boolean;
  provisional: boolean;
}

const CASES: Case[] = [
  {
    name: 'Beijing 2024 at the cap = S3 employer amounts (work injury 0.4%)',
    input: { city: '北京', month: '2024-09', wage: '50000', injuryRate: '0.004', housingFundRate: '0.12' },
    lines: [
      ['pension', '35283.00', '5645.28', '2822.64'],
      ['medical', '35283.00', '3457.73', '708.66'],
      ['unemployment', '35283.00', '176.42', '176.42'],
      ['workInjury', '35283.00', '141.13', '0.00'],
      ['housingFund', '35283.00', '4234.00', '4234.00'],
    ],
    totals: ['13654.56', '7941.72'],
    complete: true,
    provisional: false,
  },
  {
    name: 'Beijing 2025 at the cap 35,811 (C); work-injury range carried from 2024',
    input: { city: 'Beijing', month: '2025-09', wage: '50000', injuryRate: '0.004', housingFundRate: '0.12' },
    lines: [
      ['pension', '35811.00', '5729.76', '2864.88'],
      ['medical', '35811.00', '3509.48', '719.22'], // 3509.478 | 716.22 + 3.00
      ['unemployment', '35811.00', '179.06', '179.06'], // 179.055
      ['workInjury', '35811.00', '143.24', '0.00'],
      ['housingFund', '35811.00', '4297.00', '4297.00'], // 4297.32
    ],
    totals: ['13858.54', '8060.16'],
    complete: true,
    provisional: true,
  },
  {
    name: 'Beijing 2026 below the floor 7,270; housing fund on the wage',
    input: { city: '110100', month: '2026-09', wage: '5000', housingFundRate: '0.05' },
    lines: [
      ['pension', '7270.00', '1163.20', '581.60'],
      ['medical', '7270.00', '712.46', '148.40'],
      ['unemployment', '7270.00', '36.35', '36.35'],
      ['workInjury', '7270.00', '14.54', '0.00'],
      ['housingFund', '5000.00', '250.00', '250.00'],
    ],
    totals: ['2176.55', '1016.35'],
    complete: true,
    provisional: true,
  },
  {
    name: 'Shanghai 2024 at the cap = S3 employer amounts (work injury 0.256%), HF total 5,168 (F12)',
    input: { city: '上海', month: '2024-09', wage: '40000', injuryRate: '0.00256', housingFundRate: '0.07' },
    lines: [
      ['pension', '36921.00', '5907.36', '2953.68'],
      ['medical', '36921.00', '3322.90', '738.42'],
      ['unemployment', '36921.00', '184.61', '184.61'],
      ['workInjury', '36921.00', '94.52', '0.00'],
      ['housingFund', '36921.00', '2584.00', '2584.00'],
    ],
    totals: ['12093.39', '6460.71'],
    complete: true,
    provisional: false,
  },
  {
    name: 'Shanghai 2025-09 at 10,000: every line, not housing fund only (was 700.00/700.00)',
    input: { city: '上海', month: '2025-09', wage: '10000', housingFundRate: '0.07' },
    lines: [
      ['pension', '10000.00', '1600.00', '800.00'],
      ['medical', '10000.00', '900.00', '200.00'],
      ['unemployment', '10000.00', '50.00', '50.00'],
      ['workInjury', '10000.00', '20.00', '0.00'], // lowest base rate 0.2% (F2)
      ['housingFund', '10000.00', '700.00', '700.00'],
    ],
    totals: ['3270.00', '1750.00'],
    complete: true,
    provisional: false,
  },
  {
    name: 'Shanghai 2026 at the cap 37,731 (F1, A)',
    input: { city: 'Shanghai', month: '2026-09', wage: '40000', housingFundRate: '0.07' },
    lines: [
      ['pension', '37731.00', '6036.96', '3018.48'],
      ['medical', '37731.00', '3395.80', '754.62'], // 3207.135 -> 3207.14 + 188.655 -> 188.66
      ['unemployment', '37731.00', '188.66', '188.66'],
      ['workInjury', '37731.00', '75.46', '0.00'],
      ['housingFund', '37731.00', '2641.00', '2641.00'],
    ],
    totals: ['12337.88', '6602.76'],
    complete: true,
    provisional: false,
  },
  {
    name: 'Guangzhou 2025-03: pension still 2024 (cap 27,501), medical already calendar 2025 (cap 31,179)',
    input: { city: '广州', month: '2025-03', wage: '40000' },
    lines: [
      ['pension', '27501.00', '4125.15', '2200.08'],
      ['medical', '31179.00', '1668.08', '623.58'], // 2025 rate not found: 5.35% carried
      ['unemployment', '38082.00', '304.66', '76.16'],
      ['workInjury', '40000.00', '80.00', '0.00'],
    ],
    totals: ['6177.89', '2899.82'],
    complete: true,
    provisional: true,
  },
  {
    name: 'Guangzhou 2025-09: pension 5,510..27,549 (F4) with the 2024 employer rate carried',
    input: { city: '440100', month: '2025-09', wage: '30000', housingFundRate: '0.12' },
    lines: [
      ['pension', '27549.00', '4132.35', '2203.92'],
      ['medical', '30000.00', '1605.00', '600.00'],
      ['unemployment', '30000.00', '240.00', '60.00'],
      ['workInjury', '30000.00', '60.00', '0.00'],
      ['housingFund', '30000.00', '3600.00', '3600.00'],
    ],
    totals: ['9637.35', '6463.92'],
    complete: true,
    provisional: true,
  },
  {
    name: 'Shenzhen 2025-09 non-local below the floors; maternity not found: incomplete',
    input: { city: '深圳', month: '2025-09', wage: '3000', hukou: 'non-local' },
    lines: [
      ['pension', '4775.00', '716.25', '382.00'], // 15% non-Shenzhen hukou, carried from 2024
      ['medical', '6733.00', '336.65', '134.66'],
      ['unemployment', '3000.00', '24.00', '6.00'],
      ['workInjury', '3000.00', '6.00', '0.00'],
    ],
    totals: ['1082.90', '522.66'],
    complete: false,
    provisional: true,
  },
  {
    name: 'Hangzhou 2025-09: employer rates not found, only the housing fund computes',
    input: { city: '杭州', month: '2025-09', wage: '10000', housingFundRate: '0.12' },
    lines: [['housingFund', '10000.00', '1200.00', '1200.00']],
    totals: ['1200.00', '1200.00'],
    complete: false,
    provisional: false,
  },
  {
    name: 'Chengdu 2025-09: official bases (F5) but no rate anywhere',
    input: { city: '成都', month: '2025-09', wage: '10000' },
    lines: [],
    totals: ['0.00', '0.00'],
    complete: false,
    provisional: false,
  },
  {
    // F9's rates (grade C) on S3's cap: every employer amount equals S3's published amount at the cap.
    name: 'Beijing 2023-09 at the cap = S3 employer amounts (F9 rates, work injury 0.4%)',
    input: { city: '北京', month: '2023-09', wage: '40000', injuryRate: '0.004' },
    lines: [
      ['pension', '33891.00', '5422.56', '2711.28'],
      ['medical', '33891.00', '3321.32', '680.82'],
      ['unemployment', '33891.00', '169.46', '169.46'],
      ['workInjury', '33891.00', '135.56', '0.00'],
    ],
    totals: ['9048.90', '3561.56'],
    complete: true,
    provisional: false,
  },
];

describe('reference table: amounts to the fen', () => {
  it.each(CASES)('$name', (c) => {
    const q = calculateContributions(c.input);
    expect(q.lines.map((l) => [l.insurance, formatFen(l.baseFen), formatFen(l.employerFen), formatFen(l.employeeFen)])).toEqual(c.lines);
    expect([formatFen(q.totals.employerFen), formatFen(q.totals.employeeFen)]).toEqual(c.totals);
    expect(q.complete).toBe(c.complete);
    expect(q.provisional).toBe(c.provisional);
    if (!c.complete) expect(q.warnings[0]!.code).toBe('incomplete');
  });

  it('housing-fund monthly totals at 7%: Shanghai 2024 376..5,168 (F12), 2025 376..5,222 (S5)', () => {
    const total = (month: string, wage: string) => {
      const hf = calculateContributions({ city: '上海', month, wage, housingFundRate: '0.07' }).lines.find((l) => l.insurance === 'housingFund')!;
      return formatFen(hf.employerFen + hf.employeeFen);
    };
    expect([total('2024-09', '1000'), total('2024-09', '40000')]).toEqual(['376.00', '5168.00']);
    expect([total('2025-09', '1000'), total('2025-09', '40000')]).toEqual(['376.00', '5222.00']);
  });
});
