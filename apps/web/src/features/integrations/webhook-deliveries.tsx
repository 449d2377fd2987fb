import { createSignal, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { formatDateTime, lang, t } from '../../i18n';
import { listDeliveries, resendDelivery, WEBHOOK_EVENTS, type WebhookDelivery, type WebhookEndpoint, type WebhookEvent } from './integrations.api';

const deliveriesQuery = query((slug: string, id: string, _lang: string) => listDeliveries(slug, id), 'integrations.deliveries');
/** Asks again for the open delivery log (after a test event). */
export const reloadDeliveries = () => reload(deliveriesQuery);
const STATUS_BADGE: Record<WebhookDelivery['status'], string> = { pending: 'badge badge-warning', delivered: 'badge badge-success', failed: 'badge badge-danger' };

/** An event type in words (the test event and future types by their name). */
export function eventLabel(type: string): string {
  if (type === 'webhook.test') return t('integrations.event.webhook.test');
  return (WEBHOOK_EVENTS as readonly string[]).includes(type) ? t(`integrations.event.${type as WebhookEvent}`) : type;
}

/** The last attempt's HTTP status (or its error) and response time. */
function lastAttempt(d: WebhookDelivery) {
  return d.attempts.length ? d.attempts[d.attempts.length - 1] : undefined;
}

/** One endpoint's delivery log, newest first, with a resend button per delivery. */
export function WebhookDeliveries(props: { slug: string; endpoint: WebhookEndpoint }) {
  const log = createLoaded(() => deliveriesQuery(props.slug, props.endpoint.id, lang()));
  const data = log.value;
  const refetch = () => reload(deliveriesQuery);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [resent, setResent] = createSignal(false);

  async function resend(d: WebhookDelivery): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setResent(false);
    try {
      await resendDelivery(props.slug, props.endpoint.id, d.id);
      setResent(true);
      void refetch();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" data-testid="webhook-deliveries" aria-labelledby="webhook-deliveries-title">
      <h3 id="webhook-deliveries-title" class="section">
        {t('integrations.log.title', { url: props.endpoint.url })}
      </h3>
      <button type="button" class="button button-small" data-testid="webhook-deliveries-refresh" onClick={() => void refetch()}>
        {t('integrations.log.refresh')}
      </button>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="webhook-resend-error" />}</Show>
      <Show when={resent()}>
        <p class="notice notice-success" data-testid="webhook-resent">
          {t('integrations.log.resent')}
        </p>
      </Show>
      <Switch fallback={<Loading />}>
        <Match when={log.error() && !data()}>
          <ErrorNotice title={t('integrations.log.loadFailed')} message={errorMessage(log.error())} onRetry={() => void refetch()} testId="webhook-deliveries-load-error" />
        </Match>
        <Match when={data()}>
          {(d) => (
            <ResourceTable
              testId="webhook-deliveries-list"
              rows={d().items}
              empty={t('integrations.log.empty')}
              emptyTestId="webhook-deliveries-empty"
              rowTestId="webhook-delivery-row"
              rowAttributes={(x) => ({ 'data-event-id': x.eventId, 'data-event-type': x.eventType, 'data-status': x.status })}
              columns={[
                { header: t('integrations.log.col.event'), rowHeader: true, cell: (x) => <span data-testid="webhook-delivery-event">{eventLabel(x.eventType)}</span> },
                { header: t('integrations.log.col.time'), cell: (x) => formatDateTime(x.createdAt) },
                { header: t('integrations.log.col.attempts'), cell: (x) => <span data-testid="webhook-delivery-attempts">{x.attempts.length}</span> },
                {
                  header: t('integrations.log.col.status'),
                  cell: (x) => (
                    <>
                      <span class={STATUS_BADGE[x.status]} data-testid="webhook-delivery-status">
                        {t(`integrations.log.status.${x.status}`)}
                      </span>
                      <Show when={lastAttempt(x)}>{(a) => <span class="cell-sub">{a().statusCode ?? a().error ?? ''}</span>}</Show>
                    </>
                  ),
                },
                { header: t('integrations.log.col.responseMs'), cell: (x) => (lastAttempt(x) ? t('integrations.log.ms', { ms: lastAttempt(x)!.responseMs }) : '—') },
                {
                  header: t('integrations.log.col.actions'),
                  hideHeader: true,
                  cell: (x) => (
                    <button type="button" class="button button-small" data-testid="webhook-delivery-resend" disabled={busy() || x.status === 'pending'} onClick={() => void resend(x)}>
                      {t('integrations.log.resend')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
