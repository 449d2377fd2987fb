import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateContributions } from './contribution.calculator';
import { rawRecord } from './test-fixtures';

// The oracle reads the raw YAML strings and does exact rational arithmetic with BigInt, sharing no
// code with the engine (no micro rates, no roundMicroFen).

/** "0.0535" -> [535n, 10000n]; "6821" -> [6821n, 1n] */
function rational(text: string): [bigint, bigint] {
  const [int, frac = ''] = text.split('.');
  return [BigInt(int! + frac), 10n ** BigInt(frac.length)];
}
const yuanToFen = (text: string): bigint => {
  const [n, d] = rational(text);
  return (n * 100n) / d;
};

/** Rounds base(fen) x num/den to fen by the named rule. */
function oracleRound(base: bigint, [num, den]: [bigint, bigint], rule: string): bigint {
  const x = base * num; // exact amount in fen = x / den
  if (rule === 'half-up-fen') return (2n * x + den) / (2n * den);
  if (rule === 'half-up-yuan') return ((2n * x + 100n * den) / (200n * den)) * 100n;
  if (rule === 'up-jiao') return ((x + 10n * den - 1n) / (10n * den)) * 10n;
  throw new Error(rule);
}

interface OracleSide {
  rates: [bigint, bigint][]; // parts, each rounded separately
  fixed: bigint;
  rule: string;
}

function side(raw: any, hukou: string, chosen: string | null, defaultRule: string): OracleSide {
  const rule: string = raw.rounding?.rule ?? defaultRule;
  const fixed = raw.fixed ? yuanToFen(raw.fixed.value) : 0n;
  if (chosen !== null) return { rates: [rational(chosen)], fixed, rule };
  if (raw.parts) return { rates: raw.parts.map((p: any) => rational(p.value)), fixed, rule };
  if (raw.rate.byHukou) return { rates: [rational(raw.rate.byHukou[hukou === 'local' ? 'local' : 'nonLocal'].value)], fixed, rule };
  return { rates: [rational(raw.rate.value)], fixed, rule };
}

const sideAmount = (base: bigint, s: OracleSide) => s.rates.reduce((sum, r) => sum + oracleRound(base, r, s.rule), 0n) + s.fixed;

const CITIES = [
  { city: '110100', file: 'beijing-2024.yaml', hf: [5, 12] },
  { city: '310100', file: 'shanghai-2024.yaml', hf: [5, 7] },
  { city: '440100', file: 'guangzhou-2024.yaml', hf: [5, 12] },
  { city: '440300', file: 'shenzhen-2024.yaml', hf: [5, 12] },
] as const;

describe('property: every line equals rate x clamped base, rounded by the rule, within floor and cap', () => {
  it('holds for random wages, cities, hukou, months, work-injury and housing-fund rates', () => {
    const raws = new Map(CITIES.map((c) => [c.city, rawRecord(c.file)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...CITIES),
        fc.oneof(fc.integer({ min: 1, max: 6_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 })),
        fc.constantFrom('local', 'non-local'),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 7 }),
        (c, wageFen, hukou, monthIx, injuryStep, hfStep) => {
          const raw = raws.get(c.city);
          // July..December 2024: every insurance of these cities uses the 2024 record's own figures then
          // (Guangdong's medical switches to its 2025 calendar-year figures in January).
          const month = `2024-${String((monthIx % 6) + 7).padStart(2, '0')}`;
          const wi = raw.insurances.workInjury.employer.rateRange;
          const [wMinN, wMinD] = rational(wi.min.value);
          const [wMaxN, wMaxD] = rational(wi.max.value);
          // a rate on a 1e-6 grid inside [min, max]
          const minMicro = (wMinN * 1_000_000n) / wMinD;
          const maxMicro = (wMaxN * 1_000_000n) / wMaxD;
          const injuryMicro = minMicro + ((maxMicro - minMicro) * BigInt(injuryStep)) / 1000n;
          const injuryRate = `0.${injuryMicro.toString().padStart(6, '0')}`;
          const hfPercent = c.hf ? c.hf[0] + (hfStep % (c.hf[1] - c.hf[0] + 1)) : null;
          const hfRate = hfPercent === null ? null : `0.${String(hfPercent).padStart(2, '0')}`;

          const q = calculateContributions({ city: c.city, month, wageFen, hukou, injuryRate, ...(hfRate ? { housingFundRate: hfRate } : {}) });
          expect(q.policyId).toBe(`${c.city}-2024-r${raw.revision}`);
          expect(q.provisional).toBe(false);

          let erTotal = 0n;
          let eeTotal = 0n;
          for (const line of q.lines) {
            const spec = line.insurance === 'housingFund' ? raw.housingFund : raw.insurances[line.insurance];
            const defaultRule = line.insurance === 'housingFund' ? 'half-up-yuan' : 'half-up-fen';
            const floor = yuanToFen(spec.floor.value);
            const cap = spec.cap.notApplicable ? null : yuanToFen(spec.cap.value);
            const wage = BigInt(wageFen);
            const base = wage < floor ? floor : cap !== null && wage > cap ? cap : wage;
            const er = side(spec.employer, hukou, line.insurance === 'workInjury' ? injuryRate : line.insurance === 'housingFund' ? hfRate : null, defaultRule);
            const ee = side(spec.employee, hukou, line.insurance === 'housingFund' ? hfRate : null, defaultRule);
            expect(BigInt(line.baseFen)).toBe(base);
            expect(BigInt(line.employerFen)).toBe(sideAmount(base, er));
            expect(BigInt(line.employeeFen)).toBe(sideAmount(base, ee));
            // bounds: never below the floor's amount, never above the cap's
            expect(BigInt(line.employerFen)).toBeGreaterThanOrEqual(sideAmount(floor, er));
            expect(BigInt(line.employeeFen)).toBeGreaterThanOrEqual(sideAmount(floor, ee));
            if (cap !== null) {
              expect(BigInt(line.employerFen)).toBeLessThanOrEqual(sideAmount(cap, er));
              expect(BigInt(line.employeeFen)).toBeLessThanOrEqual(sideAmount(cap, ee));
            }
            erTotal += BigInt(line.employerFen);
            eeTotal += BigInt(line.employeeFen);
          }
          expect(BigInt(q.totals.employerFen)).toBe(erTotal);
          expect(BigInt(q.totals.employeeFen)).toBe(eeTotal);
          // every insurance of the record is either a line or named as missing (or not applicable)
          const named = new Set([...q.lines.map((l) => l.insurance), ...q.missing.map((m) => m.insurance)]);
          for (const name of ['pension', 'medical', 'unemployment', 'workInjury'] as const) expect(named.has(name)).toBe(true);
          expect(q.complete).toBe(q.missing.length === 0);
        },
      ),
      { numRuns: 3000 },
    );
  }, 30_000); // 3000 runs take ~1 s on an idle core; the shared machine can be 5x slower
});
