import { buildTimeline, monthIndex, monthOfIndex, type TimelineGap } from '../people/coverage-timeline';
import type { MyCoveragePeriod } from './me.api';

// The geometry of the employee's own timeline, one row per city and insurance, as percentages of
// the span drawn, so the figure is plain HTML that reflows to a phone's width (an SVG scaled down
// to 390 px would shrink its labels below reading size). Kept apart from drawing to be tested.

export type MyTimelineBar = { from: string; to: string; open: boolean; left: number; width: number };
export type MyTimelineRow = { insurance: string; bars: MyTimelineBar[] };
export type MyTimelineCity = { cityCode: string; rows: MyTimelineRow[] };
export type MyTimelineGap = TimelineGap & { left: number; width: number };

export type MyTimeline = {
  /** First and last month drawn (inclusive). */
  from: string;
  to: string;
  cities: MyTimelineCity[];
  gaps: MyTimelineGap[];
  /** Each January inside the span, with its position: the axis labels. */
  years: { year: string; left: number }[];
};

// A new hire's first month should read as one month, not as a full-width bar.
const MIN_MONTHS = 12;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Cities in the order each was first covered; in each city one row per insurance in the order the
 * API lists them. An open period runs to `currentMonth`. A gap is a run of months no period covers
 * between the first covered month and the last (the people module's rule, shared).
 */
export function buildMyTimeline(periods: readonly MyCoveragePeriod[], currentMonth: string): MyTimeline | null {
  const base = buildTimeline(periods, currentMonth);
  if (!base) return null;
  const first = Math.min(base.first, base.last - (MIN_MONTHS - 1));
  const span = base.last - first + 1;
  const left = (index: number) => round(((index - first) / span) * 100);
  const width = (start: number, end: number) => round(((end - start + 1) / span) * 100);
  const now = monthIndex(currentMonth);

  const cities: MyTimelineCity[] = [];
  const sorted = [...periods].sort((a, b) => a.startMonth.localeCompare(b.startMonth));
  for (const p of sorted) {
    const start = monthIndex(p.startMonth);
    const end = p.endMonth === null ? Math.max(start, now) : monthIndex(p.endMonth);
    if (end < start) continue;
    let city = cities.find((c) => c.cityCode === p.cityCode);
    if (!city) cities.push((city = { cityCode: p.cityCode, rows: [] }));
    for (const insurance of p.insurances) {
      let row = city.rows.find((r) => r.insurance === insurance);
      if (!row) city.rows.push((row = { insurance, bars: [] }));
      row.bars.push({ from: p.startMonth, to: monthOfIndex(end), open: p.endMonth === null, left: left(start), width: width(start, end) });
    }
  }

  const years: { year: string; left: number }[] = [];
  for (let m = first; m <= base.last; m++) if (m % 12 === 0) years.push({ year: monthOfIndex(m).slice(0, 4), left: left(m) });

  return {
    from: monthOfIndex(first),
    to: monthOfIndex(base.last),
    cities,
    gaps: base.gaps.map((g) => ({ ...g, left: left(g.start), width: width(g.start, g.end) })),
    years,
  };
}
