// Overtime into the contribution base, in exact integer arithmetic: hours are kept in hundredths
// (centi-hours), money in fen, and the one division rounds half up to the fen.

/** 月计薪天数: 21.75 paid days a month (人社部发〔2008〕3号), as hundredths. */
const PAID_DAYS_CENTI = 2175n;
const HOURS_PER_DAY = 8n;

/** Hours as centi-hours ("7.5" or 7.5 -> 750); null unless a number in [0, 24] with at most two decimals. */
export function parseHours(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    // Spreadsheet numbers carry binary noise (8 - 0.7 = 7.3000000000000007): accept it, not a third decimal.
    const centi = Math.round(value * 100);
    if (!Number.isFinite(value) || Math.abs(value * 100 - centi) > 1e-6) return null;
    text = centi >= 0 ? formatHours(centi) : '-';
  } else if (typeof value === 'string') text = value.trim();
  else return null;
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return centi <= 2400 ? centi : null;
}

/** Centi-hours as a decimal string: 750 -> "7.50". */
export function formatHours(centi: number): string {
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

/** A numeric column ("7.50", "120.25") as centi-hours. */
export function centiFromNumeric(value: string | number): number {
  const [whole = '0', frac = ''] = String(value).split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}

function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * Overtime pay of a month in fen: hours × hourly rate × 1.5, the hourly rate being the tenant's
 * option or else the monthly wage / 21.75 / 8.
 *
 * @example
 * overtimePayFen(1000, 870_000); // 10 h at 8700 yuan a month: 10 × 50 × 1.5 = 750 yuan -> 75_000
 */
export function overtimePayFen(overtimeCentiHours: number, monthlyWageFen: number, hourlyRateFen?: number): number {
  const hours = BigInt(overtimeCentiHours);
  if (hourlyRateFen !== undefined) return Number(divideHalfUp(hours * BigInt(hourlyRateFen) * 3n, 100n * 2n));
  // centi/100 × wage / (2175/100) / 8 × 3/2  =  centi × wage × 3 / (2175 × 8 × 2)
  return Number(divideHalfUp(hours * BigInt(monthlyWageFen) * 3n, PAID_DAYS_CENTI * HOURS_PER_DAY * 2n));
}

export interface MonthFigures {
  month: string;
  wageFen: number;
  overtimeCentiHours: number;
}

export interface AverageBase {
  baseFen: number;
  months: (MonthFigures & { overtimePayFen: number })[];
}

/**
 * Last year's average monthly wage including overtime pay, over the months the employee was
 * employed; null when there is no such month (a new hire keeps the wage as the base).
 */
export function averageWageWithOvertime(months: MonthFigures[], hourlyRateFen?: number): AverageBase | null {
  if (!months.length) return null;
  const detailed = months.map((m) => ({ ...m, overtimePayFen: overtimePayFen(m.overtimeCentiHours, m.wageFen, hourlyRateFen) }));
  const total = detailed.reduce((sum, m) => sum + BigInt(m.wageFen) + BigInt(m.overtimePayFen), 0n);
  return { baseFen: Number(divideHalfUp(total, BigInt(detailed.length))), months: detailed };
}

/** `YYYY-MM` -> [first day, last day]. */
export function monthBounds(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

/** The twelve months of a calendar year. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
