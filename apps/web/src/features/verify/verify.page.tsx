import { createSignal, Show } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { Field, fieldAria } from '../../components/form-field';
import { usePageTitle } from '../../document-title';
import { t } from '../../i18n';
import { verifyStatement, type StatementCheck } from './verify.api';

/** `/verify`: anyone checks a coverage statement's code; the answer is only the issue date and genuine or not. */
export function VerifyPage() {
  usePageTitle(() => t('verify.title'));
  const [code, setCode] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<StatementCheck>();
  const [error, setError] = createSignal<string>();

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await verifyStatement(code()));
    } catch (cause) {
      setError(cause instanceof ApiError ? (cause.fields.code ?? cause.message) : errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="verify-page">
      <h1 data-testid="page-title">{t('verify.title')}</h1>
      <p class="lead">{t('verify.intro')}</p>
      <form class="card form" onSubmit={(event) => void submit(event)} novalidate>
        <Field for="verify-code" label={t('verify.code')} hint={t('verify.codeHint')} error={error()} testId="verify-code">
          <input
            id="verify-code"
            data-testid="verify-code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={64}
            value={code()}
            onInput={(event) => setCode(event.currentTarget.value)}
            {...fieldAria('verify-code', error(), true)}
          />
        </Field>
        <button type="submit" class="button" data-testid="verify-submit" disabled={busy()}>
          {t('verify.submit')}
        </button>
      </form>
      <Show when={result()}>
        {(r) => (
          <div
            class={`notice ${r().genuine ? 'notice-success' : 'notice-error'}`}
            role="status"
            data-testid="verify-result"
            data-genuine={r().genuine ? 'true' : 'false'}
          >
            <p>{r().genuine ? t('verify.genuine', { date: r().issuedOn ?? '' }) : t('verify.notGenuine')}</p>
          </div>
        )}
      </Show>
      <p class="field-hint">{t('verify.official')}</p>
    </section>
  );
}
