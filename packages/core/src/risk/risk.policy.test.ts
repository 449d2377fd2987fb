import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary, MAX_WAGE_FEN, PolicyInputError } from '@lianxu/policy';
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
