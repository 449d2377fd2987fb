import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary, MAX_WAGE_FEN, planAnnualAdjustment, PolicyInputError } from '@lianxu/policy';
import { createRiskPolicy } from './risk.policy';

// monthlyTotalFen asks the engine's quoteFen directly (no quote object per employee × month); it
// must answer exactly what the full calculator's quote gives: the total when the quote is complete
// and has lines, null where the calculator refuses or the quote is incomplete.

const library = getDefaultPolicyLibrary();

function referenceTotal(city: string, month: string, wageFen: number, hukou: 'local' | 'non-local'): number | null {
  try {
    const q = calculateContributions({ city, month, wageFen, hukou }, library);
    if (!q.complete || q.lines.length === 0) return null;
    return q.totals.employerFen + q.totals.employeeFen;
  } catch (error) {
    if (error instanceof PolicyInputError) return null;
    throw error;
  }
}

const months: string[] = [];
for (let y = 2019; y <= 2028; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
const wages = [-5, 0, 1, 99, 250_000, 500_000, 731_913, 1_000_000, 1_234_567, 2_500_000, 3_528_300, 4_000_001, 9_999_999, MAX_WAGE_FEN, MAX_WAGE_FEN + 1, 1_000_000.5];

describe('risk policy: monthlyTotalFen', () => {
  it('answers what the calculator totals, for every city, month from 2019 to 2028, hukou and a spread of wages', () => {
    const policy = createRiskPolicy(library);
    const cities = [...library.engine.cities.map((c) => c.code), '北京', 'Shanghai', '999999'];
    let compared = 0;
    let priced = 0;
    for (const city of cities) {
      for (const month of [...months, '2025-13', 'soon']) {
        for (const hukou of ['local', 'non-local'] as const) {
          for (const wage of wages) {
            const expected = referenceTotal(city, month, wage, hukou);
            expect(policy.monthlyTotalFen(city, month, wage, hukou), `${city} ${month} ${wage} ${hukou}`).toBe(expected);
            compared++;
            if (expected !== null) priced++;
          }
        }
      }
    }
    // Both sides of the comparison are exercised: priced months and refused or incomplete ones.
    expect(priced).toBeGreaterThan(1000);
    expect(compared - priced).toBeGreaterThan(1000);
  });

  it('keeps answering the same once many distinct wages were asked (nothing per wage is kept)', () => {
    const policy = createRiskPolicy(library);
    const first = policy.monthlyTotalFen('310100', '2025-09', 1_234_567, 'local');
    for (let w = 600_000; w < 700_000; w++) policy.monthlyTotalFen('310100', '2025-09', w, 'local');
    expect(policy.monthlyTotalFen('310100', '2025-09', 1_234_567, 'local')).toBe(first);
    expect(first).toBe(referenceTotal('310100', '2025-09', 1_234_567, 'local'));
  });
});

describe('risk policy: annualBase', () => {
  // The reference: the plan of the policy year of the month's pension line, its pension new base.
  function referenceAnnualBase(city: string, month: string, wagesByMonth: Record<string, number>): number | null {
    let q;
    try {
      q = calculateContributions({ city, month, wageFen: 1_000_000, hukou: 'local' }, library);
    } catch (error) {
      if (error instanceof PolicyInputError) return null;
      throw error;
    }
    const line = q.lines.find((l) => l.insurance === 'pension');
    const record = line ? library.recordById(line.policyId) : null;
    if (!record) return null;
    try {
      return planAnnualAdjustment({ wageHistory: wagesByMonth, newRecord: record, library }).lines.find((l) => l.insurance === 'pension')?.newBaseFen ?? null;
    } catch (error) {
      if (error instanceof PolicyInputError) return null;
      throw error;
    }
  }

  it('answers what planAnnualAdjustment gives, for every city, policy year and histories in, around and out of range', () => {
    const policy = createRiskPolicy(library);
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const histories: Record<string, number>[] = [{}, { '2024-13': 500_000 }, { '2023-05': 0 }, { '2023-05': -1 }, { '2023-05': 1.5 }, { '2023-05': MAX_WAGE_FEN + 1 }, { '2023-05': MAX_WAGE_FEN }, { '2023-05': 1 }];
    for (let i = 0; i < 300; i++) {
      const h: Record<string, number> = {};
      const year = 2022 + Math.floor(random() * 5);
      const from = 1 + Math.floor(random() * 12);
      for (let m = from; m <= 12; m++) h[`${year}-${String(m).padStart(2, '0')}`] = 1 + Math.floor(random() * (random() < 0.1 ? MAX_WAGE_FEN : 6_000_000));
      if (random() < 0.05) h['2024-00'] = 600_000;
      histories.push(h);
    }
    let compared = 0;
    let answered = 0;
    for (const city of library.engine.cities.map((c) => c.code)) {
      for (const month of ['2019-06', '2023-03', '2023-09', '2024-03', '2024-09', '2025-03', '2025-09', '2026-03', '2026-09', '2027-09']) {
        for (const h of histories) {
          const expected = referenceAnnualBase(city, month, h);
          expect(policy.annualBase(city, month, h), `${city} ${month} ${JSON.stringify(h)}`).toBe(expected);
          compared++;
          if (expected !== null) answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(1000);
    expect(compared - answered).toBeGreaterThan(1000);
  });
});
