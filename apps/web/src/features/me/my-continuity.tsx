import { For, Match, Show, Switch } from 'solid-js';
import { lang, t } from '../../i18n';
import { hostOf, safeHttpUrl } from './external-link';
import type { MyRule } from './me.api';

const STATUS_CLASS: Record<MyRule['status'], string> = {
  met: 'badge-success',
  not_met: 'badge-warning',
  lifted: 'badge-accent',
  not_sourced: '',
  not_in_force: '',
};

/** Each continuity rule of my city: my months against it, the date it will be met, its sources, or that it is not sourced. */
export function MyContinuity(props: { rules: readonly MyRule[] }) {
  return (
    <Show when={props.rules.length > 0} fallback={<p class="empty">{t('me.rules.empty')}</p>}>
      <ul class="me-rules" data-testid="me-rules">
        <For each={props.rules}>{(rule) => <RuleCard rule={rule} />}</For>
      </ul>
    </Show>
  );
}

function RuleCard(props: { rule: MyRule }) {
  const r = () => props.rule;
  const title = () => (lang() === 'en' ? r().title.en : r().title.zh);
  const summary = () => r().summary && (lang() === 'en' ? r().summary!.en : r().summary!.zh);
  const progress = () => (r().requiredMonths ? Math.min(100, Math.round(((r().qualifyingMonths ?? 0) / r().requiredMonths!) * 100)) : 0);

  return (
    <li class="card me-rule" data-testid="me-rule" data-rule-id={r().ruleId} data-status={r().status}>
      <div class="me-rule-head">
        <h3 class="me-rule-title">{title()}</h3>
        <span class={`badge ${STATUS_CLASS[r().status]}`} data-testid="me-rule-status">
          {t(`me.rules.status.${r().status}`)}
        </span>
      </div>
      <Switch>
        <Match when={r().status === 'not_sourced'}>
          <p class="me-rule-text" data-testid="me-rule-not-sourced">{t('me.rules.notSourced')}</p>
        </Match>
        <Match when={r().status === 'not_in_force'}>
          <p class="me-rule-text">{t('me.rules.notInForce')}</p>
        </Match>
        <Match when={r().status === 'lifted'}>
          <p class="me-rule-text">{t('me.rules.lifted')}</p>
        </Match>
        <Match when={r().requiredMonths !== null}>
          <p class="me-rule-text" data-testid="me-rule-progress">
            {t('me.rules.progress', { count: r().qualifyingMonths ?? 0, required: r().requiredMonths ?? 0 })}
          </p>
          <progress class="me-rule-meter" max={100} value={progress()} aria-hidden="true" />
          <Show when={r().status === 'not_met' && r().willBeMetOn}>
            {(date) => (
              <p class="me-rule-when" data-testid="me-rule-will-be-met" data-date={date()}>
                {t('me.rules.willBeMet', { date: date() })}
              </p>
            )}
          </Show>
        </Match>
      </Switch>
      <Show when={summary()}>{(s) => <p class="field-hint">{s()}</p>}</Show>
      <Show when={r().sources.length > 0 || r().grade || r().effectiveFrom}>
        <p class="me-rule-meta field-hint">
          <Show when={r().grade}>{(g) => <span class="badge badge-grade">{t('me.rules.grade', { grade: g() })}</span>}</Show>{' '}
          <Show when={r().effectiveFrom}>{(d) => <span>{t('me.rules.effectiveFrom', { date: d() })}</span>}</Show>
        </p>
        <Show when={r().sources.length > 0}>
          <p class="me-rule-sources field-hint">
            {t('me.rules.sources')}:{' '}
            <For each={r().sources}>
              {(s, i) => (
                <>
                  {i() > 0 ? '；' : ''}
                  <Show when={safeHttpUrl(s.url)} fallback={<span>{s.publishedOn ?? ''}</span>}>
                    {(url) => (
                      <a href={url()} target="_blank" rel="noopener noreferrer" data-testid="me-rule-source">
                        {s.publishedOn ? t('me.rules.publishedOn', { date: s.publishedOn }) : hostOf(url())}
                      </a>
                    )}
                  </Show>
                </>
              )}
            </For>
          </p>
        </Show>
      </Show>
      <Show when={r().note}>{(note) => <p class="field-hint">{t('me.rules.note', { note: note() })}</p>}</Show>
      <Show when={r().assumptions.length > 0}>
        <details class="me-rule-assumptions">
          <summary>{t('me.rules.assumptions', { count: r().assumptions.length })}</summary>
          <ul>
            <For each={r().assumptions}>
              {(a) => (
                <li>
                  <code>{a.parameter}</code>: {a.note}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </li>
  );
}
