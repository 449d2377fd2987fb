import { For, Show, type JSX, type ParentProps } from 'solid-js';
import { ApiError, errorMessage } from '../api';
import { t } from '../i18n';

/**
 * A labelled form field with its hint and the API's message for it, right below the input. The
 * input itself takes `fieldAria(id, error, hint)` so screen readers tie the message to it.
 */
export function Field(props: ParentProps<{ for: string; label: string; error?: string | undefined; hint?: string; testId: string }>) {
  return (
    <div class="field">
      <label for={props.for}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        {(hint) => (
          <p class="field-hint" id={`${props.for}-hint`}>
            {hint()}
          </p>
        )}
      </Show>
      <Show when={props.error}>
        {(message) => (
          <p class="field-error" id={`${props.for}-error`} data-testid={`${props.testId}-error`}>
            {message()}
          </p>
        )}
      </Show>
    </div>
  );
}

export function fieldAria(id: string, error: string | undefined, hint = false) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** Messages for fields the form does not show (e.g. Idempotency-Key), listed under the error. */
export function OtherFieldErrors(props: { fields: Readonly<Record<string, string>>; shown: readonly string[] }) {
  const others = () => Object.entries(props.fields).filter(([name]) => !props.shown.includes(name));
  return (
    <Show when={others().length > 0}>
      <ul class="field-errors">
        <For each={others()}>
          {([name, message]) => (
            <li>
              <code>{name}</code>: {message}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** The error box's text: the API's message, unless it only repeats a field's message shown beside it. */
export function generalMessage(message: string, fields: Readonly<Record<string, string>>): string {
  return Object.values(fields).includes(message) ? t('common.checkFields') : message;
}

/** What SubmissionError reads of a form's submission (createSubmission). */
interface SubmissionState {
  error: () => string | undefined;
  fields: () => Readonly<Record<string, string>>;
}

/**
 * A write form's error box, when its last answer was a failure: the API's message (unless a field
 * beside the input already says it) and the messages of fields the form does not show.
 */
export function SubmissionError(props: { submission: SubmissionState; shown: readonly string[]; testId: string; wide?: boolean }) {
  return (
    <Show when={props.submission.error()}>
      {(message) => (
        <div class={props.wide ? 'notice notice-error form-wide' : 'notice notice-error'} role="alert" data-testid={props.testId}>
          <p class="notice-message">{generalMessage(message(), props.submission.fields())}</p>
          <OtherFieldErrors fields={props.submission.fields()} shown={props.shown} />
        </div>
      )}
    </Show>
  );
}

/** A write form's actions: its submit button, disabled and saying so while the request runs, then any other actions. */
export function SubmitActions(props: ParentProps<{ busy: boolean; label: string; busyLabel?: string; testId: string; small?: boolean; wide?: boolean }>): JSX.Element {
  return (
    <div class={props.wide ? 'form-actions form-wide' : 'form-actions'}>
      <button type="submit" class={props.small ? 'button button-primary button-small' : 'button button-primary'} data-testid={props.testId} disabled={props.busy}>
        {props.busy && props.busyLabel ? props.busyLabel : props.label}
      </button>
      {props.children}
    </div>
  );
}

/** What a failed write shows: the API's message and its messages by field (none for a network error). */
export type Failure = { message: string; fields: Readonly<Record<string, string>> };

export function failureOf(caught: unknown): Failure {
  return { message: errorMessage(caught), fields: caught instanceof ApiError ? caught.fields : {} };
}
