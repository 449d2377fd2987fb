import { describe, expect, it } from 'vitest';
import { planAnnualAdjustment } from './annual-adjustment';
import { PolicyInputError } from './errors';
import { getDefaultPolicyLibrary } from './policy.loader';

const lib = getDefaultPolicyLibrary();

function months(year: number, fen: (m: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = 1; m <= 12; m++) out[`${year}-${String(m).padStart(2, '0')}`] = fen(m);
  return out;
}

describe('annual base adjustment', () => {
  it('averages last calendar year and clamps per insurance (Guangzhou 2024)', () => {
    // 2023: six months at 28,000.00 and six at 31,000.00 -> average 29,500.00; 2022/2024 wages are ignored.
    const history = { ...months(2023, (m) => (m <= 6 ? 2_800_000 : 3_100_000)), '2024-01': 9_900_000, '2022-12': 100 };
    const adj = planAnnualAdjustment({
      wageHistory: history,
      newRecord: lib.record('广州', 2024)!,
      currentBasesFen: { pension: 2_500_000, medical: 2_950_000, unemployment: 3_000_000 },
    });
    expect(adj.referenceYear).toBe(2023);
    expect(adj.monthsUsed).toHaveLength(12);
    expect(adj.averageWageFen).toBe(2_950_000);
    expect(adj.lines).toEqual([
      { insurance: 'pension', currentBaseFen: 2_500_000, newBaseFen: 2_750_100, changeFen: 250_100, clampedTo: 'cap', provisional: false }, // cap 27501 (F3)
      { insurance: 'medical', currentBaseFen: 2_950_000, newBaseFen: 2_950_000, changeFen: 0, clampedTo: null, provisional: false }, // 5996..29979
      { insurance: 'unemployment', currentBaseFen: 3_000_000, newBaseFen: 2_950_000, changeFen: -50_000, clampedTo: null, provisional: false },
      { insurance: 'workInjury', currentBaseFen: null, newBaseFen: 2_950_000, changeFen: null, clampedTo: null, provisional: false }, // no cap
      { insurance: 'housingFund', currentBaseFen: null, newBaseFen: 2_950_000, changeFen: null, clampedTo: null, provisional: false },
    ]);
    expect(adj.warnings).toEqual([]);
  });

  it('uses only the months worked, rounding the average half-up to the fen, and raises to the floor', () => {
    // Beijing 2024: 3 months in 2023 at 5000.00, 5000.00, 5000.01 -> 5000.0033.. -> 5000.00 -> SI floor 6821
    const adj = planAnnualAdjustment({ wageHistory: new Map([['2023-10', 500_000], ['2023-11', 500_000], ['2023-12', 500_001]]), newRecord: lib.record('北京', 2024)! });
    expect(adj.averageWageFen).toBe(500_000);
    expect(adj.lines.find((l) => l.insurance === 'pension')).toMatchObject({ newBaseFen: 682_100, clampedTo: 'floor' });
    expect(adj.lines.find((l) => l.insurance === 'housingFund')).toMatchObject({ newBaseFen: 500_000, clampedTo: null }); // HF floor 2420
    expect(planAnnualAdjustment({ wageHistory: { '2023-01': 1, '2023-02': 2 }, newRecord: lib.record('北京', 2024)! }).averageWageFen).toBe(2); // 1.5 -> 2
  });

  it('proposes no base where the new record lacks the floor or cap', () => {
    // Beijing 2023: the social insurances have F9's floor and S3's cap; the housing fund has no floor.
    const adj = planAnnualAdjustment({ wageHistory: months(2022, () => 1_000_000), newRecord: lib.record('北京', 2023)! });
    expect(adj.lines.map((l) => [l.insurance, l.newBaseFen, l.clampedTo])).toEqual([
      ['pension', 1_000_000, null],
      ['medical', 1_000_000, null],
      ['unemployment', 1_000_000, null],
      ['workInjury', 1_000_000, null],
    ]);
    expect(adj.warnings.map((w) => w.insurance)).toEqual(['housingFund']);
  });

  it('with the library, a floor or cap the new year lacks is carried forward and marked provisional (Guangzhou 2025)', () => {
    const history = months(2024, () => 5_000_000);
    const without = planAnnualAdjustment({ wageHistory: history, newRecord: lib.record('广州', 2025)! });
    expect(without.lines.map((l) => l.insurance)).not.toContain('unemployment');
    expect(without.warnings.map((w) => w.insurance)).toContain('unemployment');
    const withLib = planAnnualAdjustment({ wageHistory: history, newRecord: lib.record('广州', 2025)!, library: lib });
    expect(withLib.lines.find((l) => l.insurance === 'unemployment')).toMatchObject({ newBaseFen: 3_808_200, clampedTo: 'cap', provisional: true }); // 2024 cap 38082
    expect(withLib.lines.find((l) => l.insurance === 'pension')).toMatchObject({ newBaseFen: 2_754_900, clampedTo: 'cap', provisional: false }); // 2025 cap 27549 (F4)
  });

  it('rejects a history without last year and bad entries', () => {
    expect(() => planAnnualAdjustment({ wageHistory: { '2024-01': 100 }, newRecord: lib.record('北京', 2024)! })).toThrow(PolicyInputError);
    try {
      planAnnualAdjustment({ wageHistory: { '2023-13': 100, '2023-01': -5 }, newRecord: lib.record('北京', 2024)! });
      expect.unreachable();
    } catch (e) {
      expect((e as PolicyInputError).issues.map((i) => [i.code, i.field])).toEqual([
        ['invalid_month', 'wageHistory.2023-13'],
        ['wage_not_positive', 'wageHistory.2023-01'],
      ]);
    }
  });
});
