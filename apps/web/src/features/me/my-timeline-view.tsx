import { For, Show } from 'solid-js';
import { formatList, t } from '../../i18n';
import { currentMonth } from '../../money-format';
import type { MyCoverage } from './me.api';
import { insuranceLabel } from './me-labels';
import { buildMyTimeline } from './my-timeline';

/**
 * My coverage as bars per city and insurance, each row labelled above its bar (so the labels stay
 * readable at a phone's width), gaps (断缴) as red bands; the list below says the same in words.
 */
export function MyTimelineView(props: { coverage: MyCoverage; cityLabel: (code: string) => string }) {
  const timeline = () => buildMyTimeline(props.coverage.periods, currentMonth());
  const periodText = (p: MyCoverage['periods'][number]) => {
    const values = { city: props.cityLabel(p.cityCode), from: p.startMonth, insurances: formatList(p.insurances.map(insuranceLabel)) };
    return p.endMonth === null ? t('me.timeline.periodOpen', values) : t('me.timeline.period', { ...values, to: p.endMonth });
  };

  return (
    <Show when={timeline()} fallback={<p class="empty" data-testid="me-timeline-empty">{t('me.timeline.none')}</p>}>
      {(tl) => (
        <figure class="me-timeline card" data-testid="me-timeline" data-gaps={tl().gaps.length}>
          <p class="me-timeline-summary" data-testid="me-months-covered">
            {t('me.timeline.summary', { count: props.coverage.monthsCovered, date: props.coverage.asOf })}
          </p>
          <div class="me-timeline-chart" role="img" aria-label={t('me.timeline.figureLabel', { from: tl().from, to: tl().to, gaps: tl().gaps.length })}>
            <div class="me-timeline-axis" aria-hidden="true">
              <span class="me-timeline-edge">{tl().from}</span>
              {/* Year marks only away from the ends, where the first and last month are written. */}
              <For each={tl().years.filter((y) => y.left >= 15 && y.left <= 80)}>
                {(y) => <span class="me-timeline-year" style={{ left: `${y.left}%` }}>{y.year}</span>}
              </For>
              <span class="me-timeline-edge me-timeline-edge-end">{tl().to}</span>
            </div>
            <For each={tl().cities}>
              {(city) => (
                <div class="me-timeline-city" data-testid="me-timeline-city" data-city={city.cityCode}>
                  <p class="me-timeline-city-name">{props.cityLabel(city.cityCode)}</p>
                  <For each={city.rows}>
                    {(row) => (
                      <div class="me-timeline-row" data-testid="me-timeline-row" data-insurance={row.insurance}>
                        <span class="me-timeline-label">{insuranceLabel(row.insurance)}</span>
                        <div class="me-timeline-track">
                          <For each={row.bars}>
                            {(bar) => (
                              <span
                                class={`me-timeline-bar${bar.open ? ' me-timeline-bar-open' : ''}`}
                                data-testid="me-timeline-bar"
                                data-from={bar.from}
                                data-to={bar.open ? '' : bar.to}
                                style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                                title={`${bar.from} – ${bar.open ? t('me.timeline.now') : bar.to}`}
                              />
                            )}
                          </For>
                          <For each={tl().gaps}>
                            {(gap) => <span class="me-timeline-gap" style={{ left: `${gap.left}%`, width: `${gap.width}%` }} />}
                          </For>
                        </div>
                      </div>
                    )}
                  </For>
                </div>
              )}
            </For>
          </div>
          <ul class="me-timeline-list" data-testid="me-timeline-list">
            <For each={props.coverage.periods}>{(p) => <li>{periodText(p)}</li>}</For>
            <For each={tl().gaps}>
              {(gap) => (
                <li class="me-timeline-gap-text" data-testid="me-timeline-gap">
                  {t('me.timeline.gap', { from: gap.from, to: gap.to, months: gap.months })}
                </li>
              )}
            </For>
          </ul>
        </figure>
      )}
    </Show>
  );
}
