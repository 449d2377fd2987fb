import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary, INSURANCES, MAX_WAGE_FEN, PolicyInputError } from '@lianxu/policy';
import { checkRosterRow, expectedLine, type Finding, type RuleContext } from './migration.rules';
import { entityForCity } from './migration.entities';

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

describe('the employing entity of a roster row', () => {
  const headers = ['姓名', '证件号码', '参保城市', '入职日期', '月工资'];
  const cols = { name: 0, idNumber: 1, city: 2, hireDate: 3, wage: 4 };
  const entities = new Map([['310100', ['e-sh']], ['440100', ['e-gz-1', 'e-gz-2']]]);
  const check = (city: string) => {
    const found: Omit<Finding, 'file' | 'row'>[] = [];
    const ctx: RuleContext = { library: getDefaultPolicyLibrary(), today: '2026-12-01', roster: new Map(), seen: new Map(), entities };
    const row = checkRosterRow(['王伟', '11010519491231002X', city, '2024-07-01', '8000.00'], cols, headers, 3, ctx, (column, level, outcome, code, zh, en) => found.push({ column, level, outcome, code, zh, en }));
    return { row, found };
  };

  it('accepts a row whose city has exactly one registered entity, and quarantines one with none or several, naming the city column', () => {
    expect(check('上海')).toMatchObject({ row: { cityCode: '310100' }, found: [] });
    const none = check('北京');
    expect(none.row).toBeNull();
    expect(none.found).toEqual([expect.objectContaining({ column: '参保城市', level: 'reference', outcome: 'quarantined', code: 'entity_not_registered', zh: expect.stringContaining('北京') })]);
    expect(check('广州').found.map((f) => f.code)).toEqual(['entity_ambiguous']);
  });

  it('gives promotion only the registered entity, never a guess', () => {
    expect(entityForCity(entities, '310100')).toBe('e-sh');
    expect(() => entityForCity(entities, '110100')).toThrow(/no registered employing entity/);
    expect(() => entityForCity(entities, '440100')).toThrow(/more than one/);
  });
});
