import { For, Show } from 'solid-js';
import { ResourceTable } from '../../components/resource-table';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { MyContributionMonth } from './me.api';
import { insuranceLabel } from './me-labels';

/** My contributions per month: base, employer and employee amounts, each month's lines on demand. */
export function MyContributions(props: { months: readonly MyContributionMonth[]; cityLabel: (code: string) => string }) {
  return (
    <ResourceTable
      rows={props.months}
      testId="me-contributions"
      rowTestId="me-contribution-row"
      rowAttributes={(m) => ({ 'data-month': m.month })}
      empty={t('me.contrib.empty')}
      caption={t('me.contrib.title')}
      columns={[
        { header: t('me.contrib.month'), rowHeader: true, cell: (m) => m.month },
        { header: t('me.contrib.city'), cell: (m) => props.cityLabel(m.cityCode) },
        { header: t('me.contrib.base'), cell: (m) => (m.base === null ? '—' : formatYuan(m.base)), cellAttributes: () => ({ 'data-testid': 'me-contribution-base' }) },
        { header: t('me.contrib.employer'), cell: (m) => formatYuan(m.employer), cellAttributes: () => ({ 'data-testid': 'me-contribution-employer' }) },
        { header: t('me.contrib.employee'), cell: (m) => formatYuan(m.employee), cellAttributes: () => ({ 'data-testid': 'me-contribution-employee' }) },
        {
          header: t('me.contrib.details'),
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
  );
}
