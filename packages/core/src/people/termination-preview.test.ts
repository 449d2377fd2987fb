import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary } from '@lianxu/policy';
import { monthlyCostOf } from './termination-preview.use-case';

// The cost a termination preview shows: the policy engine's month, or no amount with the data missing.
describe('monthlyCostOf', () => {
  const library = getDefaultPolicyLibrary();

  it('gives the employer and employee totals of the month', () => {
    const cost = monthlyCostOf(library, { cityCode: '310100', cityName: '上海', month: '2026-02', wageFen: 850_000, hukou: 'local' });
    const quote = calculateContributions({ city: '310100', month: '2026-02', wageFen: 850_000, hukou: 'local' }, library);
    expect(cost).toMatchObject({ wage: '8500.00', employer: (quote.totals.employerFen / 100).toFixed(2), employee: (quote.totals.employeeFen / 100).toFixed(2), unavailable: null });
  });

  it('gives no amount, and names what is missing, where the library cannot price the month', () => {
    const cost = monthlyCostOf(library, { cityCode: '510100', cityName: '成都', month: '2026-03', wageFen: 850_000, hukou: 'local' });
    expect(cost.employer).toBeNull();
    expect(cost.employee).toBeNull();
    expect(cost.unavailable?.['zh-CN']).toMatch(/^无法计算：/);
    expect(cost.unavailable?.['zh-CN']).toMatch(/成都|政策/);
  });

  it('gives no amount for a month before any policy record', () => {
    const cost = monthlyCostOf(library, { cityCode: '310100', cityName: '上海', month: '1990-01', wageFen: 850_000, hukou: 'local' });
    expect(cost).toMatchObject({ employer: null, employee: null });
    expect(cost.unavailable?.en).toMatch(/^Cannot be computed: /);
  });
});
