const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Under this many days left a deadline shows in red (the legal limit is 30 days from hire). */
export const URGENT_DAYS = 5;

export type Countdown = {
  overdue: boolean;
  /** red: under URGENT_DAYS left, or overdue */
  urgent: boolean;
  days: number;
  hours: number;
  minutes: number;
};

/** Time from `now` to the instant a deadline passes, in whole days, hours and minutes (rounded down). */
export function countdown(deadlineIso: string, now: number): Countdown | null {
  const deadline = Date.parse(deadlineIso);
  if (Number.isNaN(deadline)) return null;
  const diff = deadline - now;
  const overdue = diff <= 0;
  const abs = Math.abs(diff);
  return {
    overdue,
    urgent: overdue || diff < URGENT_DAYS * DAY,
    days: Math.floor(abs / DAY),
    hours: Math.floor((abs % DAY) / HOUR),
    minutes: Math.floor((abs % HOUR) / 60_000),
  };
}
