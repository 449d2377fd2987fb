import { describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { currentTotp, generateTotpKey, hashRecoveryCode, matchTotpStep, generateRecoveryCodes } from './totp';

describe('TOTP (RFC 6238)', () => {
  it('accepts the current code and neighbours, refuses others', () => {
    const key = generateTotpKey();
    const now = Date.now();
    const step = Math.floor(now / 30000);
    expect(matchTotpStep(key, currentTotp(key), now)).toBe(step);
    expect(matchTotpStep(key, generateTOTP(key, 30, 6), now)).toBe(step);
    const wrong = String((Number(currentTotp(key)) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotpStep(key, wrong, now)).toBeUndefined();
    expect(matchTotpStep(key, 'abcdef', now)).toBeUndefined();
    expect(matchTotpStep(key, currentTotp(key), now + 5 * 60_000)).toBeUndefined();
  });

  it('matches the RFC 6238 SHA-1 test vector', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    // RFC 6238 Appendix B: T = 59 s gives 94287082 with 8 digits, so 287082 with 6.
    expect(matchTotpStep(key, '287082', 59_000)).toBe(1);
  });

  it('recovery codes are distinct and hashed the same however they are typed', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(8);
    expect(hashRecoveryCode(codes[0]!.toLowerCase())).toEqual(hashRecoveryCode(codes[0]!));
  });
});
