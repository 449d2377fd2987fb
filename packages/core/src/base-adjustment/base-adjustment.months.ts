// Month arithmetic on 'YYYY-MM' keys and the monthly wage of a wage history.

export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

export function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const addMonths = (month: string, n: number) => monthOf(monthIndex(month) + n);

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export interface WageStep {
  effectiveFrom: string;
  wageFen: number;
}

/** The wage in effect on the month's last day (steps sorted by date), or null before the first step. */
export function wageOn(steps: readonly WageStep[], month: string): number | null {
  const last = lastDayOf(month);
  let wage: number | null = null;
  for (const s of steps) if (s.effectiveFrom <= last) wage = s.wageFen;
  return wage;
}

/**
 * The monthly wages of a calendar year while employed (hired by the month's last day, not gone
 * before its first): what last year's average monthly wage is computed from.
 */
export function wagesOfYear(steps: readonly WageStep[], year: number, hireDate: string, terminationDate: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    if (hireDate > lastDayOf(month)) continue;
    if (terminationDate !== null && terminationDate < `${month}-01`) continue;
    const wage = wageOn(steps, month);
    if (wage !== null && wage > 0) out[month] = wage;
  }
  return out;
}
