import { describe, expect, it } from 'vitest';
import { rateForApi } from './rate-input';

describe('a typed rate', () => {
  it('is a percentage with a % sign or from 1 up, a decimal below 1', () => {
    expect(rateForApi('12%')).toBe('12%');
    expect(rateForApi(' １２％ ')).toBe('12%');
    expect(rateForApi('12')).toBe('12%');
    expect(rateForApi('1')).toBe('1%');
    expect(rateForApi('0.5 %')).toBe('0.5 %');
    expect(rateForApi('0.12')).toBe('0.12');
    expect(rateForApi('0.004')).toBe('0.004');
    expect(rateForApi('  ')).toBeUndefined();
    // Anything else goes as typed, for the API to name.
    expect(rateForApi('twelve')).toBe('twelve');
  });
});
