import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { createLoaded, query } from '../../data';
import { ApiError, errorMessage } from '../../api';
import { t } from '../../i18n';
import { addPolicyRevision, getRawPolicyRecord, type NewPolicySource, type PolicyRecord } from './policies.api';
import { ErrorNotice, Loading } from '../../components/status';
import { OtherFieldErrors } from '../../components/form-field';

type Failure = { message: string; fields: [string, string][] };

/**
 * "修订 / Revise": a consultant edits the shown record as JSON (the shape of the shipped YAML files)
 * and files it as the next revision of its city and year. The server validates and numbers it.
 */
const rawRecordQuery = query((id: string) => getRawPolicyRecord(id), 'policies.rawRecord');

export function PolicyRevisionForm(props: { record: PolicyRecord; onSaved: (id: string) => void }) {
  const [open, setOpen] = createSignal(false);
  const raw = createLoaded(() => (open() ? rawRecordQuery(props.record.id) : undefined));
  const [text, setText] = createSignal<string | undefined>(undefined);
  const [sourcesText, setSourcesText] = createSignal('');
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure | undefined>();

  // Prefilled with the record as entered; `revision` is assigned by the server, so it is left out.
  const prefill = () => {
    const r = raw.value()?.record;
    if (!r) return '';
    const { revision: _revision, ...rest } = r;
    return JSON.stringify(rest, null, 2);
  };
  const current = () => text() ?? prefill();

  // Another city or year was chosen: start over from its record.
  createEffect(
    on(
      () => props.record.id,
      () => {
        setOpen(false);
        setText(undefined);
        setFailure(undefined);
      },
      { defer: true },
    ),
  );

  function parseJson(value: string, field: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(value) };
    } catch (error) {
      setFailure({ message: t('revise.invalidJson'), fields: [[field, (error as Error).message]] });
      return { ok: false };
    }
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setFailure(undefined);
    const record = parseJson(current(), 'record');
    if (!record.ok) return;
    let sources: NewPolicySource[] | undefined;
    if (sourcesText().trim()) {
      const parsed = parseJson(sourcesText(), 'sources');
      if (!parsed.ok) return;
      sources = parsed.value as NewPolicySource[];
    }
    setBusy(true);
    try {
      const created = await addPolicyRevision(props.record.city.code, props.record.year, {
        record: record.value as Record<string, unknown>,
        note: note(),
        ...(sources ? { sources } : {}),
      });
      setOpen(false);
      setText(undefined);
      setNote('');
      setSourcesText('');
      props.onSaved(created.id);
    } catch (error) {
      setFailure({ message: errorMessage(error), fields: error instanceof ApiError ? Object.entries(error.fields) : [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card revise" data-testid="policy-revise">
      <Show
        when={open()}
        fallback={
          <button type="button" class="button button-secondary" data-testid="policy-revise-open" onClick={() => setOpen(true)}>
            {t('revise.open')}
          </button>
        }
      >
        <h3>{t('revise.title', { id: props.record.id })}</h3>
        <p class="field-hint">{t('revise.hint')}</p>
        <Show when={raw.error()}>
          <ErrorNotice message={errorMessage(raw.error())} testId="policy-revise-load-error" />
        </Show>
        <Show when={raw.value()} fallback={<Show when={raw.pending()}><Loading /></Show>}>
          <form class="form" onSubmit={(event) => void submit(event)}>
            <div class="field">
              <label for="policy-revise-record">{t('revise.record')}</label>
              <textarea
                id="policy-revise-record"
                data-testid="policy-revise-record"
                class="input-json"
                rows="24"
                spellcheck={false}
                aria-invalid={failure()?.fields.some(([f]) => f === 'record' || f.startsWith('record.')) ? 'true' : undefined}
                value={current()}
                onInput={(event) => setText(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="policy-revise-sources">{t('revise.sources')}</label>
              <p class="field-hint">{t('revise.sourcesHint')}</p>
              <textarea
                id="policy-revise-sources"
                data-testid="policy-revise-sources"
                class="input-json"
                rows="3"
                spellcheck={false}
                placeholder='[{"id": "SZ-2025-1", "title": "…", "url": "https://…", "grade": "A"}]'
                value={sourcesText()}
                onInput={(event) => setSourcesText(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="policy-revise-note">{t('revise.note')}</label>
              <input
                id="policy-revise-note"
                data-testid="policy-revise-note"
                type="text"
                maxlength="2000"
                required
                value={note()}
                onInput={(event) => setNote(event.currentTarget.value)}
              />
            </div>
            <Show when={failure()}>
              {(f) => (
                <div class="notice notice-error" role="alert" data-testid="policy-revise-error">
                  <p class="notice-message">{f().message}</p>
                  <OtherFieldErrors fields={Object.fromEntries(f().fields)} shown={[]} />
                </div>
              )}
            </Show>
            <div class="form-actions">
              <button type="submit" class="button button-primary" data-testid="policy-revise-submit" disabled={busy()}>
                {busy() ? t('revise.saving') : t('revise.submit')}
              </button>
              <button type="button" class="button button-quiet" disabled={busy()} onClick={() => setOpen(false)}>
                {t('revise.cancel')}
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}
