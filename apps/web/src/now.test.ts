import { describe, expect, it } from 'vitest';
import { todayLocal } from './now';

describe('todayLocal', () => {
  it("is the Shanghai business date whatever the browser's zone", () => {
    expect(todayLocal(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
    // 17:00 UTC is already 01:00 on the 5th in Shanghai: a hire made "today" is dated the 5th.
    expect(todayLocal(new Date('2026-12-04T17:00:00Z'))).toBe('2026-12-05');
    expect(todayLocal(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
});
