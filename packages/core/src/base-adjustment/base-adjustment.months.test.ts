import { describe, expect, it } from 'vitest';
import { addMonths, wageOn, wagesOfYear } from './base-adjustment.months';

describe('the wages last year\'s average is computed from', () => {
  const steps = [{ effectiveFrom: '2023-03-15', wageFen: 800_000 }, { effectiveFrom: '2024-07-01', wageFen: 1_300_000 }, { effectiveFrom: '2024-10-31', wageFen: 1_400_000 }];

  it('takes the wage in effect on each month\'s last day', () => {
    expect(wageOn(steps, '2023-02')).toBeNull();
    expect(wageOn(steps, '2023-03')).toBe(800_000);
    expect(wageOn(steps, '2024-10')).toBe(1_400_000);
  });

  it('counts only the months employed: hired by the last day, not gone before the first', () => {
    const year = wagesOfYear(steps, 2024, '2023-03-15', '2024-11-10');
    expect(Object.keys(year)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11']);
    expect(year['2024-06']).toBe(800_000);
    expect(year['2024-11']).toBe(1_400_000);
    expect(Object.keys(wagesOfYear(steps, 2023, '2023-03-15', null))[0]).toBe('2023-03');
    expect(wagesOfYear(steps, 2022, '2023-03-15', null)).toEqual({});
  });

  it('steps months across years', () => {
    expect(addMonths('2025-07', -1)).toBe('2025-06');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
  });
});
