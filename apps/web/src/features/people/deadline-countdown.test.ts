import { describe, expect, it } from 'vitest';
import { countdown } from './deadline-countdown';

const deadline = '2026-04-01T16:00:00.000Z'; // end of 2026-04-01 in Asia/Shanghai
const at = (iso: string) => Date.parse(iso);

describe('countdown to a legal deadline', () => {
  it('counts whole days, hours and minutes left, not urgent at 5 days or more', () => {
    expect(countdown(deadline, at('2026-03-02T13:30:00.000Z'))).toEqual({ overdue: false, urgent: false, days: 30, hours: 2, minutes: 30 });
    expect(countdown(deadline, at('2026-03-27T16:00:00.000Z'))).toMatchObject({ urgent: false, days: 5, hours: 0 });
  });

  it('turns urgent under five days and stays so once overdue', () => {
    expect(countdown(deadline, at('2026-03-27T16:00:01.000Z'))).toMatchObject({ overdue: false, urgent: true, days: 4, hours: 23 });
    expect(countdown(deadline, at('2026-04-01T15:20:00.000Z'))).toMatchObject({ overdue: false, urgent: true, days: 0, hours: 0, minutes: 40 });
    expect(countdown(deadline, at('2026-04-01T16:00:00.000Z'))).toMatchObject({ overdue: true, urgent: true, days: 0 });
    expect(countdown(deadline, at('2026-04-03T19:00:00.000Z'))).toEqual({ overdue: true, urgent: true, days: 2, hours: 3, minutes: 0 });
  });

  it('answers null for a value that is not a date', () => {
    expect(countdown('soon', Date.now())).toBeNull();
  });
});
