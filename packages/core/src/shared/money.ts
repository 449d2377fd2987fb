// Money is integer fen; the API speaks yuan as decimal strings. The arithmetic of yuan <-> fen is
// written once, in @lianxu/policy/money; core keeps its bigint view for the wage columns.
import { formatFen, normalizeTypedAmount, parseYuanToFen } from '@lianxu/policy/money';

/** Yuan decimal string to integer fen, or null if not of the form 1234 or 1234.5 or 1234.56 (at most 12 digits of yuan). */
export function parseYuan(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  // What people type ("8,500", "８５００", "¥8500") in the plain form first.
  const text = normalizeTypedAmount(value);
  // The shape the API accepts (no "1234.500", no 13-digit amounts); parseYuanToFen does the sum.
  if (text === null || !/^\d{1,12}(?:\.\d{1,2})?$/.test(text)) return null;
  const fen = parseYuanToFen(text);
  return fen === null ? null : BigInt(fen);
}

/** Integer fen as a yuan decimal string: 123456 -> "1234.56". */
export function fenToYuan(fen: bigint | string | number): string {
  return formatFen(Number(fen));
}

/** A mobile number as lists show it: 138****5678. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '*'.repeat(mobile.length);
}
