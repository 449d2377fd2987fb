import { Match, Show, Switch, type Accessor, type JSX } from 'solid-js';
import { t } from '../i18n';

export function Loading(props: { label?: string }) {
  return (
    <p class="status status-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('common.loading')}
    </p>
  );
}

/** An error box; `message` is shown as the API sent it (already in the chosen language). */
export function ErrorNotice(props: { title?: string; message: string; onRetry?: () => void; testId?: string }) {
  return (
    <div class="notice notice-error" role="alert" data-testid={props.testId ?? 'error'}>
      <Show when={props.title}>
        <p class="notice-title">{props.title}</p>
      </Show>
      <p class="notice-message">{props.message}</p>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="button button-secondary" onClick={() => retry()()}>
            {t('common.retry')}
          </button>
        )}
      </Show>
    </div>
  );
}

/**
 * What a page shows of data it loads: `failure` when `failed` (each page says when: some only while
 * there is nothing to show yet), else the data through `children`, else the spinner.
 */
export function LoadedView<T>(props: {
  failed: unknown;
  failure: JSX.Element;
  data: T | undefined | null | false;
  children: JSX.Element | ((data: Accessor<NonNullable<T>>) => JSX.Element);
}) {
  return (
    <Switch>
      <Match when={props.failed}>{props.failure}</Match>
      <Match when={props.data}>{props.children}</Match>
      <Match when={true}>
        <Loading />
      </Match>
    </Switch>
  );
}
