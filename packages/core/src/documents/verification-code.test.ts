import { describe, expect, it } from 'vitest';
import { newVerificationCode, normalizeVerificationCode, verificationCodeHash } from './verification-code';

describe('verification codes', () => {
  it('are four groups of four, random, and read back as typed', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newVerificationCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(normalizeVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code.replace(/-/g, ''));
    }
  });

  it('reads O as 0 and I, L as 1; refuses what cannot be a code', () => {
    expect(normalizeVerificationCode('OIL0-0000-0000-0000')).toBe('0110000000000000');
    expect(normalizeVerificationCode('7KQ2-M9XD-4TBA')).toBeNull();
    expect(normalizeVerificationCode('7KQ2-M9XD-4TBA-R0VU')).toBeNull();
    expect(normalizeVerificationCode('')).toBeNull();
  });

  it('hashes the canonical form only', () => {
    expect(verificationCodeHash('0110000000000000')).toHaveLength(32);
    expect(verificationCodeHash('0110000000000000').equals(verificationCodeHash('0110000000000001'))).toBe(false);
  });
});
