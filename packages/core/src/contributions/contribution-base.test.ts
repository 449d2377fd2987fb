import { describe, expect, it } from 'vitest';
import { calculateContributions, getDefaultPolicyLibrary } from '@lianxu/policy';
import { contributionBaseOf } from './contribution-base';

describe('contributionBaseOf', () => {
  const library = getDefaultPolicyLibrary();

  it('gives the pension line base: a wage below the floor is raised to it', () => {
    const low = contributionBaseOf(library, { cityCode: '110100', month: '2024-08', wageFen: 100_000, hukou: 'local' });
    const pension = calculateContributions({ city: '110100', month: '2024-08', wageFen: 100_000, hukou: 'local' }, library).lines.find((l) => l.insurance === 'pension')!;
    expect(low).toEqual({ ok: true, baseFen: pension.baseFen });
    expect(pension.baseFen).toBeGreaterThan(100_000);
  });

  it('never answers with the wage when the policy cannot give a base: it says why', () => {
    const unknownCity = contributionBaseOf(library, { cityCode: '999999', month: '2024-08', wageFen: 850_000, hukou: 'local' });
    expect(unknownCity.ok).toBe(false);
    if (!unknownCity.ok) {
      expect(unknownCity.code).toBe('contribution_base_unavailable');
      expect(unknownCity.reason.en).toContain('999999');
      expect(unknownCity.reason['zh-CN']).toContain('999999');
    }
    const beforePolicy = contributionBaseOf(library, { cityCode: '110100', month: '2001-01', wageFen: 850_000, hukou: 'local' });
    expect(beforePolicy).toMatchObject({ ok: false, code: 'contribution_base_unavailable' });
  });
});
