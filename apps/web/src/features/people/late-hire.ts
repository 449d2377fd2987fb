// A hire entered after its enrollment deadline: the law gives 30 days from the hire date
// (社会保险法第五十八条), the same rule the API's deadline uses. Warned before saving, not after.

export const ENROLLMENT_DAYS = 30;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The passed deadline and the days since it, or null while the hire is still within it (or the date is not a date). */
export function lateHire(hireDate: string, today: string): { deadlineDate: string; daysOverdue: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(hireDate) || Number.isNaN(Date.parse(`${hireDate}T00:00:00Z`))) return null;
  const deadlineDate = addDays(hireDate, ENROLLMENT_DAYS);
  const daysOverdue = daysBetween(deadlineDate, today);
  return daysOverdue > 0 ? { deadlineDate, daysOverdue } : null;
}
