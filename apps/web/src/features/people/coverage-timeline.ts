import type { CoveragePeriod } from './people.api';

// The geometry of the coverage timeline, kept apart from drawing so it can be tested: which months
// the chart spans, one lane per city with its bars, and the gaps (断缴) between covered months.

/** "2026-03" -> a month index; months compare and subtract as integers. */
export function monthIndex(month: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthOfIndex(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export type TimelineBar = { from: string; to: string; open: boolean; start: number; end: number };
export type TimelineLane = { cityCode: string; bars: TimelineBar[] };
export type TimelineGap = { from: string; to: string; start: number; end: number; months: number };

export type Timeline = {
  /** First and last month drawn (inclusive), as indexes. */
  first: number;
  last: number;
  lanes: TimelineLane[];
  gaps: TimelineGap[];
};

/**
 * Lanes in the order each city was first covered; an open period runs to `currentMonth` (or to its
 * start if that is later). A gap is any run of months between the first covered month and the last
 * that no period covers, whatever the city: a move with a missing month is a gap, an overlap is not.
 */
export function buildTimeline(periods: readonly CoveragePeriod[], currentMonth: string): Timeline | null {
  if (periods.length === 0) return null;
  const now = monthIndex(currentMonth);
  const bars = [...periods]
    .map((p) => {
      const start = monthIndex(p.startMonth);
      const end = p.endMonth === null ? Math.max(start, now) : monthIndex(p.endMonth);
      return { cityCode: p.cityCode, bar: { from: p.startMonth, to: monthOfIndex(end), open: p.endMonth === null, start, end } };
    })
    .filter((b) => b.bar.end >= b.bar.start)
    .sort((a, b) => a.bar.start - b.bar.start);
  if (bars.length === 0) return null;

  const lanes: TimelineLane[] = [];
  for (const { cityCode, bar } of bars) {
    let lane = lanes.find((l) => l.cityCode === cityCode);
    if (!lane) lanes.push((lane = { cityCode, bars: [] }));
    lane.bars.push(bar);
  }

  const first = bars[0]!.bar.start;
  const last = Math.max(...bars.map((b) => b.bar.end));
  const gaps: TimelineGap[] = [];
  let coveredTo = first - 1;
  for (const { bar } of bars) {
    if (bar.start > coveredTo + 1) {
      const start = coveredTo + 1;
      const end = bar.start - 1;
      gaps.push({ from: monthOfIndex(start), to: monthOfIndex(end), start, end, months: end - start + 1 });
    }
    coveredTo = Math.max(coveredTo, bar.end);
  }
  return { first, last, lanes, gaps };
}

// Room a tick label needs: a month ("03") and a year's first month or the first month ("2025-01").
const MONTH_ROOM = 26;
const YEAR_ROOM = 48;

/**
 * Which months get a tick label at `monthWidth` pixels a month: the first month and each January
 * (as 2025-01), and every `step`-th month between (as 03), the step the smallest of 1, 2, 3 and 6
 * that leaves a label its room. A label that would run into the one before it is left out; a
 * January wins over the label before it.
 */
export function timelineTicks(first: number, months: number, monthWidth: number): number[] {
  const step = [1, 2, 3, 6].find((s) => s * monthWidth >= MONTH_ROOM);
  const long = (m: number) => m === first || m % 12 === 0;
  const ticks: number[] = [];
  for (let i = 0; i < months; i++) {
    const m = first + i;
    if (!long(m) && (step === undefined || i % step !== 0)) continue;
    const crowds = () => {
      const prev = ticks.at(-1);
      return prev !== undefined && (m - prev) * monthWidth < (long(prev) ? YEAR_ROOM : MONTH_ROOM);
    };
    if (m % 12 === 0) while (crowds()) ticks.pop();
    if (!crowds()) ticks.push(m);
  }
  return ticks;
}
