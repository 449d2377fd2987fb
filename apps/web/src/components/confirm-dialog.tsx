import { createEffect, Show, type JSX } from 'solid-js';
import { t } from '../i18n';

/**
 * A modal question (native <dialog>, so focus stays inside and Escape cancels) with a confirm and
 * a cancel button. Open while `open` is true; the caller closes it from onConfirm / onCancel.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  /** The cancel button's label (default: 取消 / Cancel). */
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  /**
   * `panel`: a side panel over the page's right edge (the whole width on a phone) for a preview to
   * read before confirming; focus starts on its title, so it is read from the top.
   */
  variant?: 'panel';
}) {
  let dialog!: HTMLDialogElement;
  let cancel!: HTMLButtonElement;
  let title!: HTMLHeadingElement;
  createEffect(() => {
    if (props.open && !dialog.open) {
      dialog.showModal();
      // A destructive question starts on the safe answer: Enter on open must not delete anything.
      if (props.danger) cancel.focus();
      else if (props.variant === 'panel') title.focus();
    }
    if (!props.open && dialog.open) dialog.close();
  });
  const testId = () => props.testId ?? 'confirm-dialog';
  return (
    <dialog
      ref={dialog}
      class={props.variant === 'panel' ? 'dialog dialog-panel' : 'dialog'}
      data-testid={testId()}
      aria-labelledby={`${testId()}-title`}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 ref={title} id={`${testId()}-title`} class="dialog-title" tabindex="-1">
        {props.title}
      </h2>
      <div class="dialog-body">{props.children}</div>
      <Show when={props.error}>
        {(message) => (
          <p class="field-error" role="alert" data-testid={`${testId()}-error`}>
            {message()}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button
          type="button"
          class={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
          data-testid={`${testId()}-confirm`}
          disabled={props.busy}
          onClick={() => props.onConfirm()}
        >
          {props.confirmLabel}
        </button>
        <button ref={cancel} type="button" class="button button-quiet" data-testid={`${testId()}-cancel`} disabled={props.busy} onClick={() => props.onCancel()}>
          {props.cancelLabel ?? t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
