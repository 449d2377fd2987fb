import { For, Show, type JSX } from 'solid-js';
import { t } from '../../i18n';
import type { PolicyFigure, PolicySource } from './policies.api';

export type SourceLookup = (id: string) => PolicySource | undefined;

/** The visible "未核实 / Unverified" mark: a figure not found or graded below B. */
export function UnverifiedBadge() {
  return (
    <span class="badge badge-warning" data-testid="unverified-badge" title={t('figure.unverifiedTitle')}>
      {t('figure.unverified')}
    </span>
  );
}

/** Source ids as links (title in the tooltip); a source without a URL links to its footnote. */
export function SourceLinks(props: { ids: readonly string[]; lookup: SourceLookup }) {
  return (
    <Show when={props.ids.length > 0}>
      <span class="source-links">
        <For each={props.ids}>
          {(id) => {
            const source = () => props.lookup(id);
            const title = () =>
              source()?.title ? t('figure.source', { id, title: source()!.title }) : t('figure.sourceNoTitle', { id });
            return (
              <a
                class="source-link"
                href={source()?.url ?? `#source-${id}`}
                title={title()}
                aria-label={title()}
                target={source()?.url ? '_blank' : undefined}
                rel={source()?.url ? 'noopener noreferrer' : undefined}
              >
                {id}
              </a>
            );
          }}
        </For>
      </span>
    </Show>
  );
}

/** Grade, "derived" and "unverified" marks shared by figures and rate parts. */
export function Provenance(props: { grade: string | null; derived: boolean; unverified: boolean; sources: readonly string[]; lookup: SourceLookup }) {
  return (
    <span class="provenance">
      <Show when={props.grade}>
        {(grade) => (
          <span class="badge badge-grade" title={t('figure.gradeTitle', { grade: grade() })}>
            {grade()}
          </span>
        )}
      </Show>
      <Show when={props.derived}>
        <span class="badge" title={t('figure.derivedTitle')}>
          {t('figure.derived')}
        </span>
      </Show>
      <Show when={props.unverified}>
        <UnverifiedBadge />
      </Show>
      <SourceLinks ids={props.sources} lookup={props.lookup} />
    </span>
  );
}

/** One sourced figure: its value (formatted), or "not found" / "not applicable", with its provenance. */
export function FigureValue(props: { figure: PolicyFigure | null; format?: (value: string) => string; lookup: SourceLookup; label?: JSX.Element }) {
  return (
    <Show when={props.figure} fallback={<span class="muted">—</span>}>
      {(f) => (
        <span class="figure" title={f().note}>
          <Show when={props.label}>
            <span class="figure-label">{props.label}</span>
          </Show>
          <span class={f().status === 'given' ? 'figure-value' : 'figure-missing'}>
            {f().status === 'given'
              ? (props.format ?? ((v: string) => v))(f().value ?? '')
              : f().status === 'notFound'
                ? t('figure.notFound')
                : t('figure.notApplicable')}
          </span>
          <Provenance grade={f().grade} derived={f().derived} unverified={f().unverified} sources={f().sources} lookup={props.lookup} />
        </span>
      )}
    </Show>
  );
}
