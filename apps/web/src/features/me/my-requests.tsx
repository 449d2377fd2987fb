import { createSignal, For, Show } from 'solid-js';
import { Field, fieldAria, generalMessage, OtherFieldErrors } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { formatDateTime, t } from '../../i18n';
import { sendMyRequest, type MyRequest } from './me.api';

type Kind = MyRequest['kind'];

/** Send HR a leave date or a correction; the API names the field of any refusal, shown beside it. */
export function MyRequestForm(props: { slug: string; onSent: (request: MyRequest) => void }) {
  const [kind, setKind] = createSignal<Kind>('leave');
  const [leaveDate, setLeaveDate] = createSignal('');
  const [message, setMessage] = createSignal('');
  const [sent, setSent] = createSignal(false);
  const submission = createSubmission();

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setSent(false);
    const text = message().trim();
    const body = kind() === 'leave' ? { kind: kind(), leaveDate: leaveDate().trim() || null, message: text || null } : { kind: kind(), message: text || null };
    const created = await submission.run(() => sendMyRequest(props.slug, body));
    if (!created) return;
    setSent(true);
    setLeaveDate('');
    setMessage('');
    submission.reset();
    props.onSent(created);
  }

  return (
    <form class="card form me-form" onSubmit={(event) => void submit(event)} novalidate data-testid="me-request-form">
      <fieldset class="me-kinds">
        <legend>{t('me.requests.kind')}</legend>
        <For each={['leave', 'correction'] as const}>
          {(k) => (
            <label class="me-kind">
              <input type="radio" name="me-request-kind" value={k} checked={kind() === k} data-testid={`me-request-kind-${k}`} onChange={() => setKind(k)} />{' '}
              {t(`me.requests.kind.${k}`)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={kind() === 'leave'}>
        <Field for="me-request-date" label={t('me.requests.leaveDate')} error={submission.fieldError('leaveDate')} testId="me-request-date">
          <input id="me-request-date" data-testid="me-request-date" type="date" value={leaveDate()} onInput={(e) => setLeaveDate(e.currentTarget.value)} {...fieldAria('me-request-date', submission.fieldError('leaveDate'))} />
        </Field>
      </Show>
      <Field for="me-request-message" label={t('me.requests.message')} hint={t('me.requests.messageHint')} error={submission.fieldError('message')} testId="me-request-message">
        <textarea id="me-request-message" data-testid="me-request-message" rows={3} maxLength={2000} value={message()} onInput={(e) => setMessage(e.currentTarget.value)} {...fieldAria('me-request-message', submission.fieldError('message'), true)} />
      </Field>
      <Show when={submission.error()}>
        {(error) => (
          <>
            <ErrorNotice message={generalMessage(error(), submission.fields())} testId="me-request-error" />
            <OtherFieldErrors fields={submission.fields()} shown={kind() === 'leave' ? ['leaveDate', 'message'] : ['message']} />
          </>
        )}
      </Show>
      <Show when={sent()}>
        <p class="notice notice-success" role="status" data-testid="me-request-sent">
          {t('me.requests.sent')}
        </p>
      </Show>
      <button type="submit" class="button button-primary" data-testid="me-request-submit" disabled={submission.busy()}>
        {t('me.requests.submit')}
      </button>
    </form>
  );
}

/** My requests, newest first, with their state. */
export function MyRequestList(props: { requests: readonly MyRequest[] }) {
  return (
    <ResourceTable
      rows={props.requests}
      testId="me-requests"
      rowTestId="me-request-row"
      rowAttributes={(r) => ({ 'data-id': r.id, 'data-kind': r.kind, 'data-status': r.status })}
      empty={t('me.requests.empty')}
      caption={t('me.requests.title')}
      columns={[
        { header: t('me.requests.kind'), rowHeader: true, cell: (r) => t(`me.requests.kind.${r.kind}`) },
        { header: t('me.requests.leaveDate'), cell: (r) => r.leaveDate ?? '—' },
        { header: t('me.requests.message'), cell: (r) => r.message || '—', class: 'me-request-message' },
        { header: t('me.requests.status'), cell: (r) => <span class={`badge${r.status === 'done' ? ' badge-success' : ''}`}>{t(`me.requests.status.${r.status}`)}</span> },
        { header: t('me.requests.createdAt'), cell: (r) => formatDateTime(r.createdAt) },
      ]}
    />
  );
}
