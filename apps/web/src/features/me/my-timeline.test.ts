import { describe, expect, it } from 'vitest';
import { buildMyTimeline } from './my-timeline';

const SI = ['pension', 'medical', 'unemployment', 'workInjury'];

describe('the employee timeline geometry', () => {
  it('draws one row per city and insurance, open periods up to this month, in percent of the span', () => {
    const tl = buildMyTimeline(
      [
        { cityCode: '310100', startMonth: '2024-01', endMonth: '2024-12', insurances: SI },
        { cityCode: '440300', startMonth: '2025-01', endMonth: null, insurances: [...SI, 'maternity'] },
      ],
      '2025-12',
    )!;
    expect(tl.from).toBe('2024-01');
    expect(tl.to).toBe('2025-12');
    expect(tl.cities.map((c) => c.cityCode)).toEqual(['310100', '440300']);
    expect(tl.cities[0]!.rows.map((r) => r.insurance)).toEqual(SI);
    expect(tl.cities[1]!.rows.map((r) => r.insurance)).toEqual([...SI, 'maternity']);
    // 24 months drawn: Shanghai fills the first half, Shenzhen the second, open to now.
    expect(tl.cities[0]!.rows[0]!.bars).toEqual([{ from: '2024-01', to: '2024-12', open: false, left: 0, width: 50 }]);
    expect(tl.cities[1]!.rows[4]!.bars).toEqual([{ from: '2025-01', to: '2025-12', open: true, left: 50, width: 50 }]);
    expect(tl.gaps).toEqual([]);
    expect(tl.years).toEqual([{ year: '2024', left: 0 }, { year: '2025', left: 50 }]);
  });

  it('marks a move with missing months as a gap across every row', () => {
    const tl = buildMyTimeline(
      [
        { cityCode: '310100', startMonth: '2024-01', endMonth: '2024-06', insurances: ['pension'] },
        { cityCode: '310100', startMonth: '2024-10', endMonth: '2024-12', insurances: ['pension'] },
      ],
      '2026-01',
    )!;
    expect(tl.cities).toHaveLength(1);
    expect(tl.cities[0]!.rows[0]!.bars.map((b) => [b.from, b.to])).toEqual([['2024-01', '2024-06'], ['2024-10', '2024-12']]);
    expect(tl.gaps.map((g) => [g.from, g.to, g.months])).toEqual([['2024-07', '2024-09', 3]]);
    expect(tl.gaps[0]!.left).toBe(50);
    expect(tl.gaps[0]!.width).toBe(25);
  });

  it('shows at least a year, so a first month is a narrow bar at the right end', () => {
    const tl = buildMyTimeline([{ cityCode: '310100', startMonth: '2026-12', endMonth: null, insurances: ['pension'] }], '2026-12')!;
    expect(tl.from).toBe('2026-01');
    expect(tl.cities[0]!.rows[0]!.bars[0]).toMatchObject({ left: 91.67, width: 8.33, open: true });
  });

  it('has nothing to draw without periods', () => {
    expect(buildMyTimeline([], '2026-12')).toBeNull();
  });
});
