import { describe, expect, it } from 'vitest';
import { calculateContributions } from './contribution.calculator';
import { formatFen, formatMicro, normalizeTypedAmount, parseMonthKey, parseRateToMicro, parseYuanToFen, roundingCode, roundMicroFen } from './money';
import { createPolicyLibrary } from './policy.library';
import { loadSources } from './policy.loader';
import { validatePolicyRecord } from './policy.validation';
import { rawRecord } from './test-fixtures';

const FEN = roundingCode('half-up-fen');
const YUAN = roundingCode('half-up-yuan');
const JIAO = roundingCode('up-jiao');

describe('rounding rules (amount given as fen x rate in millionths)', () => {
  it('half-up-fen: halves go up, below half goes down', () => {
    expect(roundMicroFen(17_641_500_000 / 1, FEN)).toBe(17_642); // 176.415 yuan -> 176.42
    expect(roundMicroFen(499_999, FEN)).toBe(0);
    expect(roundMicroFen(500_000, FEN)).toBe(1);
    expect(roundMicroFen(1_499_999, FEN)).toBe(1);
  });

  it('half-up-yuan: to whole yuan, 0.50 goes up', () => {
    expect(roundMicroFen(49_999_999, YUAN)).toBe(0);
    expect(roundMicroFen(50_000_000, YUAN)).toBe(100);
    expect(roundMicroFen(423_396_000_000, YUAN)).toBe(423_400); // 4233.96 -> 4234
    expect(roundMicroFen(258_447_000_000, YUAN)).toBe(258_400); // 2584.47 -> 2584
  });

  it('up-jiao (见分进角): any fen raises to the next jiao, whole jiao stay', () => {
    expect(roundMicroFen(0, JIAO)).toBe(0);
    expect(roundMicroFen(10_000_000, JIAO)).toBe(10); // 0.10 stays
    expect(roundMicroFen(10_000_001, JIAO)).toBe(20); // 0.10000001 -> 0.20
    expect(roundMicroFen(59_072_000_000, JIAO)).toBe(59_080); // 590.72 -> 590.80
    expect(roundMicroFen(3_692_000_000, JIAO)).toBe(3_700); // 36.92 -> 37.00
  });

  it('all three rules equal exact integer (BigInt) rounding up to the largest product, around every boundary', () => {
    const exact = (p: bigint, code: number): bigint => {
      if (code === FEN) return (p + 500_000n) / 1_000_000n;
      if (code === YUAN) return ((p + 50_000_000n) / 100_000_000n) * 100n;
      return ((p + 9_999_999n) / 10_000_000n) * 10n;
    };
    const max = 1_000_000_000n * 999_999n; // MAX_WAGE_FEN x the largest rate
    let seed = 12345;
    const rand = (n: bigint): bigint => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const hi = BigInt(seed);
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return ((hi << 31n) | BigInt(seed)) % n;
    };
    // Mismatches are collected and asserted once: an expect() per product made the test take
    // seconds on a loaded machine without checking anything more.
    const wrong: string[] = [];
    let checked = 0;
    for (const code of [FEN, YUAN, JIAO]) {
      for (const d of [1_000_000n, 10_000_000n, 100_000_000n]) {
        for (let i = 0; i < 3_000; i++) {
          const n = i < 10 ? max / d - BigInt(i) : rand(max / d);
          for (const p of [n * d - 1n, n * d, n * d + 1n, n * d + d / 2n - 1n, n * d + d / 2n, n * d + d / 2n + 1n, n * d + d - 1n]) {
            if (p < 0n || p > max) continue;
            checked++;
            const got = roundMicroFen(Number(p), code);
            const want = Number(exact(p, code));
            if (got !== want && wrong.length < 20) wrong.push(`rule ${code}, product ${p}: ${got}, exact ${want}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(150_000);
  });

  it('a record can set the rule per insurance and side', () => {
    // Beijing 2024 with the employee side of pension and unemployment switched to up-jiao.
    const raw = rawRecord('beijing-2024.yaml');
    raw.insurances.pension.employee.rounding = { rule: 'up-jiao', sources: ['R21'], grade: 'C' };
    raw.insurances.unemployment.employee.rounding = { rule: 'up-jiao', sources: ['R21'], grade: 'C' };
    raw.insurances.pension.employer.rounding = { rule: 'half-up-yuan', sources: ['R21'], grade: 'C' };
    const lib = createPolicyLibrary([validatePolicyRecord(raw, 'memory')], loadSources());
    const q = calculateContributions({ city: '北京', month: '2024-09', wage: '12345.67' }, lib);
    const [pension, , unemployment] = q.lines;
    expect(pension!.employeeFen).toBe(98_770); // 987.6536 -> 987.70 (up-jiao)
    expect(pension!.employerFen).toBe(197_500); // 1975.3072 -> 1975 (half-up-yuan)
    expect(unemployment!.employeeFen).toBe(6_180); // 61.72835 -> 61.80 (up-jiao)
    expect(unemployment!.employerFen).toBe(6_173); // unchanged: half-up-fen
  });
});

describe('parsing and formatting', () => {
  it('parses yuan strings to fen exactly', () => {
    expect(parseYuanToFen('35283')).toBe(3_528_300);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('12345.67')).toBe(1_234_567);
    expect(parseYuanToFen(' 8.05 ')).toBe(805);
    expect(parseYuanToFen('1.005')).toBeNull();
    expect(parseYuanToFen('-1')).toBeNull();
    expect(parseYuanToFen('1,00')).toBeNull(); // '1,000' is what people type: see below
    expect(parseYuanToFen('')).toBeNull();
  });

  it('parses rates to millionths exactly, also from JS numbers', () => {
    expect(parseRateToMicro('0.0535')).toBe(53_500);
    expect(parseRateToMicro(0.0535)).toBe(53_500);
    expect(parseRateToMicro(0.07)).toBe(70_000); // 0.07 is not exact in binary; its shortest decimal is
    expect(parseRateToMicro('0.00256')).toBe(2_560);
    expect(parseRateToMicro('0.0000001')).toBeNull();
    expect(parseRateToMicro(1e-7)).toBeNull();
  });

  it('formats fen and rates', () => {
    expect(formatFen(564_528)).toBe('5645.28');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(0)).toBe('0.00');
    expect(formatMicro(160_000)).toBe('0.16');
    expect(formatMicro(2_560)).toBe('0.00256');
    expect(formatMicro(0)).toBe('0');
  });

  it('accepts only real months', () => {
    expect(parseMonthKey('2024-07')).toBe(2024 * 12 + 6);
    expect(parseMonthKey('2024-13')).toBeNull();
    expect(parseMonthKey('2024-7')).toBeNull();
  });
});

describe('what people type', () => {
  it('reads amounts with thousands separators, full-width digits, ¥ and 元', () => {
    expect(parseYuanToFen('8,500')).toBe(850_000);
    expect(parseYuanToFen('８５００')).toBe(850_000);
    expect(parseYuanToFen('８，５００．５０')).toBe(850_050);
    expect(parseYuanToFen('¥12,345.67')).toBe(1_234_567);
    expect(parseYuanToFen('8500元')).toBe(850_000);
    expect(normalizeTypedAmount('1,234,567.8')).toBe('1234567.8');
  });
  it('refuses separators in the wrong places and other shapes', () => {
    for (const bad of ['8,50', '1,2345', '8.500,00', ',500', '8,500.', '1e3', '-8,500', '八千五']) expect(parseYuanToFen(bad)).toBeNull();
  });
  it('reads a rate typed as a percentage', () => {
    expect(parseRateToMicro('12%')).toBe(120_000);
    expect(parseRateToMicro('１２％')).toBe(120_000);
    expect(parseRateToMicro('0.5 %')).toBe(5_000);
    expect(parseRateToMicro('0.12')).toBe(120_000);
    expect(parseRateToMicro('12.34567%')).toBeNull();
    expect(parseRateToMicro('%')).toBeNull();
  });
});
