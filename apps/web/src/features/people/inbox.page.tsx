import { createEffect, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { ErrorNotice, LoadedView } from '../../components/status';
import { useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { useRefresh } from '../../now';
import { listNotifications, markNotificationRead, type Notification } from './people.api';
import { action, createLoaded, query, reload, useAction } from '../../data';
import { inboxResolved, inboxText } from './inbox-text';

const INBOX_REFRESH_MS = 10_000;

const inboxQuery = query((slug: string, unread: boolean, _lang: string) => listNotifications(slug, { unread }), 'inbox.list');
// Marking read revalidates the router's queries: this list and the unread count in the navigation.
const markReadAction = action((slug: string, id: string) => markNotificationRead(slug, id), 'inbox.markRead');

/** `/t/:slug/inbox`: the signed-in user's notifications in this tenant, unread first in weight, newest first. */
export function InboxPage() {
  const tenant = useTenant();
  usePageTitle(() => t('inbox.title'));
  const [unreadOnly, setUnreadOnly] = createSignal(false);

  const inbox = createLoaded(() => inboxQuery(tenant.slug(), unreadOnly(), lang()));
  const inboxData = inbox.value;
  const refetch = () => reload(inboxQuery);
  const markReadNow = useAction(markReadAction);
  useRefresh(() => {
    if (!inbox.pending()) void refetch();
  }, INBOX_REFRESH_MS);

  const [items, setItems] = createStore<Notification[]>([]);
  createEffect(() => {
    const latest = inboxData();
    if (latest) setItems(reconcile(latest.items, { key: 'id' }));
  });

  const [error, setError] = createSignal<string>();
  async function markRead(item: Notification): Promise<void> {
    setError(undefined);
    try {
      await markReadNow(tenant.slug(), item.id);
      // Shown at once; the revalidated list confirms it.
      const readAt = new Date().toISOString();
      setItems(reconcile(items.map((n) => (n.id === item.id ? { ...n, readAt } : n)).filter((n) => !unreadOnly() || n.readAt === null), { key: 'id' }));
      tenant.refreshUnread();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section data-testid="inbox-page">
      <div class="page-heading">
        <h1 data-testid="page-title">{t('inbox.title')}</h1>
        <Show when={inboxData()}>
          {(data) => (
            <span class="badge badge-accent" data-testid="inbox-unread" data-count={data().unread}>
              {t('inbox.unreadCount', { count: data().unread })}
            </span>
          )}
        </Show>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="inbox-unread-only" checked={unreadOnly()} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} />
        {t('inbox.unreadOnly')}
      </label>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="inbox-action-error" />}</Show>
      <LoadedView
        failed={inbox.error() && !inboxData()}
        failure={<ErrorNotice title={t('inbox.loadFailed')} message={errorMessage(inbox.error())} onRetry={() => void refetch()} testId="inbox-error" />}
        data={inboxData()}
      >
        <Show when={items.length > 0} fallback={<p class="empty card" data-testid="inbox-empty">{unreadOnly() ? t('inbox.noUnread') : t('inbox.empty')}</p>}>
          <ul class="inbox-list" data-testid="inbox-list">
            <For each={items}>
              {(item) => (
                <li class={`card inbox-item${item.readAt ? '' : ' inbox-item-unread'}`} data-testid="inbox-item" data-kind={item.kind} data-read={item.readAt ? 'true' : 'false'}>
                  <div class="inbox-head">
                    <Show when={!item.readAt}>
                      <span class="badge badge-danger" data-testid="inbox-item-unread">
                        {t('inbox.unread')}
                      </span>{' '}
                    </Show>
                    <Show when={inboxResolved(item)}>
                      <span class="badge badge-success" data-testid="inbox-item-resolved">
                        {t('inbox.resolved')}
                      </span>{' '}
                    </Show>
                    <span class="inbox-subject" data-testid="inbox-subject" lang={inboxText(item, tenant.cityLabel).subject === item.subject ? 'zh-CN' : undefined}>
                      {inboxText(item, tenant.cityLabel).subject}
                    </span>
                    <time class="muted inbox-time" datetime={item.createdAt}>
                      {formatDateTime(item.createdAt)}
                    </time>
                  </div>
                  <p class="inbox-body" data-testid="inbox-body">
                    {inboxText(item, tenant.cityLabel).body}
                  </p>
                  <div class="inbox-actions">
                    <Show when={item.taskId && tenant.role() !== 'employee'}>
                      <A href={`/t/${encodeURIComponent(tenant.slug())}/tasks`}>{t('inbox.toTasks')}</A>
                    </Show>
                    <Show when={!item.readAt}>
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        data-testid="inbox-mark-read"
                        aria-label={t('inbox.markReadLabel', { subject: inboxText(item, tenant.cityLabel).subject })}
                        onClick={() => void markRead(item)}
                      >
                        {t('inbox.markRead')}
                      </button>
                    </Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </LoadedView>
    </section>
  );
}
