import { describe, expect, it } from 'vitest';
import { lateHire } from './late-hire';

describe('lateHire', () => {
  it('is null up to the 30th day after the hire date', () => {
    expect(lateHire('2026-11-06', '2026-12-06')).toBeNull();
    expect(lateHire('2026-12-06', '2026-12-06')).toBeNull();
  });

  it('gives the passed deadline and the days since it', () => {
    expect(lateHire('2026-11-05', '2026-12-06')).toEqual({ deadlineDate: '2026-12-05', daysOverdue: 1 });
    expect(lateHire('2026-10-03', '2026-12-06')).toEqual({ deadlineDate: '2026-11-02', daysOverdue: 34 });
  });

  it('ignores what is not a date', () => {
    expect(lateHire('', '2026-12-06')).toBeNull();
    expect(lateHire('2026-13-40', '2026-12-06')).toBeNull();
  });
});
