import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { errorMessage } from '../../api';
import {
  confirmTwoFactor,
  endSession,
  listSessions,
  setUpTwoFactor,
  signOutEverywhere,
  type Me,
  type SessionInfo,
  type TwoFactorSetup,
} from '../sign-in/auth.api';
import { RequireSignIn } from '../app/require-sign-in';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { action, createLoaded, query, reload, useAction } from '../../data';
import { usePageTitle } from '../../document-title';
import { formatDateTime, t } from '../../i18n';
import { useSession } from '../../session';

export function SecurityPage() {
  usePageTitle(() => t('security.title'));
  return <RequireSignIn>{(me) => <Security me={me()} />}</RequireSignIn>;
}

// A 401 is handled once, in the API client (the session forgets the user); sections show the message.
const handle = errorMessage;

function Security(props: { me: Me }) {
  return (
    <section class="page">
      <h1 data-testid="page-title">{t('security.title')}</h1>
      <TwoFactorSection enabled={props.me.user.twoFactorEnabled} />
      <SessionsSection />
      <SignOutEverywhereSection />
    </section>
  );
}

function TwoFactorSection(props: { enabled: boolean }) {
  const session = useSession();
  const [setup, setSetup] = createSignal<TwoFactorSetup>();
  const [code, setCode] = createSignal('');
  const [recoveryCodes, setRecoveryCodes] = createSignal<string[]>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  async function start(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      setSetup(await setUpTwoFactor());
    } catch (caught) {
      setError(handle(caught));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const value = code().replace(/\s+/g, '');
    setError(undefined);
    if (!/^[0-9]{6}$/.test(value)) {
      setError(t('signIn.codeFormat'));
      return;
    }
    setBusy(true);
    try {
      const result = await confirmTwoFactor(value);
      setRecoveryCodes(result.recoveryCodes);
      setSetup(undefined);
      setCode('');
      await session.refresh();
    } catch (caught) {
      setError(handle(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card section" aria-labelledby="two-factor-title" data-testid="two-factor">
      <h2 id="two-factor-title">{t('security.twoFactor.title')}</h2>
      <p data-testid="two-factor-status" data-enabled={String(props.enabled)}>
        <span class={props.enabled ? 'dot dot-on' : 'dot dot-off'} aria-hidden="true" />
        {props.enabled ? t('security.twoFactor.enabled') : t('security.twoFactor.disabled')}
      </p>

      <Show when={recoveryCodes()}>
        {(codes) => (
          <div class="notice notice-success" data-testid="recovery-codes">
            <p class="notice-title">{t('security.twoFactor.recoveryTitle')}</p>
            <p>{t('security.twoFactor.recoveryHint')}</p>
            <ol class="code-list">
              <For each={codes()}>{(recoveryCode) => <li><code>{recoveryCode}</code></li>}</For>
            </ol>
          </div>
        )}
      </Show>

      <Show when={!props.enabled && !recoveryCodes()}>
        <Show
          when={setup()}
          fallback={
            <button type="button" class="button button-primary" data-testid="two-factor-start" disabled={busy()} onClick={() => void start()}>
              {busy() ? t('security.twoFactor.starting') : t('security.twoFactor.start')}
            </button>
          }
        >
          {(pending) => (
            <form class="form" onSubmit={(event) => void confirm(event)}>
              <p class="hint">{t('security.twoFactor.setupHint')}</p>
              <dl class="facts facts-stacked">
                <div>
                  <dt>{t('security.twoFactor.secret')}</dt>
                  <dd>
                    <code class="secret" data-testid="two-factor-secret">{pending().secret}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('security.twoFactor.uri')}</dt>
                  <dd>
                    <code class="uri" data-testid="two-factor-uri">{pending().otpauthUri}</code>
                  </dd>
                </div>
              </dl>
              <div class="field">
                <label for="two-factor-confirm-code">{t('security.twoFactor.code')}</label>
                <input
                  id="two-factor-confirm-code"
                  data-testid="two-factor-confirm-code"
                  class="input-code"
                  type="text"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  maxlength="7"
                  required
                  value={code()}
                  onInput={(event) => setCode(event.currentTarget.value)}
                />
              </div>
              <button type="submit" class="button button-primary" data-testid="two-factor-confirm" disabled={busy()}>
                {busy() ? t('security.twoFactor.confirming') : t('security.twoFactor.confirm')}
              </button>
            </form>
          )}
        </Show>
      </Show>

      <Show when={error()}>
        {(message) => <ErrorNotice message={message()} testId="two-factor-error" />}
      </Show>
    </section>
  );
}

const sessionsQuery = query(() => listSessions(), 'security.sessions');
const endSessionAction = action((id: string) => endSession(id), 'security.endSession');

function SessionsSection() {
  const session = useSession();
  const navigate = useNavigate();
  const sessions = createLoaded(() => sessionsQuery());
  const endOne = useAction(endSessionAction);
  const [ending, setEnding] = createSignal<string>();
  const [error, setError] = createSignal<string>();

  async function end(item: SessionInfo): Promise<void> {
    setEnding(item.id);
    setError(undefined);
    try {
      await endOne(item.id);
      if (item.current) {
        session.markSignedOut();
        navigate('/sign-in', { replace: true });
        return;
      }
    } catch (caught) {
      setError(handle(caught));
    } finally {
      setEnding(undefined);
    }
  }

  return (
    <section class="card section" aria-labelledby="sessions-title" data-testid="sessions">
      <h2 id="sessions-title">{t('security.sessions.title')}</h2>
      <p class="hint">{t('security.sessions.hint')}</p>
      <Switch>
        <Match when={sessions.error() && !sessions.value()}>
          <ErrorNotice
            title={t('security.sessions.loadFailed')}
            message={errorMessage(sessions.error())}
            onRetry={() => void reload(sessionsQuery)}
            testId="sessions-error"
          />
        </Match>
        <Match when={sessions.value()}>
          {(page) => (
            <ResourceTable
              testId="sessions-table"
              caption={t('security.sessions.title')}
              rows={page().items}
              empty={t('security.sessions.empty')}
              rowTestId="session-row"
              rowAttributes={(item) => ({ 'data-current': String(item.current) })}
              columns={[
                {
                  header: t('security.sessions.createdAt'),
                  cell: (item) => (
                    <>
                      {formatDateTime(item.createdAt)}
                      <Show when={item.current}>
                        {' '}
                        <span class="badge badge-accent">{t('security.sessions.current')}</span>
                      </Show>
                    </>
                  ),
                },
                { header: t('security.sessions.lastUsedAt'), cell: (item) => formatDateTime(item.lastUsedAt) },
                {
                  header: t('security.sessions.end'),
                  hideHeader: true,
                  class: 'cell-actions',
                  cell: (item) => (
                    <button
                      type="button"
                      class="button button-secondary button-small"
                      data-testid="session-end"
                      aria-label={t('security.sessions.endLabel', { createdAt: formatDateTime(item.createdAt) })}
                      disabled={ending() !== undefined}
                      onClick={() => void end(item)}
                    >
                      {t('security.sessions.end')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </Match>
        <Match when={true}>
          <Loading />
        </Match>
      </Switch>
      <Show when={error()}>
        {(message) => <ErrorNotice message={message()} testId="session-end-error" />}
      </Show>
    </section>
  );
}

function SignOutEverywhereSection() {
  const session = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  async function signOutAll(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await signOutEverywhere();
      session.markSignedOut();
      navigate('/sign-in', { replace: true });
    } catch (caught) {
      setError(handle(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card section" aria-labelledby="everywhere-title">
      <h2 id="everywhere-title">{t('security.everywhere.title')}</h2>
      <p class="hint">{t('security.everywhere.hint')}</p>
      <button type="button" class="button button-danger" data-testid="sign-out-everywhere" disabled={busy()} onClick={() => void signOutAll()}>
        {t('security.everywhere.button')}
      </button>
      <Show when={error()}>
        {(message) => <ErrorNotice message={message()} testId="sign-out-everywhere-error" />}
      </Show>
    </section>
  );
}
