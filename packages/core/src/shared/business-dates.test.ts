import { describe, expect, it } from 'vitest';
import { addMonths, enrollmentDeadlines, lastContributionMonth, lastDayOfMonth, shanghaiDate, stopDeadlineDate } from './business-dates';

describe('enrollment deadlines', () => {
  it('ends the 30th day after the hire date at midnight Shanghai; warns on day 25', () => {
    const d = enrollmentDeadlines('2026-03-01', 25);
    expect(d.deadlineDate).toBe('2026-03-31');
    expect(d.deadlineAt.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(d.warnAt.toISOString()).toBe('2026-03-25T16:00:00.000Z');
    expect(shanghaiDate(d.warnAt)).toBe('2026-03-26');
  });
  it('crosses month and year ends', () => {
    expect(enrollmentDeadlines('2026-12-15').deadlineDate).toBe('2027-01-14');
    expect(enrollmentDeadlines('2028-02-01').deadlineDate).toBe('2028-03-02');
  });
});

describe('last contribution month by the cut-off day', () => {
  it('on or before the cut-off ends with the previous month, after it with this month', () => {
    expect(lastContributionMonth('2026-03-24', 25)).toBe('2026-02');
    expect(lastContributionMonth('2026-03-25', 25)).toBe('2026-02');
    expect(lastContributionMonth('2026-03-26', 25)).toBe('2026-03');
    expect(lastContributionMonth('2026-01-10', 15)).toBe('2025-12');
  });
  it('never ends before the first covered month', () => {
    expect(lastContributionMonth('2026-03-10', 25, '2026-03')).toBe('2026-03');
  });
  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });
});

describe('stopDeadlineDate', () => {
  it('is the cut-off day of the month after the last contribution month, clamped to that month', () => {
    expect(stopDeadlineDate('2026-02', 25)).toBe('2026-03-25');
    expect(stopDeadlineDate('2026-12', 15)).toBe('2027-01-15');
    expect(stopDeadlineDate('2026-01', 31)).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
  });
});
