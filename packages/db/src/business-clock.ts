/** A business date: an Asia/Shanghai calendar date, `YYYY-MM-DD`. */
export type BusinessDate = string;

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function businessDateOf(instant: Date): BusinessDate {
  return formatter.format(instant);
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
