import { For, Show } from 'solid-js';
import { ResourceTable } from '../../components/resource-table';
import { formatDateTime, t } from '../../i18n';
import type { MyNotifications } from './me.api';
import { filingKindLabel, filingStatusLabel } from './me-labels';

/** Every filing about me (enrollments, stops) with its state, and the notices addressed to me. */
export function MyNotificationsView(props: { data: MyNotifications; cityLabel: (code: string) => string }) {
  return (
    <>
      <h3>{t('me.notices.filings')}</h3>
      <ResourceTable
        rows={props.data.filings}
        testId="me-filings"
        rowTestId="me-filing-row"
        rowAttributes={(f) => ({ 'data-kind': f.kind, 'data-status': f.status, 'data-month': f.month })}
        empty={t('me.notices.filingsEmpty')}
        caption={t('me.notices.filings')}
        columns={[
          { header: t('me.notices.kind'), rowHeader: true, cell: (f) => filingKindLabel(f.kind) },
          { header: t('me.notices.city'), cell: (f) => props.cityLabel(f.cityCode) },
          { header: t('me.notices.month'), cell: (f) => f.month },
          { header: t('me.notices.status'), cell: (f) => filingStatusLabel(f.status) },
          { header: t('me.notices.receipt'), cell: (f) => f.receiptNo ?? '—' },
          { header: t('me.notices.updatedAt'), cell: (f) => formatDateTime(f.updatedAt) },
        ]}
      />
      <h3>{t('me.notices.inbox')}</h3>
      <Show when={props.data.notices.length > 0} fallback={<p class="empty">{t('me.notices.inboxEmpty')}</p>}>
        <ul class="me-notices" data-testid="me-notices">
          <For each={props.data.notices}>
            {(n) => (
              <li class="card me-notice" data-testid="me-notice" data-kind={n.kind}>
                <p class="me-notice-subject">{n.subject}</p>
                <Show when={n.body && n.body !== n.subject}>
                  <p class="me-notice-body">{n.body}</p>
                </Show>
                <p class="field-hint">{formatDateTime(n.createdAt)}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
