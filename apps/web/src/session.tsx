import { createContext, createSignal, onCleanup, useContext, type ParentProps } from 'solid-js';
import { ApiError, errorMessage, onUnauthorized } from './api';
import { getMe, type Me } from './features/sign-in/auth.api';

/**
 * What the app knows about the visitor. "unavailable" covers every answer of /api/me other than
 * 200 and 401 (network down, or an API without sign-in yet): public pages keep working then.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; me: Me }
  | { status: 'anonymous' }
  | { status: 'unavailable'; message: string };

type SessionContextValue = {
  state: () => SessionState;
  /** Asks /api/me again, e.g. after signing in or turning on two-factor sign-in. */
  refresh: () => Promise<void>;
  /** Forgets the user at once, e.g. after signing out. */
  markSignedOut: () => void;
};

const SessionContext = createContext<SessionContextValue>();

async function loadSession(): Promise<SessionState> {
  try {
    return { status: 'signed-in', me: await getMe() };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'anonymous' };
    return { status: 'unavailable', message: errorMessage(error) };
  }
}

export function SessionProvider(props: ParentProps) {
  // A plain signal rather than a resource: the shell must never suspend on /api/me.
  const [state, setState] = createSignal<SessionState>({ status: 'loading' });
  let latestRequest = 0;

  const refresh = async (): Promise<void> => {
    const request = ++latestRequest;
    const next = await loadSession();
    // An older answer arriving late must not overwrite a newer one.
    if (request === latestRequest) setState(next);
  };

  const markSignedOut = (): void => {
    latestRequest++;
    setState({ status: 'anonymous' });
  };

  // Any API call answered 401 while signed in: the session ended (expired, ended elsewhere).
  onCleanup(onUnauthorized(() => {
    if (state().status === 'signed-in') markSignedOut();
  }));

  void refresh();

  return (
    <SessionContext.Provider value={{ state, refresh, markSignedOut }}>{props.children}</SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession() needs a <SessionProvider> above it');
  return context;
}

/** The signed-in user's data, or undefined. */
export function signedInMe(state: SessionState): Me | undefined {
  return state.status === 'signed-in' ? state.me : undefined;
}

/** Why /api/me could not be asked, or undefined. */
export function unavailableMessage(state: SessionState): string | undefined {
  return state.status === 'unavailable' ? state.message : undefined;
}
