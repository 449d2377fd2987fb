import { Match, Switch, type JSX } from 'solid-js';
import { Navigate, useLocation } from '@solidjs/router';
import type { Me } from '../sign-in/auth.api';
import { t } from '../../i18n';
import { signedInMe, unavailableMessage, useSession } from '../../session';
import { ErrorNotice, Loading } from '../../components/status';

/** Renders its children only for a signed-in user; a visitor without a session goes to /sign-in. */
export function RequireSignIn(props: { children: (me: () => Me) => JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  const signInHref = () => `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
  const state = session.state;

  return (
    <Switch>
      <Match when={state().status === 'loading'}>
        <Loading label={t('guard.checking')} />
      </Match>
      <Match when={state().status === 'anonymous'}>
        <Navigate href={signInHref()} />
      </Match>
      <Match when={unavailableMessage(state())}>
        {(message) => (
          <ErrorNotice
            message={t('error.sessionUnavailable', { message: message() })}
            onRetry={() => void session.refresh()}
          />
        )}
      </Match>
      <Match when={signedInMe(state())}>
        {(me) => props.children(me)}
      </Match>
    </Switch>
  );
}
