import { describe, expect, it } from 'vitest';
import { buildTimeline, monthIndex, monthOfIndex, timelineTicks } from './coverage-timeline';

describe('coverage timeline geometry', () => {
  it('converts months to indexes and back across a year end', () => {
    expect(monthIndex('2026-01') - monthIndex('2025-12')).toBe(1);
    expect(monthOfIndex(monthIndex('2025-12') + 1)).toBe('2026-01');
  });

  it('runs an open period to the current month, one lane, no gap', () => {
    const tl = buildTimeline([{ cityCode: '310100', startMonth: '2026-03', endMonth: null }], '2026-05')!;
    expect(tl.lanes).toEqual([{ cityCode: '310100', bars: [{ from: '2026-03', to: '2026-05', open: true, start: monthIndex('2026-03'), end: monthIndex('2026-05') }] }]);
    expect(tl.gaps).toEqual([]);
    expect(monthOfIndex(tl.first)).toBe('2026-03');
    expect(monthOfIndex(tl.last)).toBe('2026-05');
  });

  it('a transfer that continues the next month leaves no gap; one with a missing month shows it', () => {
    const seamless = buildTimeline(
      [
        { cityCode: '440300', startMonth: '2026-05', endMonth: null },
        { cityCode: '310100', startMonth: '2026-01', endMonth: '2026-04' },
      ],
      '2026-06',
    )!;
    expect(seamless.lanes.map((l) => l.cityCode)).toEqual(['310100', '440300']);
    expect(seamless.gaps).toEqual([]);

    const broken = buildTimeline(
      [
        { cityCode: '310100', startMonth: '2025-10', endMonth: '2026-01' },
        { cityCode: '440300', startMonth: '2026-04', endMonth: null },
      ],
      '2026-06',
    )!;
    expect(broken.gaps).toEqual([{ from: '2026-02', to: '2026-03', start: monthIndex('2026-02'), end: monthIndex('2026-03'), months: 2 }]);
  });

  it('finds a gap inside one city and ignores overlaps between cities', () => {
    const tl = buildTimeline(
      [
        { cityCode: '310100', startMonth: '2025-01', endMonth: '2025-06' },
        { cityCode: '440300', startMonth: '2025-05', endMonth: '2025-08' },
        { cityCode: '310100', startMonth: '2025-10', endMonth: '2025-12' },
      ],
      '2026-06',
    )!;
    expect(tl.lanes).toHaveLength(2);
    expect(tl.lanes[0]!.bars).toHaveLength(2);
    expect(tl.gaps.map((g) => [g.from, g.to, g.months])).toEqual([['2025-09', '2025-09', 1]]);
    expect(monthOfIndex(tl.last)).toBe('2025-12');
  });

  it('has nothing to draw without periods', () => {
    expect(buildTimeline([], '2026-01')).toBeNull();
  });

  it('labels fewer months on a narrow figure, always the Januaries, and no two labels crowd each other', () => {
    const first = monthIndex('2025-05');
    const names = (ticks: number[]) => ticks.map(monthOfIndex);
    // Desktop (about 50 px a month over a year): every month.
    expect(timelineTicks(first, 12, 50)).toHaveLength(12);
    // A phone (about 19 px a month): every second month where the long labels leave room.
    const phone = timelineTicks(first, 12, 19);
    expect(names(phone)).toEqual(['2025-05', '2025-09', '2025-11', '2026-01']);
    // Four years on a phone: the Januaries only, far enough apart.
    const long = timelineTicks(monthIndex('2022-03'), 48, 5);
    expect(names(long)).toEqual(['2022-03', '2023-01', '2024-01', '2025-01', '2026-01']);
    for (const [ticks, width] of [[phone, 19], [long, 5]] as const) {
      for (let i = 1; i < ticks.length; i++) expect((ticks[i]! - ticks[i - 1]!) * width).toBeGreaterThanOrEqual(26);
    }
  });
});
