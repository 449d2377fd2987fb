import { For } from 'solid-js';
import { t } from '../../i18n';

const GRADES = [
  { grade: 'A', key: 'legend.gradeA' },
  { grade: 'B', key: 'legend.gradeB' },
  { grade: 'C', key: 'legend.gradeC' },
  { grade: 'D', key: 'legend.gradeD' },
] as const;

/**
 * What the marks beside every figure mean: the source grade (A–D), 推算, 未核实, 最新 and the
 * source ids (S2, R23), so a reader needs no one to explain the badges.
 */
export function PolicyLegend() {
  return (
    <details class="card policy-legend" data-testid="policy-legend">
      <summary>{t('legend.title')}</summary>
      <dl class="legend-list">
        <For each={GRADES}>
          {(g) => (
            <div data-testid="policy-legend-grade" data-grade={g.grade}>
              <dt>
                <span class="badge badge-grade">{g.grade}</span>
              </dt>
              <dd>{t(g.key)}</dd>
            </div>
          )}
        </For>
        <div>
          <dt>
            <span class="badge">{t('figure.derived')}</span>
          </dt>
          <dd>{t('figure.derivedTitle')}</dd>
        </div>
        <div>
          <dt>
            <span class="badge badge-warning">{t('figure.unverified')}</span>
          </dt>
          <dd>{t('figure.unverifiedTitle')}</dd>
        </div>
        <div>
          <dt>
            <span class="badge badge-accent">{t('policies.latest')}</span>
          </dt>
          <dd>{t('legend.latest')}</dd>
        </div>
        <div>
          <dt>
            <span class="source-link">S2</span> <span class="source-link">R23</span>
          </dt>
          <dd>{t('legend.sources')}</dd>
        </div>
      </dl>
    </details>
  );
}
