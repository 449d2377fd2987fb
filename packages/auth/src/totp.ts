import { createTOTPKeyURI, generateHOTP, generateTOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import { randomBytes } from 'node:crypto';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

export function generateTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI('Lianxu', accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function totpSecretText(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}

/** The code of the current step (for tests and for showing the setup works). */
export function currentTotp(key: Uint8Array): string {
  return generateTOTP(key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/**
 * Checks a code against the previous, current and next 30-second step (clock drift), and returns
 * the step it matched so the caller can refuse the same code twice (RFC 6238 §5.2).
 */
export function matchTotpStep(key: Uint8Array, code: string, nowMs = Date.now()): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const step = Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
  for (const candidate of [step - 1, step, step + 1]) {
    // TOTP is HOTP over the step counter; checking steps explicitly lets us remember the one used.
    if (generateHOTP(key, BigInt(candidate), TOTP_DIGITS) === code) return candidate;
  }
  return undefined;
}

export function generateRecoveryCodes(count = 8): string[] {
  return Array.from({ length: count }, () => {
    const raw = encodeBase32UpperCaseNoPadding(randomBytes(10)).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): Uint8Array {
  return sha256(new TextEncoder().encode(code.trim().toUpperCase().replace(/[^A-Z2-7]/g, '')));
}
