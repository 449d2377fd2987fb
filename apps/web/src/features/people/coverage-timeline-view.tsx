import { createSignal, For, onCleanup, Show } from 'solid-js';
import { buildTimeline, monthOfIndex, timelineTicks } from './coverage-timeline';
import { t } from '../../i18n';
import { currentMonth } from '../../money-format';
import type { CoveragePeriod } from './people.api';

// Drawn in CSS pixels at the width of its box (a resize redraws it), so its text keeps its size on a
// phone; 720 until the box is measured. At least a year is shown so a new hire's first month reads
// as a month, not as a full-width bar.
const DEFAULT_WIDTH = 720;
const LABEL = 100;
const NARROW_LABEL = 64;
const RIGHT = 12;
const AXIS = 26;
const LANE = 30;
const BAR = 18;
const MIN_MONTHS = 12;

/**
 * Coverage per city as bars over months, with every gap (断缴) between covered months as a red
 * band across all cities; the list below says the same in words.
 */
export function CoverageTimeline(props: { periods: readonly CoveragePeriod[]; cityLabel: (code: string) => string }) {
  const timeline = () => buildTimeline(props.periods, currentMonth());
  const [width, setWidth] = createSignal(DEFAULT_WIDTH);
  const measure = (box: SVGSVGElement) => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (box.clientWidth > 0) setWidth(Math.round(box.clientWidth));
    });
    observer.observe(box);
    onCleanup(() => observer.disconnect());
  };

  return (
    <Show when={timeline()} fallback={<p class="empty" data-testid="coverage-empty">{t('coverage.none')}</p>}>
      {(tl) => {
        const first = () => Math.min(tl().first, tl().last - (MIN_MONTHS - 1));
        const months = () => tl().last - first() + 1;
        const label = () => (width() < 480 ? NARROW_LABEL : LABEL);
        const monthWidth = () => (width() - label() - RIGHT) / months();
        const x = (index: number) => label() + (index - first()) * monthWidth();
        const height = () => AXIS + tl().lanes.length * LANE + 6;
        const ticks = () => timelineTicks(first(), months(), monthWidth());
        const tickLabel = (m: number) => {
          const month = monthOfIndex(m);
          return m % 12 === 0 || m === first() ? month : month.slice(5);
        };
        const summary = () =>
          t('coverage.figureLabel', { periods: props.periods.length, gaps: tl().gaps.length });

        return (
          <figure class="timeline card" data-testid="coverage-timeline" data-gaps={tl().gaps.length}>
            <figcaption class="chart-title">{t('coverage.title')}</figcaption>
            <svg
              ref={measure}
              class="timeline-svg"
              viewBox={`0 0 ${width()} ${height()}`}
              role="img"
              aria-label={summary()}
              preserveAspectRatio="xMinYMin meet"
            >
              <For each={ticks()}>
                {(m) => (
                  <g>
                    <line class="timeline-grid" x1={x(m)} x2={x(m)} y1={AXIS - 6} y2={height() - 4} />
                    <text class={`timeline-tick${m % 12 === 0 ? ' timeline-tick-year' : ''}`} x={x(m) + 2} y={AXIS - 10}>
                      {tickLabel(m)}
                    </text>
                  </g>
                )}
              </For>
              <For each={tl().lanes}>
                {(lane, i) => (
                  <g data-testid="coverage-lane" data-city={lane.cityCode}>
                    <text class="timeline-label" x={0} y={AXIS + i() * LANE + LANE / 2 + 4}>
                      {props.cityLabel(lane.cityCode)}
                    </text>
                    <For each={lane.bars}>
                      {(bar) => (
                        <rect
                          class={`timeline-bar${bar.open ? ' timeline-bar-open' : ''}`}
                          data-testid="coverage-bar"
                          data-from={bar.from}
                          data-to={bar.open ? '' : bar.to}
                          x={x(bar.start) + 1}
                          y={AXIS + i() * LANE + (LANE - BAR) / 2}
                          width={Math.max(2, (bar.end - bar.start + 1) * monthWidth() - 2)}
                          height={BAR}
                          rx={3}
                        >
                          <title>{periodText(props.cityLabel(lane.cityCode), bar.from, bar.open ? null : bar.to)}</title>
                        </rect>
                      )}
                    </For>
                  </g>
                )}
              </For>
              <For each={tl().gaps}>
                {(gap) => (
                  <rect
                    class="timeline-gap"
                    data-testid="coverage-gap"
                    data-from={gap.from}
                    data-to={gap.to}
                    x={x(gap.start)}
                    y={AXIS - 4}
                    width={(gap.end - gap.start + 1) * monthWidth()}
                    height={tl().lanes.length * LANE + 6}
                  >
                    <title>{t('coverage.gap', { from: gap.from, to: gap.to, months: gap.months })}</title>
                  </rect>
                )}
              </For>
            </svg>
            <ul class="timeline-list" data-testid="coverage-list">
              <For each={tl().lanes}>
                {(lane) => (
                  <For each={lane.bars}>
                    {(bar) => <li>{periodText(props.cityLabel(lane.cityCode), bar.from, bar.open ? null : bar.to)}</li>}
                  </For>
                )}
              </For>
              <For each={tl().gaps}>
                {(gap) => (
                  <li class="timeline-gap-text" data-testid="coverage-gap-text">
                    {t('coverage.gap', { from: gap.from, to: gap.to, months: gap.months })}
                  </li>
                )}
              </For>
            </ul>
          </figure>
        );
      }}
    </Show>
  );
}

function periodText(city: string, from: string, to: string | null): string {
  return to === null ? t('coverage.periodOpen', { city, from }) : t('coverage.period', { city, from, to });
}
