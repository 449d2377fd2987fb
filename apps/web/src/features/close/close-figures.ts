import { DIFFERENCE_CLASSES, type CloseDifference, type DifferenceClass, type MonthClose } from './close.api';

// Figures the month page draws and says, computed from the API's answers (fen, integers).

export interface ClassTotals {
  class: DifferenceClass;
  count: number;
  /** What should have been: billed lines' expected employer + employee share; for a missing deduction, the employee share to withhold. */
  expectedFen: number;
  /** What the bureau billed (employer + employee); 0 for a missing deduction (the bill is not in question). */
  billedFen: number;
  /** What payroll withheld; only for a missing deduction. */
  deductedFen: number;
  /** The differences' amount (billed minus expected; for a missing deduction expected minus deducted). */
  amountFen: number;
}

/** Expected vs billed vs deducted per difference class, in the classes' fixed order, only classes present. */
export function totalsByClass(differences: readonly CloseDifference[]): ClassTotals[] {
  const by = new Map<DifferenceClass, ClassTotals>();
  for (const d of differences) {
    const t = by.get(d.class) ?? { class: d.class, count: 0, expectedFen: 0, billedFen: 0, deductedFen: 0, amountFen: 0 };
    t.count += 1;
    t.amountFen += d.amountFen;
    if (d.class === 'missing_deduction') {
      t.expectedFen += d.expectedEmployeeFen ?? 0;
      t.deductedFen += d.deductedFen ?? 0;
    } else {
      t.expectedFen += (d.expectedEmployerFen ?? 0) + (d.expectedEmployeeFen ?? 0);
      t.billedFen += (d.billedEmployerFen ?? 0) + (d.billedEmployeeFen ?? 0);
    }
    by.set(d.class, t);
  }
  return DIFFERENCE_CLASSES.flatMap((c) => (by.has(c) ? [by.get(c)!] : []));
}

/** Where a month is in its close, for the list's status column and the month page's next step. */
export type CloseStage = 'locked' | 'awaiting_bill' | 'awaiting_deductions' | 'to_match' | 'differences_open' | 'ready_to_lock';

export function stageOf(m: MonthClose): CloseStage {
  if (m.state === 'locked') return 'locked';
  if (!m.hasBill) return 'awaiting_bill';
  if (m.deductions === 0) return 'awaiting_deductions';
  if (!m.matchedAt) return 'to_match';
  return m.openDifferences > 0 ? 'differences_open' : 'ready_to_lock';
}

/** The month after `month` (YYYY-MM), where a correction is usually paid. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
