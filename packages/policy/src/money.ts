// Exact money and rate arithmetic. Money is integer fen; rates are integer millionths ("micro").
// The repository's one implementation of yuan <-> fen (parseYuanToFen, formatFen); pure, no Node
// APIs, so the web app can import it as '@lianxu/policy/money'.
// Products fen x micro stay below 2^53 because wages are capped at MAX_WAGE_FEN (see below).

/** Rates are stored as integer millionths: 0.0535 -> 53_500. */
export const RATE_SCALE = 1_000_000;
/** Largest accepted monthly wage: 10,000,000.00 yuan. Keeps fen x micro below 2^53 (1e9 x 1e6 = 1e15). */
export const MAX_WAGE_FEN = 1_000_000_000;

export const ROUNDING_RULES = ['half-up-fen', 'half-up-yuan', 'up-jiao'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** Numeric codes used in compiled tables (hot path). */
export const ROUND_HALF_UP_FEN = 0;
export const ROUND_HALF_UP_YUAN = 1;
export const ROUND_UP_JIAO = 2;

export function roundingCode(rule: RoundingRule): number {
  return rule === 'half-up-fen' ? ROUND_HALF_UP_FEN : rule === 'half-up-yuan' ? ROUND_HALF_UP_YUAN : ROUND_UP_JIAO;
}

/**
 * Rounds p = fen x micro (an exact non-negative integer, at most MAX_WAGE_FEN x RATE_SCALE = 1e15,
 * in units of 1e-6 fen) to whole fen.
 *  - half-up-fen: to the fen, halves up.
 *  - half-up-yuan: to the yuan (100 fen), halves up.
 *  - up-jiao (见分进角): any remainder below a jiao (10 fen), however small, raises to the next jiao.
 * Exact without `%` (a slow floating-point remainder in V8): for an integer q <= 1e15 + 5e7 and
 * d in {1e6, 1e7, 1e8}, q / d is an integer or at least 1 / d away from one, while the correctly
 * rounded quotient (below 2^30, 2^27 and 2^24 respectively) is off by at most half a unit in the
 * last place (2^-24, 2^-27, 2^-30), far less than 1 / d; so floor/ceil see the exact quotient.
 * money.test.ts checks it against BigInt arithmetic around every kind of boundary.
 */
export function roundMicroFen(p: number, code: number): number {
  if (code === ROUND_HALF_UP_FEN) return Math.floor((p + 500_000) / 1_000_000);
  if (code === ROUND_HALF_UP_YUAN) return Math.floor((p + 50_000_000) / 100_000_000) * 100;
  return Math.ceil(p / 10_000_000) * 10;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal ("0.0535", "12", ".5" is rejected) into integer units of 10^-scale, or null. */
export function parseDecimalScaled(text: string, scale: number): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  if (frac.length > scale) {
    // Allow trailing zeros beyond the scale ("0.1200000"), nothing else.
    if (!/^0*$/.test(frac.slice(scale))) return null;
  }
  const fracPadded = (frac + '0'.repeat(scale)).slice(0, scale);
  const value = Number(intPart) * 10 ** scale + Number(fracPadded || '0');
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * What people type as an amount, in the plain form: full-width digits and punctuation ("８５００",
 * "８，５００．００"), thousands separators in their right places ("8,500", "12,345.67"), a leading ¥ or
 * ￥ and a trailing 元. Returns the plain decimal ("8500", "12345.67"), or null when it is not an amount
 * ("8,50", "1,2345", "8.500,00").
 */
export function normalizeTypedAmount(typed: string): string | null {
  let text = typed.normalize('NFKC').trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (text.includes(',')) {
    if (!/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text)) return null;
    text = text.replace(/,/g, '');
  }
  return DECIMAL.test(text) ? text : null;
}

/** A rate given as a decimal string or a JS number (via its shortest decimal form) -> micro, or null. */
export function parseRateToMicro(rate: string | number): number | null {
  if (typeof rate === 'number') {
    if (!Number.isFinite(rate) || rate < 0) return null;
    const text = String(rate);
    if (/e/i.test(text)) return null;
    return parseDecimalScaled(text, 6);
  }
  const plain = parseDecimalScaled(rate.trim(), 6);
  if (plain !== null) return plain;
  // What people type: "12%", "１２％", "0.5 %" (a percentage with at most 4 decimals), "０.１２".
  const typed = rate.normalize('NFKC').trim();
  const percent = /^(.*?)\s*%$/.exec(typed);
  return percent ? parseDecimalScaled(percent[1]!.trim(), 4) : parseDecimalScaled(typed, 6);
}

/**
 * "35283", "35283.5", "35283.50" -> fen; also what people type ("8,500", "８５００", "¥8,500.00").
 * Null when not a non-negative amount with at most 2 decimals.
 */
export function parseYuanToFen(yuan: string | number): number | null {
  const text = typeof yuan === 'number' ? (Number.isFinite(yuan) ? String(yuan) : '') : yuan.trim();
  if (/e/i.test(text)) return null;
  const plain = parseDecimalScaled(text, 2);
  if (plain !== null || typeof yuan === 'number') return plain;
  const typed = normalizeTypedAmount(text);
  return typed === null ? null : parseDecimalScaled(typed, 2);
}

/** 564528 -> "5645.28" */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** 53_500 -> "0.0535", 160_000 -> "0.16", 0 -> "0" */
export function formatMicro(micro: number): string {
  const whole = Math.floor(micro / RATE_SCALE);
  const frac = micro % RATE_SCALE;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/** Month key: months since year 0 (year * 12 + month - 1). "2024-07" -> 24294. */
export function parseMonthKey(month: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12 || year < 1900 || year > 2999) return null;
  return year * 12 + mon - 1;
}

export function formatMonthKey(key: number): string {
  const year = Math.floor(key / 12);
  const mon = (key % 12) + 1;
  return `${year}-${mon < 10 ? '0' : ''}${mon}`;
}
