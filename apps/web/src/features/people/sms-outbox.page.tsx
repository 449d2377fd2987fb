import { Show } from 'solid-js';
import { errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, LoadedView } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { useRefresh } from '../../now';
import { listSmsOutbox } from './people.api';
import { createLoaded, query, reload } from '../../data';

const smsQuery = query((slug: string, _lang: string) => listSmsOutbox(slug), 'sms.outbox');

/** `/t/:slug/sms-outbox` (tenant admins): the SMS the outbox provider wrote. Nothing goes to a carrier. */
export function SmsOutboxPage() {
  const tenant = useTenant();
  usePageTitle(() => t('sms.title'));
  const allowed = () => tenant.role() === 'tenant_admin';
  const messages = createLoaded(() => (allowed() ? smsQuery(tenant.slug(), lang()) : undefined));
  const messagesData = messages.value;
  const refetch = () => reload(smsQuery);
  useRefresh(() => {
    if (allowed() && !messages.pending()) void refetch();
  }, 10_000);

  return (
    <section data-testid="sms-outbox-page">
      <h1 data-testid="page-title">{t('sms.title')}</h1>
      <div class="notice notice-warning" role="note" data-testid="sms-outbox-notice">
        <p class="notice-title">{t('sms.notSentTitle')}</p>
        <p>{t('sms.notSentBody')}</p>
      </div>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <LoadedView
          failed={messages.error() && !messagesData()}
          failure={<ErrorNotice title={t('sms.loadFailed')} message={errorMessage(messages.error())} onRetry={() => void refetch()} testId="sms-outbox-error" />}
          data={messagesData()}
        >
          {(data) => (
            <ResourceTable
              testId="sms-outbox-table"
              rows={data().items}
              empty={t('sms.empty')}
              rowTestId="sms-row"
              rowAttributes={(m) => ({ 'data-status': m.status, 'data-kind': m.kind })}
              columns={[
                { header: t('sms.col.createdAt'), cell: (m) => <time datetime={m.createdAt}>{formatDateTime(m.createdAt)}</time> },
                { header: t('sms.col.recipient'), cell: (m) => <code>{m.recipient ?? '—'}</code> },
                { header: t('sms.col.body'), cell: (m) => m.body, class: 'sms-body' },
                {
                  header: t('sms.col.status'),
                  cell: (m) => (
                    <>
                      <span class={`badge${m.status === 'failed' ? ' badge-danger' : ''}`}>{t(`sms.status.${m.status}`)}</span>
                      <Show when={m.provider}>{(p) => <span class="cell-sub">{t('sms.provider', { provider: p() })}</span>}</Show>
                      <Show when={m.lastError}>{(e) => <span class="cell-sub field-error">{e()}</span>}</Show>
                    </>
                  ),
                },
                { header: t('sms.col.attempts'), cell: (m) => m.attempts },
              ]}
            />
          )}
        </LoadedView>
      </Show>
    </section>
  );
}
