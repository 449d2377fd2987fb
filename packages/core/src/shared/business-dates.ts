// Pure date rules of the lifecycle. Business dates are Asia/Shanghai calendar dates (YYYY-MM-DD);
// instants are computed for that zone (UTC+8, no daylight saving).

// The real-date check and the one business-date type live in the plugin SDK, so core and plugins
// share a single copy.
export { BUSINESS_DATE_MAX, BUSINESS_DATE_MIN, businessDate, businessDateProblem, isRealDate } from '@lianxu/plugin-sdk';

import { SHANGHAI_OFFSET_MS } from '@lianxu/db';

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** Adds days to a calendar date. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The instant a Shanghai calendar day begins. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date of an instant, and its date-time to the minute (written once, in @lianxu/db). */
export { businessDateOf as shanghaiDate, businessDateTimeOf as shanghaiDateTime, SHANGHAI_OFFSET_MS } from '@lianxu/db';

/** YYYY-MM of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month before or after a YYYY-MM month. */
export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a YYYY-MM month. */
export function lastDayOfMonth(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/**
 * The day a stop must reach the bureau: the city's cut-off day of the month after the last
 * contribution month (clamped to that month's last day), or that month is charged too.
 *
 * @example
 * stopDeadlineDate('2026-02', 25) // '2026-03-25'
 */
export function stopDeadlineDate(lastContributionMonth: string, cutoffDay: number): string {
  const next = addMonths(lastContributionMonth, 1);
  const last = lastDayOfMonth(next);
  return Number(last.slice(8)) < cutoffDay ? last : `${next}-${String(cutoffDay).padStart(2, '0')}`;
}

/**
 * The enrollment deadlines of a hire. 社会保险法 第58条 gives 30 days from the hire date; counting
 * follows 民法典 第201条 (the first day is not counted), so the legal deadline is the end of the day
 * hireDate + 30, in Shanghai. HR is warned at the start of day hireDate + warnDay (default 25).
 *
 * @example
 * enrollmentDeadlines('2026-03-01', 25) // warnAt 2026-03-26T00:00+08, deadlineAt 2026-04-01T00:00+08
 */
export function enrollmentDeadlines(hireDate: string, warnDay = 25): { warnAt: Date; deadlineAt: Date; deadlineDate: string } {
  return {
    warnAt: startOfShanghaiDay(addDays(hireDate, warnDay)),
    deadlineAt: startOfShanghaiDay(addDays(hireDate, 31)),
    deadlineDate: addDays(hireDate, 30),
  };
}

/**
 * The last month an employee leaving on `lastWorkingDay` is covered: leaving on or before the
 * city's cut-off day ends contributions with the previous month, after it with this month. Never
 * earlier than the first covered month (`coveredFrom`), so a short employment still closes cleanly.
 *
 * @example
 * lastContributionMonth('2026-03-24', 25) // '2026-02'
 * lastContributionMonth('2026-03-26', 25) // '2026-03'
 */
export function lastContributionMonth(lastWorkingDay: string, cutoffDay = 25, coveredFrom?: string): string {
  const day = Number(lastWorkingDay.slice(8, 10));
  const month = day <= cutoffDay ? addMonths(monthOf(lastWorkingDay), -1) : monthOf(lastWorkingDay);
  return coveredFrom && month < coveredFrom ? coveredFrom : month;
}
