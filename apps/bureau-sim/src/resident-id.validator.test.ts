import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code.validator';
import { residentIdCheckChar, residentIdProblem } from './resident-id.validator';

describe('GB 11643 resident ID (MOD 11-2)', () => {
  // 11010519491231002X is the standard's own example; the others were checked by hand.
  it.each(['11010519491231002X', '11010119900307002X', '310101199003070019', '310115198506120034'])(
    'accepts %s',
    (id) => {
      expect(residentIdProblem(id)).toBeNull();
    },
  );

  it('accepts a lowercase x check character', () => {
    expect(residentIdProblem('11010519491231002x')).toBeNull();
  });

  it('computes the check character, including X for remainder 2', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(() => residentIdCheckChar('1101051949123100')).toThrow();
  });

  it('finds each kind of problem', () => {
    expect(residentIdProblem('310101199003070010')).toBe('check_digit');
    expect(residentIdProblem('110105194912310021')).toBe('check_digit');
    expect(residentIdProblem('31010119900230001X')).toBe('birth_date'); // 30 February
    expect(residentIdProblem('990101199003070019')).toBe('region');
    expect(residentIdProblem('440524188001010014')).toBe('birth_date'); // right check digit, born before 1900
    expect(residentIdProblem('31010119900307001')).toBe('format');
    expect(residentIdProblem('3101011990030700191')).toBe('format');
    expect(residentIdProblem('31010119900307001Y')).toBe('format');
  });

  it('catches every single-digit typo in a valid number', () => {
    const valid = '310101199003070019';
    for (let i = 0; i < 17; i += 1) {
      for (let d = 0; d <= 9; d += 1) {
        if (String(d) === valid[i]) continue;
        const typo = `${valid.slice(0, i)}${d}${valid.slice(i + 1)}`;
        expect(residentIdProblem(typo), typo).not.toBeNull();
      }
    }
  });
});

describe('GB 32100 unified social credit code (MOD 31)', () => {
  it('accepts valid codes and computes their check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91310000MA1FL1234Q')).toBe(true);
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, forbidden letters and lowercase', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });
});
