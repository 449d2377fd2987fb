import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { Field, fieldAria, OtherFieldErrors } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { createAction } from '../../components/submission';
import { ErrorNotice, Loading } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { formatList, lang, t } from '../../i18n';
import {
  createWebhook,
  enableWebhook,
  listWebhooks,
  rotateWebhookSecret,
  sendWebhookTest,
  WEBHOOK_EVENTS,
  type WebhookEndpoint,
  type WebhookEvent,
  type WebhookWithSecret,
} from './integrations.api';
import { SecretOnce } from './secret-once';
import { eventLabel, reloadDeliveries, WebhookDeliveries } from './webhook-deliveries';

const webhooksQuery = query((slug: string, _lang: string) => listWebhooks(slug), 'integrations.webhooks');

/** A secret the API just answered, with what it belongs to. */
type ShownSecret = { kind: 'created' | 'rotated'; endpoint: WebhookWithSecret };

/** Webhook endpoints: list, register (secret shown once), rotate, test event, delivery log. */
export function WebhooksSection(props: { slug: string }) {
  const hooks = createLoaded(() => webhooksQuery(props.slug, lang()));
  const data = hooks.value;
  const refetch = () => reload(webhooksQuery);
  const [url, setUrl] = createSignal('');
  const [events, setEvents] = createSignal<ReadonlySet<WebhookEvent>>(new Set());
  const action = createAction();
  const { busy, error, fields: fieldErrors } = action;
  const [secret, setSecret] = createSignal<ShownSecret>();
  const [testSent, setTestSent] = createSignal<string>();
  const [open, setOpen] = createSignal<string>();

  function toggle(event: WebhookEvent, on: boolean): void {
    const next = new Set(events());
    if (on) next.add(event);
    else next.delete(event);
    setEvents(next);
  }

  /** A write on an endpoint (enable, test, rotate): its failure shown above the list. */
  function run(work: () => Promise<unknown>): Promise<boolean> {
    if (busy()) return Promise.resolve(false);
    setTestSent(undefined);
    return action.run(work);
  }

  async function onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setSecret(undefined);
    await action.run(async () => {
      const created = await createWebhook(props.slug, { url: url(), events: WEBHOOK_EVENTS.filter((e) => events().has(e)) });
      setSecret({ kind: 'created', endpoint: created });
      setUrl('');
      setEvents(new Set<WebhookEvent>());
      void refetch();
    }, { byField: true });
  }

  const eventsError = () => fieldErrors().events ?? Object.entries(fieldErrors()).find(([k]) => k.startsWith('events.'))?.[1];
  const openEndpoint = () => data()?.items.find((e) => e.id === open());

  const actions = (e: WebhookEndpoint) => (
    <div class="integrations-actions">
      <Show when={!e.enabled}>
        <button type="button" class="button button-small" data-testid="webhook-enable" disabled={busy()} onClick={() => void run(() => enableWebhook(props.slug, e.id)).then(() => refetch())}>
          {t('integrations.hooks.enable')}
        </button>
      </Show>
      <button
        type="button"
        class="button button-small"
        data-testid="webhook-test"
        disabled={busy()}
        onClick={() => void run(() => sendWebhookTest(props.slug, e.id)).then((ok) => ok && (setTestSent(e.id), setOpen(e.id), void reloadDeliveries()))}
      >
        {t('integrations.hooks.test')}
      </button>
      <button
        type="button"
        class="button button-small"
        data-testid="webhook-rotate"
        disabled={busy()}
        onClick={() => void run(async () => setSecret({ kind: 'rotated', endpoint: await rotateWebhookSecret(props.slug, e.id) })).then(() => refetch())}
      >
        {t('integrations.hooks.rotate')}
      </button>
      <button type="button" class="button button-small button-quiet" data-testid="webhook-log" aria-expanded={open() === e.id} onClick={() => setOpen(open() === e.id ? undefined : e.id)}>
        {t('integrations.hooks.deliveries')}
      </button>
    </div>
  );

  return (
    <section data-testid="webhooks-section">
      <h2 class="section">{t('integrations.hooks.title')}</h2>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="webhooks-error" />}</Show>
      <Show when={testSent()}>
        <p class="notice notice-success" data-testid="webhook-test-sent">
          {t('integrations.hooks.testSent')}
        </p>
      </Show>
      <Show when={secret()}>
        {(s) => (
          <SecretOnce
            intro={s().kind === 'created' ? t('integrations.hooks.created', { url: s().endpoint.url }) : t('integrations.hooks.rotated')}
            secret={s().endpoint.secret}
            onDismiss={() => setSecret(undefined)}
            testId="webhook-secret"
          />
        )}
      </Show>
      <Switch fallback={<Loading />}>
        <Match when={hooks.error() && !data()}>
          <ErrorNotice title={t('integrations.hooks.loadFailed')} message={errorMessage(hooks.error())} onRetry={() => void refetch()} testId="webhooks-load-error" />
        </Match>
        <Match when={data()}>
          {(d) => (
            <ResourceTable
              testId="webhooks-list"
              rows={d().items}
              empty={t('integrations.hooks.empty')}
              emptyTestId="webhooks-empty"
              rowTestId="webhook-row"
              rowAttributes={(e) => ({ 'data-url': e.url, 'data-enabled': String(e.enabled) })}
              columns={[
                { header: t('integrations.hooks.col.url'), rowHeader: true, cell: (e) => <code class="integrations-url">{e.url}</code> },
                { header: t('integrations.hooks.col.events'), cell: (e) => formatList(e.events.map(eventLabel)) },
                {
                  header: t('integrations.hooks.col.state'),
                  cell: (e) => (
                    <span data-testid="webhook-state">
                      <span class={e.enabled ? 'badge badge-success' : 'badge badge-danger'}>
                        {e.enabled ? t('integrations.hooks.state.enabled') : t('integrations.hooks.state.disabled', { reason: e.disabledReason ?? '' })}
                      </span>
                      <Show when={e.rotating}>
                        <span class="cell-sub">{t('integrations.hooks.state.rotating')}</span>
                      </Show>
                    </span>
                  ),
                },
                { header: t('integrations.hooks.col.actions'), hideHeader: true, cell: actions },
              ]}
            />
          )}
        </Match>
      </Switch>
      <Show when={openEndpoint()}>{(e) => <WebhookDeliveries slug={props.slug} endpoint={e()} />}</Show>

      <h3 class="section">{t('integrations.hooks.create.title')}</h3>
      <form class="card card-form" data-testid="webhook-form" novalidate onSubmit={(e) => void onCreate(e)}>
        <Field for="webhook-url" label={t('integrations.hooks.create.url')} hint={t('integrations.hooks.create.urlHint')} error={fieldErrors().url} testId="webhook-url">
          <input id="webhook-url" data-testid="webhook-url" type="url" inputmode="url" autocomplete="off" maxLength={2000} value={url()} onInput={(e) => setUrl(e.currentTarget.value)} {...fieldAria('webhook-url', fieldErrors().url, true)} />
        </Field>
        <fieldset class="integrations-choices" aria-describedby={eventsError() ? 'webhook-events-error' : undefined}>
          <legend>{t('integrations.hooks.create.events')}</legend>
          <For each={WEBHOOK_EVENTS}>
            {(ev) => (
              <label class="integrations-choice">
                <input type="checkbox" value={ev} checked={events().has(ev)} data-testid={`webhook-event-${ev}`} onChange={(e) => toggle(ev, e.currentTarget.checked)} /> {eventLabel(ev)} <code>{ev}</code>
              </label>
            )}
          </For>
          <Show when={eventsError()}>
            {(message) => (
              <p class="field-error" id="webhook-events-error" data-testid="webhook-events-error">
                {message()}
              </p>
            )}
          </Show>
        </fieldset>
        <OtherFieldErrors fields={fieldErrors()} shown={['url', 'events', ...Object.keys(fieldErrors()).filter((k) => k.startsWith('events.'))]} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="webhook-submit" disabled={busy()}>
            {t('integrations.hooks.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
