// GB 11643-1999 citizen identification number: 6-digit region, 8-digit birth date, 3-digit
// sequence, one MOD 11-2 check character (0-9 or X).
import { isRealDate } from '@lianxu/db';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level prefixes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao included). */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;

export type ResidentIdProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

/** The MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isBirthDate(yyyymmdd: string): boolean {
  return Number(yyyymmdd.slice(0, 4)) >= 1900 && isRealDate(`${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`);
}

/** Returns what is wrong with an ID number, or null when it is a well-formed GB 11643 number. */
export function residentIdProblem(idNumber: string): ResidentIdProblem | null {
  const value = idNumber.toUpperCase();
  if (!RESIDENT_ID_SHAPE.test(value)) return 'format';
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return 'region';
  if (!isBirthDate(value.slice(6, 14))) return 'birth_date';
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return 'check_digit';
  return null;
}
