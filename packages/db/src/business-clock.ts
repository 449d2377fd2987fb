/** A business date: an Asia/Shanghai calendar date, `YYYY-MM-DD`. */
export type BusinessDate = string;

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

// Asia/Shanghai is UTC+8 with no daylight saving (none since 1991): plain arithmetic, several
// times cheaper than Intl on the hot paths that stamp business dates.
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date of an instant: the repository's one "Shanghai date". */
export function businessDateOf(instant: Date): BusinessDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Asia/Shanghai shows it to the minute, `YYYY-MM-DD HH:mm` (documents' issue times). */
export function businessDateTimeOf(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whether a value is a real calendar date written YYYY-MM-DD (no 2026-02-30): the repository's one check. */
export function isRealDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The one source of "now" and "today" for business rules. Production uses the wall clock; tests
 * fix or shift it so that deadlines counted from business dates can be reached without waiting.
 *
 * @example
 * const clock = createBusinessClock({ fixed: new Date('2025-03-01T02:00:00Z') });
 * clock.today(); // '2025-03-01'
 */
export interface BusinessClock {
  now(): Date;
  today(): BusinessDate;
}

export function createBusinessClock(options: { fixed?: Date; offsetMs?: number } = {}): BusinessClock {
  const now = () => (options.fixed ? new Date(options.fixed) : new Date(Date.now() + (options.offsetMs ?? 0)));
  return { now, today: () => businessDateOf(now()) };
}
