import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** Session tokens are `<id>.<secret>`; only SHA-256(secret) is stored (Lucia's current guide). */
export interface NewSessionToken {
  id: string;
  secret: string;
  secretHash: Uint8Array;
  token: string;
}

function randomString(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function generateSessionToken(): NewSessionToken {
  const id = randomString(15);
  const secret = randomString(20); // 160 bits
  return { id, secret, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{32}$/.test(secret)) return undefined;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}
