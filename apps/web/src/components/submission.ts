import { createSignal } from 'solid-js';
import { ApiError, errorMessage } from '../api';
import { keepKeyAfter, newIdempotencyKey } from '../idempotency-key';

/**
 * What every write holds: busy while it runs (a second write meanwhile is ignored), and the
 * message and per-field messages of the last failure. `failed` decides what a failure shows.
 */
function writeState() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [fields, setFields] = createSignal<Readonly<Record<string, string>>>({});

  async function guarded<T>(work: () => Promise<T>, failed: (caught: unknown) => void): Promise<{ ok: true; value: T } | { ok: false }> {
    if (busy()) return { ok: false };
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      return { ok: true, value: await work() };
    } catch (caught) {
      failed(caught);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, fields, setFields, guarded };
}

/**
 * The state of one write form: busy while the request runs (a second submit is ignored), the
 * error and per-field messages of the last answer, and the form's Idempotency-Key, made when the
 * form opens. The key is kept after a network error or 5xx (the first attempt may have been
 * recorded, so a retry must replay it) and renewed after a 4xx (nothing was written; the corrected
 * request is a new one, and reusing the key with another body would be a 409).
 */
export function createSubmission() {
  const state = writeState();
  let key = newIdempotencyKey();

  async function run<T>(work: (idempotencyKey: string) => Promise<T>): Promise<T | undefined> {
    const done = await state.guarded(() => work(key), (caught) => {
      state.setError(errorMessage(caught));
      if (caught instanceof ApiError) {
        state.setFields(caught.fields);
        if (!keepKeyAfter(caught.status)) key = newIdempotencyKey();
      }
    });
    return done.ok ? done.value : undefined;
  }

  return {
    busy: state.busy,
    error: state.error,
    fields: state.fields,
    fieldError: (name: string): string | undefined => state.fields()[name],
    run,
    /** Forget the last answer and start a new request (a form opened again). */
    reset() {
      state.setError(undefined);
      state.setFields({});
      key = newIdempotencyKey();
    },
    /** The key the next submit sends (tests and debugging). */
    key: () => key,
  };
}

/**
 * A page's writes without an idempotency key (create, revoke, rotate, change a role): busy while
 * one runs (another is ignored), and the last failure. With `byField`, an API answer that names
 * fields keeps its messages by field (shown beside the inputs) and anything else its message;
 * without, always the message. `setError` lets the page say what went wrong on its own side.
 */
export function createAction() {
  const state = writeState();

  /** Runs `work` unless a write is running; true when it succeeded. */
  async function run(work: () => Promise<unknown>, options: { byField?: boolean } = {}): Promise<boolean> {
    const done = await state.guarded(work, (caught) => {
      if (options.byField && caught instanceof ApiError && Object.keys(caught.fields).length) state.setFields(caught.fields);
      else state.setError(errorMessage(caught));
    });
    return done.ok;
  }

  return { busy: state.busy, error: state.error, fields: state.fields, setError: state.setError, run };
}

/**
 * Preview, then commit: a form's submit reads a preview (nothing is filed) and shows it; the
 * dialog's confirm commits with its own idempotency key and hands the result on; going back
 * forgets the commit's answer and returns the focus to the form. Termination and transfer use it.
 */
export function createPreviewCommit<P, R>(options: {
  preview: () => Promise<P>;
  commit: (idempotencyKey: string) => Promise<R>;
  onDone: (result: R) => void;
  /** The form field focused again when the user goes back from the preview. */
  focusBackId: string;
}) {
  const submission = createSubmission();
  const commit = createSubmission();
  const [preview, setPreview] = createSignal<P>();
  return {
    submission,
    commit,
    preview,
    async onSubmit(event: SubmitEvent): Promise<void> {
      event.preventDefault();
      const shown = await submission.run(() => options.preview());
      if (shown !== undefined) setPreview(() => shown);
    },
    async onConfirm(): Promise<void> {
      const done = await commit.run(options.commit);
      if (done === undefined) return;
      setPreview(undefined);
      options.onDone(done);
    },
    onBack(): void {
      commit.reset();
      setPreview(undefined);
      document.getElementById(options.focusBackId)?.focus();
    },
  };
}
