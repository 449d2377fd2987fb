import { addMonths, lastCoveredMonth, monthIndex } from './months';
import type { EmployeeRiskFacts } from './risk-rule.types';

// Derived facts several rules share.

export const currentMonthOf = (today: string) => today.slice(0, 7);

/** The last month the employee is owed coverage: the current month while employed, else the last covered month of the leave. */
export function lastEmployedMonth(f: EmployeeRiskFacts, today: string): string {
  const current = currentMonthOf(today);
  if (!f.terminationDate) return current;
  const hireMonth = f.hireDate.slice(0, 7);
  const last = lastCoveredMonth(f.terminationDate, f.cutoffDay);
  const bounded = last < hireMonth ? hireMonth : last;
  return bounded < current ? bounded : current;
}

/** The wage in effect in `month` (the last change on or before its last day). */
export function wageIn(f: EmployeeRiskFacts, month: string): number {
  let fen = f.wages.length ? f.wages[0]!.fen : f.wageFen;
  for (const w of f.wages) if (w.from.slice(0, 7) <= month) fen = w.fen;
  return fen;
}

/** The twelve 'YYYY-MM' keys of a year, built once per year (the scan asks for the same year 100,000 times). */
const yearMonths = new Map<number, string[]>();
function monthsOfYear(year: number): string[] {
  let months = yearMonths.get(year);
  if (!months) yearMonths.set(year, (months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)));
  return months;
}

/** Wages by month of one calendar year, only months the employee was employed. */
export function wagesOfYear(f: EmployeeRiskFacts, year: number): Record<string, number> {
  const out: Record<string, number> = {};
  const hireMonth = f.hireDate.slice(0, 7);
  const leaveMonth = f.terminationDate ? f.terminationDate.slice(0, 7) : null;
  // One walk over the months and the (ascending) wage history together.
  let w = 0;
  let fen = f.wages.length ? f.wages[0]!.fen : f.wageFen;
  for (const month of monthsOfYear(year)) {
    while (w < f.wages.length && f.wages[w]!.from.slice(0, 7) <= month) fen = f.wages[w++]!.fen;
    if (month < hireMonth || (leaveMonth !== null && month > leaveMonth)) continue;
    out[month] = fen;
  }
  return out;
}

const PENDING = new Set(['pending_approval', 'submitting', 'submitted', 'rejected']);

/** Per city: the enrollment that is neither confirmed nor cancelled (the latest attempt), if any. */
export function pendingEnrollments(f: EmployeeRiskFacts): { cityCode: string; month: string; status: string }[] {
  // Most employees have nothing pending: answer without building the sets.
  if (!f.tasks.some((t) => t.kind === 'enrollment' && PENDING.has(t.status))) return [];
  const byCity = new Map<string, { cityCode: string; month: string; status: string }>();
  const confirmed = new Set(f.tasks.filter((t) => t.kind === 'enrollment' && t.status === 'confirmed').map((t) => `${t.cityCode}|${t.month}`));
  for (const t of f.tasks) {
    if (t.kind !== 'enrollment' || !PENDING.has(t.status) || confirmed.has(`${t.cityCode}|${t.month}`)) continue;
    const prev = byCity.get(t.cityCode);
    if (!prev || t.month < prev.month) byCity.set(t.cityCode, { cityCode: t.cityCode, month: t.month, status: t.status });
  }
  return [...byCity.values()];
}

/**
 * The base in force in a city: the confirmed enrollment (or base declaration) from the latest month;
 * of two from the same month, the one filed later (tasks come in the order filed), so a base
 * corrected within the month replaces the wrong one.
 */
export function currentBase(f: EmployeeRiskFacts, cityCode: string): { baseFen: number; month: string } | null {
  let best: { baseFen: number; month: string } | null = null;
  for (const t of f.tasks) {
    if (t.kind !== 'enrollment' || t.status !== 'confirmed' || t.cityCode !== cityCode || t.baseFen === null) continue;
    if (!best || t.month >= best.month) best = { baseFen: t.baseFen, month: t.month };
  }
  return best;
}

/** The open coverage period (or the one covering this month). */
export function coveringPeriod(f: EmployeeRiskFacts, month: string) {
  return f.periods.find((p) => p.startMonth <= month && (p.endMonth === null || month <= p.endMonth)) ?? null;
}

export function monthsCount(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

export { addMonths };
