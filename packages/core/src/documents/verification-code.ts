import { createHash, randomBytes } from 'node:crypto';

// A statement's verification code: 80 random bits in Crockford base32 (no I, L, O, U), shown as
// four groups of four (e.g. 7KQ2-M9XD-4TBA-R0VE). Only its SHA-256 is stored, so the table alone
// cannot produce a code that checks out.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new random code, formatted for print. */
export function newVerificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * The canonical form of a typed code (case, spaces and dashes ignored; O read as 0, I and L as 1),
 * or null when it cannot be a code.
 */
export function normalizeVerificationCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== 16) return null;
  for (const ch of plain) if (!ALPHABET.includes(ch)) return null;
  return plain;
}

/** SHA-256 of the canonical code: what the database keeps and looks up. */
export function verificationCodeHash(canonical: string): Buffer {
  return createHash('sha256').update(`lianxu-statement:${canonical}`).digest();
}
