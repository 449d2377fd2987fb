import { describe, expect, it } from 'vitest';
import { businessToday } from './now';

describe('businessToday', () => {
  it('is the date in Shanghai, whatever the time zone of the browser', () => {
    expect(businessToday(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
    expect(businessToday(new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-05');
    expect(businessToday(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});
