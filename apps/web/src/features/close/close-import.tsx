import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { t } from '../../i18n';
import { cellOfApiField, type CsvProblem } from './close-csv';

/** Reads a chosen file as text: UTF-8, or GB18030 when it is not valid UTF-8 (Excel's Chinese CSV). */
async function fileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The problems of an import, one per line and column, in the user's language. */
export function problemText(p: CsvProblem): string {
  const where = p.line === 0 ? t('close.problem.text') : t('close.problem.line', { line: p.line });
  const column = p.column ? t(`close.column.${p.column}`) : '';
  return `${where}: ${t(`close.problem.${p.code}`, { column })}`;
}

/**
 * One import (the bill or the deductions): a text box to paste into, a CSV file to read into it,
 * and the submit. `send` parses and records; it throws the API's error, whose field errors are
 * shown at the line and column they came from.
 */
export function CloseImport(props: {
  id: 'bill' | 'deductions';
  title: string;
  hint: string;
  label: string;
  submitLabel: string;
  disabled: boolean;
  /** More fields before the submit (the deductions' replace box). */
  extra?: () => JSX.Element;
  /** Reports the text's line of each item sent (`parsed`) before the API answers. */
  send: (text: string, parsed: (lines: number[]) => void) => Promise<{ problems: CsvProblem[]; done?: string }>;
}) {
  const [text, setText] = createSignal('');
  const [problems, setProblems] = createSignal<string[]>([]);
  const [error, setError] = createSignal<string>();
  const [done, setDone] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let sentLines: number[] = [];

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setProblems([]);
    setError(undefined);
    setDone(undefined);
    try {
      const result = await props.send(text(), (lines) => (sentLines = lines));
      setProblems(result.problems.map(problemText));
      if (result.problems.length) setError(t('close.importFailed'));
      else setDone(result.done);
    } catch (caught) {
      setError(errorMessage(caught));
      if (caught instanceof ApiError) {
        setProblems(
          Object.entries(caught.fields).map(([field, message]) => {
            const cell = cellOfApiField(field, sentLines, props.id);
            if (!cell) return message;
            const where = t('close.problem.line', { line: cell.line });
            return cell.column ? `${where} · ${t(`close.column.${cell.column}`)}: ${message}` : `${where}: ${message}`;
          }),
        );
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card card-form" novalidate data-testid={`close-${props.id}-form`} onSubmit={(e) => void submit(e)}>
      <h2>{props.title}</h2>
      <p class="field-hint">{props.hint}</p>
      <div class="field">
        <label for={`close-${props.id}-text`}>{props.label}</label>
        <textarea
          id={`close-${props.id}-text`}
          data-testid={`close-${props.id}-text`}
          rows={6}
          spellcheck={false}
          class="input-code"
          disabled={props.disabled}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-invalid={problems().length > 0}
        />
      </div>
      <div class="field">
        <label for={`close-${props.id}-file`}>{t('close.file')}</label>
        <input
          id={`close-${props.id}-file`}
          data-testid={`close-${props.id}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          disabled={props.disabled}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void fileText(file).then(setText);
          }}
        />
      </div>
      {props.extra?.()}
      <Show when={error()}>
        {(message) => (
          <div class="notice notice-error" role="alert" data-testid={`close-${props.id}-error`}>
            <p class="notice-message">{message()}</p>
            <Show when={problems().length > 0}>
              <ul class="field-errors">
                <For each={problems()}>{(p) => <li data-testid={`close-${props.id}-problem`}>{p}</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <Show when={done()}>{(message) => <p class="notice notice-success" role="status" data-testid={`close-${props.id}-done`}>{message()}</p>}</Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid={`close-${props.id}-submit`} disabled={busy() || props.disabled || !text().trim()}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
