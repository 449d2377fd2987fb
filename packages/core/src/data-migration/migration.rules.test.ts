import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary, INSURANCES, MAX_WAGE_FEN, PolicyInputError } from '@lianxu/policy';
import { expectedLine, type RuleContext } from './migration.rules';

// The migration recomputes each legacy line with the engine's flat quote; it must give exactly the
// line calculateContributions gives (or none where that refuses or has no line for the insurance).
describe('expectedLine', () => {
  it('agrees with calculateContributions for every city, month, wage and hukou', () => {
    const library = getDefaultPolicyLibrary();
    const ctx: RuleContext = { library, today: '2026-12-01', roster: new Map(), seen: new Map() };
    const wages = [1, 250_000, 812_345, 1_500_000, 3_333_333, MAX_WAGE_FEN];
    let compared = 0;
    let refused = 0;
    for (const city of library.cities)
      for (let year = 2014; year <= 2027; year++)
        for (const m of ['01', '06', '07', '12'])
          for (const wageFen of wages)
            for (const hukou of ['local', 'non-local', null] as const) {
              const month = `${year}-${m}`;
              let lines: Map<string, { baseFen: number; employerFen: number; employeeFen: number }> | null;
              try {
                lines = new Map(calculateContributions({ city: city.code, month, wageFen, hukou: hukou ?? undefined }, library).lines.map((l) => [l.insurance, l]));
              } catch (error) {
                if (!(error instanceof PolicyInputError)) throw error;
                lines = null;
                refused += 1;
              }
              for (const insurance of INSURANCES) {
                const at = expectedLine(ctx, city.code, month, wageFen, hukou, insurance);
                const line = lines?.get(insurance);
                const out = ctx.quote!.out;
                expect(at < 0 ? null : [out[at], out[at + 1], out[at + 2]], `${city.code} ${month} ${wageFen} ${hukou} ${insurance}`).toEqual(
                  line ? [line.baseFen, line.employerFen, line.employeeFen] : null,
                );
                compared += 1;
              }
            }
    expect(refused).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(10_000);
  });
});
