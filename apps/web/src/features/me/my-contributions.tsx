import { createSignal, For, Show } from 'solid-js';
import { ResourceTable } from '../../components/resource-table';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { MyContributionMonth } from './me.api';
import { insuranceLabel } from './me-labels';

// A phone shows the last year first; the rest on request.
const FIRST_MONTHS = 12;

/** My contributions per month: base, employer and employee amounts, each month's lines on demand. */
export function MyContributions(props: { months: readonly MyContributionMonth[]; cityLabel: (code: string) => string }) {
  const [all, setAll] = createSignal(false);
  const shown = () => (all() ? props.months : props.months.slice(0, FIRST_MONTHS));
  return (
    <>
      <ResourceTable
        rows={shown()}
        class="me-contributions-table"
        testId="me-contributions"
        rowTestId="me-contribution-row"
        rowAttributes={(m) => ({ 'data-month': m.month })}
        empty={t('me.contrib.empty')}
        caption={t('me.contrib.title')}
        columns={[
          { header: t('me.contrib.month'), rowHeader: true, class: 'me-c-month', cell: (m) => m.month },
          { header: t('me.contrib.city'), class: 'me-c-city', cell: (m) => props.cityLabel(m.cityCode) },
          { header: t('me.contrib.base'), class: 'me-c-amount', cell: (m) => (m.base === null ? '—' : formatYuan(m.base)), cellAttributes: () => ({ 'data-testid': 'me-contribution-base' }) },
          { header: t('me.contrib.employer'), class: 'me-c-amount', cell: (m) => formatYuan(m.employer), cellAttributes: () => ({ 'data-testid': 'me-contribution-employer' }) },
          { header: t('me.contrib.employee'), class: 'me-c-amount', cell: (m) => formatYuan(m.employee), cellAttributes: () => ({ 'data-testid': 'me-contribution-employee' }) },
          {
            header: t('me.contrib.details'),
            hideHeader: true,
            class: 'me-c-details',
            cell: (m) => (
              <>
                <Show when={m.lines.length > 0}>
                  <details class="me-lines">
                    <summary>{t('me.contrib.details')}</summary>
                    <dl class="me-lines-list">
                      <For each={m.lines}>
                        {(l) => (
                          <div>
                            <dt>
                              {insuranceLabel(l.insurance)}
                              <Show when={l.provisional}> <span class="badge badge-warning">{t('me.contrib.provisional')}</span></Show>
                            </dt>
                            <dd>
                              {t('me.contrib.base')} {formatYuan(l.base)} · {t('me.contrib.employer')} {formatYuan(l.employer)} · {t('me.contrib.employee')} {formatYuan(l.employee)}
                            </dd>
                          </div>
                        )}
                      </For>
                    </dl>
                  </details>
                </Show>
                <For each={m.unpriced}>{(u) => <p class="field-hint">{t('me.contrib.unpriced', { reason: lang() === 'en' ? u.en : u['zh-CN'] })}</p>}</For>
              </>
            ),
          },
        ]}
      />
      <Show when={!all() && props.months.length > FIRST_MONTHS}>
        <button type="button" class="button button-secondary me-more" data-testid="me-contributions-all" onClick={() => setAll(true)}>
          {t('me.contrib.showAll', { count: props.months.length })}
        </button>
      </Show>
    </>
  );
}
