// Check-digit validation of the two national identifiers Lianxu stores. Sources:
// ../shared/reference (GB 11643-1999 公民身份号码; GB 32100-2015 法人和其他组织统一社会信用代码编码规则).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
/** First two digits of GB/T 2260 province-level codes. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '91',
]);

export type IdNumberProblem = 'shape' | 'region' | 'birth_date' | 'check_digit';

/**
 * Checks an 18-character resident ID number (GB 11643): shape, province, a real birth date not in
 * the future, and the ISO 7064 MOD 11-2 check character. Returns null when valid.
 *
 * @example
 * idNumberProblem('11010519491231002X') // null
 */
export function idNumberProblem(value: string, today: string = new Date().toISOString().slice(0, 10)): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'shape';
  if (!PROVINCES.has(value.slice(0, 2))) return 'region';
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const parsed = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth || birth < '1900-01-01' || birth > today) return 'birth_date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === value[17] ? null : 'check_digit';
}

/** Upper-cases a trailing x and strips spaces, the forms HR commonly types. */
export function normalizeIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Shows the region and the last four characters only: 110***********002X. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The GB 32100 check character for the first 17 characters, or null if one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'shape' | 'check_char';

/** Validates a 统一社会信用代码 (18 characters, GB 32100 alphabet and check character). */
export function creditCodeProblem(value: string): CreditCodeProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return 'shape';
  return creditCodeCheckChar(value.slice(0, 17)) === value[17] ? null : 'check_char';
}

/** Whether a value is a UUID in its text form (any version; ids from requests are checked with it before a query): @lianxu/db's one check. */
export { isUuid } from '@lianxu/db';
