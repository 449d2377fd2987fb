import { createEffect, createResource, For, Match, Show, Switch } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { useRefresh } from '../../now';
import { listSmsOutbox } from './people.api';
import { useSession } from '../../session';
import { lastGood } from '../../resource-value';

/** `/t/:slug/sms-outbox` (tenant admins): the SMS the outbox provider wrote. Nothing goes to a carrier. */
export function SmsOutboxPage() {
  const tenant = useTenant();
  const session = useSession();
  usePageTitle(() => t('sms.title'));
  const allowed = () => tenant.role() === 'tenant_admin';
  const [messages, { refetch }] = createResource(
    () => (allowed() ? { slug: tenant.slug(), lang: lang() } : undefined),
    ({ slug }) => listSmsOutbox(slug),
  );
  const messagesData = lastGood(messages);
  createEffect(() => {
    if (messages.error instanceof ApiError && messages.error.status === 401) session.markSignedOut();
  });
  useRefresh(() => {
    if (allowed() && !messages.loading) void refetch();
  }, 10_000);

  return (
    <section data-testid="sms-outbox-page">
      <h1 data-testid="page-title">{t('sms.title')}</h1>
      <div class="notice notice-warning" role="note" data-testid="sms-outbox-notice">
        <p class="notice-title">{t('sms.notSentTitle')}</p>
        <p>{t('sms.notSentBody')}</p>
      </div>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <Switch>
          <Match when={messages.state === 'errored' && !messagesData()}>
            <ErrorNotice title={t('sms.loadFailed')} message={errorMessage(messages.error)} onRetry={() => void refetch()} testId="sms-outbox-error" />
          </Match>
          <Match when={messagesData()}>
            {(data) => (
              <div class="card table-scroll">
                <table class="table" data-testid="sms-outbox-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('sms.col.createdAt')}</th>
                      <th scope="col">{t('sms.col.recipient')}</th>
                      <th scope="col">{t('sms.col.body')}</th>
                      <th scope="col">{t('sms.col.status')}</th>
                      <th scope="col">{t('sms.col.attempts')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <Show when={data().items.length > 0} fallback={<tr><td colspan="5" class="empty" data-testid="sms-outbox-empty">{t('sms.empty')}</td></tr>}>
                      <For each={data().items}>
                        {(m) => (
                          <tr data-testid="sms-row" data-status={m.status} data-kind={m.kind}>
                            <td>
                              <time datetime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                            </td>
                            <td>
                              <code>{m.recipient ?? '—'}</code>
                            </td>
                            <td class="sms-body">{m.body}</td>
                            <td>
                              <span class={`badge${m.status === 'failed' ? ' badge-danger' : ''}`}>{t(`sms.status.${m.status}`)}</span>
                              <Show when={m.provider}>{(p) => <span class="cell-sub">{t('sms.provider', { provider: p() })}</span>}</Show>
                              <Show when={m.lastError}>{(e) => <span class="cell-sub field-error">{e()}</span>}</Show>
                            </td>
                            <td>{m.attempts}</td>
                          </tr>
                        )}
                      </For>
                    </Show>
                  </tbody>
                </table>
              </div>
            )}
          </Match>
          <Match when={true}>
            <Loading />
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
