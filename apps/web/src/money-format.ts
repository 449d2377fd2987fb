// Display helpers for the exact decimal strings the API sends. String arithmetic only: a rate such
// as "0.098" must show as 9.8%, never 9.800000000000001%.
import { formatFen, parseYuanToFen } from '@lianxu/policy/money';

/** "35283.00" -> "35,283.00"; "-12.5" -> "-12.5". Anything not a plain decimal is shown as it is. */
export function formatYuan(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** "0.16" -> "16%", "0.098" -> "9.8%", "0.0535" -> "5.35%", "0" -> "0%". */
export function formatPercent(rate: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) return rate;
  const digits = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`;
  const point = m[1]!.length + 2;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** Today's month as YYYY-MM in local time. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** Integer fen as a yuan decimal string: 123456 -> "1234.56", -5 -> "-0.05" (yuan <-> fen is written once, in @lianxu/policy/money). */
export function yuanFromFen(fen: number): string {
  return formatFen(Math.round(fen));
}

/** "45.5" yuan -> 4550 fen; undefined for an empty box, NaN for anything else (more than two decimals, letters). */
export function fenFromYuanText(text: string): number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  // The box takes at most two decimals ("45.500" is refused, as the server refuses it).
  if (!/^\d+(?:\.\d{1,2})?$/.test(value)) return Number.NaN;
  return parseYuanToFen(value) ?? Number.NaN;
}
