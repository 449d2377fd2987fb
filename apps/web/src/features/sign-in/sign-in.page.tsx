import { createEffect, createSignal, Match, Show, Switch } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { signIn, twoFactor } from './auth.api';
import { Field, fieldAria } from '../../components/form-field';
import { usePageTitle } from '../../document-title';
import { t } from '../../i18n';
import { useSession } from '../../session';

type Step = 'credentials' | 'code';

/** Only same-app paths: `next` comes from the address bar and must not send the user elsewhere. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  return next.startsWith('/sign-in') ? '/' : next;
}

const CODE_PATTERN = /^[0-9]{6}$/;

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [step, setStep] = createSignal<Step>('credentials');
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [fieldErrors, setFieldErrors] = createSignal<Readonly<Record<string, string>>>({});

  usePageTitle(() => (step() === 'code' ? t('signIn.twoFactorTitle') : t('signIn.title')));

  const goOn = () => navigate(safeNext(search.next), { replace: true });

  // Someone already signed in has nothing to do here.
  createEffect(() => {
    if (session.state().status === 'signed-in' && step() === 'credentials' && !busy()) goOn();
  });

  function showError(caught: unknown): void {
    setError(errorMessage(caught));
    setFieldErrors(caught instanceof ApiError ? caught.fields : {});
  }

  async function finish(): Promise<void> {
    await session.refresh();
    goOn();
  }

  async function onCredentials(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const result = await signIn(email().trim(), password());
      if (result.twoFactorRequired) {
        setPassword('');
        setStep('code');
      } else {
        await finish();
      }
    } catch (caught) {
      showError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function onCode(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const value = code().replace(/\s+/g, '');
    setError(undefined);
    setFieldErrors({});
    if (!CODE_PATTERN.test(value)) {
      setError(t('signIn.codeFormat'));
      return;
    }
    setBusy(true);
    try {
      await twoFactor(value);
      await finish();
    } catch (caught) {
      setCode('');
      showError(caught);
    } finally {
      setBusy(false);
    }
  }

  function backToCredentials(): void {
    setStep('credentials');
    setCode('');
    setError(undefined);
    setFieldErrors({});
  }

  const fieldError = (name: string) => fieldErrors()[name];

  return (
    <section class="page page-narrow">
      <div class="card card-form">
        <Switch>
          <Match when={step() === 'credentials'}>
            <h1 data-testid="page-title">{t('signIn.title')}</h1>
            <p class="lead">{t('signIn.intro')}</p>
            <form class="form" onSubmit={(event) => void onCredentials(event)}>
              <Field for="sign-in-email" label={t('signIn.email')} error={fieldError('email')} testId="sign-in-email">
                <input
                  id="sign-in-email"
                  data-testid="sign-in-email"
                  type="email"
                  name="email"
                  autocomplete="username"
                  required
                  value={email()}
                  onInput={(event) => setEmail(event.currentTarget.value)}
                  {...fieldAria('sign-in-email', fieldError('email'))}
                />
              </Field>
              <Field for="sign-in-password" label={t('signIn.password')} error={fieldError('password')} testId="sign-in-password">
                <input
                  id="sign-in-password"
                  data-testid="sign-in-password"
                  type="password"
                  name="password"
                  autocomplete="current-password"
                  required
                  value={password()}
                  onInput={(event) => setPassword(event.currentTarget.value)}
                  {...fieldAria('sign-in-password', fieldError('password'))}
                />
              </Field>
              <Show when={error()}>
                {(message) => (
                  <p class="notice notice-error" role="alert" data-testid="sign-in-error">
                    {message()}
                  </p>
                )}
              </Show>
              <button type="submit" class="button button-primary button-block" data-testid="sign-in-submit" disabled={busy()}>
                {busy() ? t('signIn.submitting') : t('signIn.submit')}
              </button>
            </form>
          </Match>
          <Match when={step() === 'code'}>
            <h1 data-testid="page-title">{t('signIn.twoFactorTitle')}</h1>
            <p class="lead">{t('signIn.twoFactorHint')}</p>
            <form class="form" onSubmit={(event) => void onCode(event)}>
              <Field for="two-factor-code" label={t('signIn.code')} hint={t('signIn.codeFormat')} error={fieldError('code')} testId="two-factor-code">
                <input
                  id="two-factor-code"
                  data-testid="two-factor-code"
                  class="input-code"
                  type="text"
                  name="code"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  maxlength="7"
                  required
                  autofocus
                  value={code()}
                  onInput={(event) => setCode(event.currentTarget.value)}
                  {...fieldAria('two-factor-code', fieldError('code'), true)}
                />
              </Field>
              <Show when={error()}>
                {(message) => (
                  <p class="notice notice-error" role="alert" data-testid="sign-in-error">
                    {message()}
                  </p>
                )}
              </Show>
              <button type="submit" class="button button-primary button-block" data-testid="sign-in-submit" disabled={busy()}>
                {busy() ? t('signIn.verifying') : t('signIn.verify')}
              </button>
              <button type="button" class="button button-link" onClick={backToCredentials} disabled={busy()}>
                {t('signIn.back')}
              </button>
            </form>
          </Match>
        </Switch>
      </div>
    </section>
  );
}
