// Month arithmetic on 'YYYY-MM' keys (a month's due date is the close's: money.ts dueDateIn).

export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  return monthFromIndex(monthIndex(month) + delta);
}

export function lastDayOfMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The months from `from` to `to`, both included (empty when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from), end = monthIndex(to); i <= end; i++) out.push(monthFromIndex(i));
  return out;
}

/** The last month an employee leaving on `lastWorkingDay` is covered (the city's cut-off day decides). */
export function lastCoveredMonth(lastWorkingDay: string, cutoffDay: number): string {
  const day = Number(lastWorkingDay.slice(8, 10));
  const month = lastWorkingDay.slice(0, 7);
  return day <= cutoffDay ? addMonths(month, -1) : month;
}

export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const n = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
  return n(to) - n(from);
}
