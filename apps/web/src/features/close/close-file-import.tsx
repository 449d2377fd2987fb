import { createSignal, For, Show } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { t } from '../../i18n';
import { useTenant } from '../tenant/tenant-layout';
import { importCloseFile, type CloseKey } from './close.api';

/**
 * Payroll's export (CSV or Excel) or the city's Excel bill uploaded as it is: the server reads
 * its columns by the company's saved mapping (proposed from the headers the first time, then kept
 * for next month) and names the row and column of anything it cannot read; nothing is recorded then.
 */
export function CloseFileImport(props: { locked: boolean; keyOf: () => CloseKey; onChanged: () => void }) {
  const tenant = useTenant();
  const [what, setWhat] = createSignal<'deductions' | 'bill'>('deductions');
  const [file, setFile] = createSignal<File>();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [problems, setProblems] = createSignal<string[]>([]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const chosen = file();
    if (!chosen || busy()) return;
    setBusy(true);
    setDone(undefined);
    setError(undefined);
    setProblems([]);
    try {
      const r = await importCloseFile(tenant.slug(), props.keyOf(), what(), chosen);
      setDone(t(`close.file.done.${r.mappingSource}`, { rows: r.rows }));
    } catch (caught) {
      setError(errorMessage(caught));
      if (caught instanceof ApiError) setProblems(Object.values(caught.fields));
    } finally {
      setBusy(false);
      props.onChanged();
    }
  }

  return (
    <form class="card card-form" novalidate data-testid="close-file-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('close.file.title')}</h2>
      <p class="field-hint">{t('close.file.hint')}</p>
      <label class="field">
        <span>{t('close.file.what')}</span>
        <select data-testid="close-file-what" value={what()} disabled={props.locked} onChange={(e) => setWhat(e.currentTarget.value as 'deductions' | 'bill')}>
          <option value="deductions">{t('close.file.deductions')}</option>
          <option value="bill">{t('close.file.bill')}</option>
        </select>
      </label>
      <label class="field">
        <span>{t('close.file.file')}</span>
        <input type="file" accept=".csv,.xlsx" data-testid="close-file-input" disabled={props.locked} onChange={(e) => setFile(e.currentTarget.files?.[0])} />
      </label>
      <Show when={done()}>{(m) => <p class="notice notice-success" role="status" data-testid="close-file-done">{m()}</p>}</Show>
      <Show when={error()}>
        {(m) => (
          <div class="notice notice-error" role="alert" data-testid="close-file-error">
            <p>{m()}</p>
            <ul>
              <For each={problems()}>{(p) => <li>{p}</li>}</For>
            </ul>
          </div>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="close-file-submit" disabled={props.locked || busy() || !file()}>
          {t('close.file.submit')}
        </button>
      </div>
    </form>
  );
}
