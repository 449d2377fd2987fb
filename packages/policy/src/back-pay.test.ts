import { describe, expect, it } from 'vitest';
import { PolicyInputError } from './errors';
import { planBackPay } from './back-pay';

// Beijing's 2025 figures (effective 2025-07, published 2025-09-18): pension floor 7,162, cap 35,811,
// employer 16%, employee 8%. July and August 2025 were paid on the 2024 base.
describe('planBackPay (补差 after a late July adjustment)', () => {
  it('recomputes each paid month at the new base; the difference per month and insurance, to the fen', () => {
    const plan = planBackPay({
      city: '110100',
      newWageFen: 1_200_000,
      paid: [
        { month: '2025-07', insurance: 'pension', baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 },
        { month: '2025-08', insurance: 'pension', baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 },
      ],
    });
    // by hand: (12,000 - 10,000) x 16% = 320.00 employer, x 8% = 160.00 employee, for each month
    expect(plan.lines).toEqual([
      expect.objectContaining({ month: '2025-07', insurance: 'pension', oldBaseFen: 1_000_000, newBaseFen: 1_200_000, employerDiffFen: 32_000, employeeDiffFen: 16_000 }),
      expect.objectContaining({ month: '2025-08', insurance: 'pension', oldBaseFen: 1_000_000, newBaseFen: 1_200_000, employerDiffFen: 32_000, employeeDiffFen: 16_000 }),
    ]);
    expect(plan.totals).toEqual({ employerFen: 64_000, employeeFen: 32_000 });
    expect(plan.unpriced).toEqual([]);
  });

  it('raises a base paid at the old floor to the new floor', () => {
    // 2024 floor 6,821 -> 2025 floor 7,162; 341 x 16% = 54.56, x 8% = 27.28
    const plan = planBackPay({
      city: '110100',
      newWageFen: 500_000,
      paid: [{ month: '2025-07', insurance: 'pension', baseFen: 682_100, employerFen: 109_136, employeeFen: 54_568 }],
    });
    expect(plan.lines).toEqual([expect.objectContaining({ newBaseFen: 716_200, employerDiffFen: 5_456, employeeDiffFen: 2_728 })]);
  });

  it('makes no line where nothing changed and a negative line (退费) where too much was paid', () => {
    const same = planBackPay({
      city: '110100',
      newWageFen: 1_000_000,
      paid: [{ month: '2025-07', insurance: 'pension', baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 }],
    });
    expect(same.lines).toEqual([]);
    const refund = planBackPay({
      city: '110100',
      newWageFen: 900_000,
      paid: [{ month: '2025-07', insurance: 'pension', baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 }],
    });
    expect(refund.lines[0]).toMatchObject({ employerDiffFen: -16_000, employeeDiffFen: -8_000 });
  });

  it('refuses bad input by field', () => {
    expect(() => planBackPay({ city: '110100', newWageFen: 0, paid: [{ month: '2025-13', insurance: 'pension', baseFen: -1, employerFen: 0, employeeFen: 0 }] })).toThrow(PolicyInputError);
    try {
      planBackPay({ city: '110100', newWageFen: 0, paid: [{ month: '2025-13', insurance: 'pension', baseFen: -1, employerFen: 0, employeeFen: 0 }] });
    } catch (e) {
      expect((e as PolicyInputError).issues.map((i) => i.field)).toEqual(['newWageFen', 'paid.0.month', 'paid.0.baseFen']);
    }
  });
});
