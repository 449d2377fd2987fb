import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, idNumberProblem, isUuid, maskIdNumber, normalizeIdNumber } from './identifiers';

describe('GB 11643 resident ID numbers', () => {
  it('accepts the standard example and rejects a wrong check digit', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
  });
  it('names the problem: shape, region, birth date', () => {
    expect(idNumberProblem('1101051949123100')).toBe('shape');
    expect(idNumberProblem('99010519491231002X')).toBe('region');
    expect(idNumberProblem('110105194902300020', '2026-01-01')).toBe('birth_date');
    expect(idNumberProblem('110105209912310020', '2026-01-01')).toBe('birth_date');
  });
  it('normalizes and masks', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts published codes and rejects a changed check character', () => {
    // Check characters of codes printed on public business licences.
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check_char');
    expect(creditCodeProblem('91350100M000100Y4I')).toBe('shape');
  });
  it('computes the check character (31 - sum mod 31, 31 meaning 0)', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91350100M000100YI')).toBeNull();
  });
});

describe('isUuid', () => {
  it('accepts a UUID in either case and nothing else', () => {
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(true);
    for (const bad of ['', '0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5b-d9cb-469f-a165-70867728950e ', "0f8fad5b-d9cb-469f-a165-70867728950e' or 1=1", 42, null, undefined])
      expect(isUuid(bad)).toBe(false);
  });
});
