import { createEffect, createSignal, on, Show } from 'solid-js';
import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { signOut } from '../sign-in/auth.api';
import { lang, t, toggleLang } from '../../i18n';
import { signedInMe, useSession } from '../../session';
import { ErrorNotice } from '../../components/status';
import { ToastRegion } from '../../components/toast';

export function AppShell(props: RouteSectionProps) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const me = () => signedInMe(session.state());
  const [signingOut, setSigningOut] = createSignal(false);
  const [shellError, setShellError] = createSignal<string>();
  // On phones (≤ 40rem) the nav and the account actions fold behind one menu button; on wider
  // screens the button is not shown and the menu is always laid out inline.
  const [menuOpen, setMenuOpen] = createSignal(false);
  let menuButton: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;
  createEffect(on(() => location.pathname, () => setMenuOpen(false), { defer: true }));
  function toggleMenu(): void {
    const open = !menuOpen();
    setMenuOpen(open);
    if (open) menu?.querySelector<HTMLElement>('a, button')?.focus();
  }
  function onMenuKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !menuOpen()) return;
    setMenuOpen(false);
    menuButton?.focus();
  }

  const showSignInLink = () => {
    const status = session.state().status;
    return status !== 'loading' && status !== 'signed-in' && location.pathname !== '/sign-in';
  };

  async function onSignOut(): Promise<void> {
    setSigningOut(true);
    setShellError(undefined);
    try {
      await signOut();
    } catch (error) {
      // 401: the session had already ended, which is what the user wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        setShellError(errorMessage(error));
        return;
      }
    } finally {
      setSigningOut(false);
    }
    session.markSignedOut();
    navigate('/sign-in', { replace: true });
  }

  return (
    <div class="shell" data-testid="app-shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="header">
        <div class="header-inner">
          <A href="/" class="brand" end>
            <img class="brand-mark" src="/favicon.svg" alt="" width="28" height="28" />
            <span class="brand-name" lang="zh-CN">
              {t('app.name')}
            </span>{' '}
            <span class="brand-latin" lang="en">
              {t('app.nameLatin')}
            </span>
          </A>
          <button
            ref={menuButton}
            type="button"
            class="button button-quiet menu-toggle"
            data-testid="menu-toggle"
            aria-expanded={menuOpen()}
            aria-controls="header-menu"
            onClick={toggleMenu}
            onKeyDown={onMenuKey}
          >
            <span aria-hidden="true" class="menu-icon" />
            {t('nav.menu')}
          </button>
          <div id="header-menu" ref={menu} class="header-menu" data-open={menuOpen() ? 'true' : 'false'} onKeyDown={onMenuKey}>
            <nav class="nav" data-testid="nav" aria-label={t('nav.label')}>
              <ul>
                <Show when={me()}>
                  <li>
                    <A href="/" end>
                      {t('nav.myTenants')}
                    </A>
                  </li>
                </Show>
                <li>
                  <A href="/tenants">{t('nav.tenants')}</A>
                </li>
                <li>
                  <A href="/policies">{t('nav.policies')}</A>
                </li>
                <li>
                  <A href="/calculator">{t('nav.calculator')}</A>
                </li>
                <Show when={me()?.user.platformRole === 'consultant'}>
                  <li>
                    <A href="/console" data-testid="nav-console">
                      {t('nav.console')}
                    </A>
                  </li>
                </Show>
                <Show when={me()}>
                  <li>
                    <A href="/security">{t('nav.security')}</A>
                  </li>
                </Show>
              </ul>
            </nav>
            <div class="header-tools">
              <Show when={me()}>
                {(current) => (
                  <>
                    <span class="user-name" title={current().user.email}>
                      {t('header.signedInAs', { name: current().user.name })}
                    </span>
                    <button
                      type="button"
                      class="button button-quiet"
                      data-testid="sign-out"
                      disabled={signingOut()}
                      onClick={() => void onSignOut()}
                    >
                      {t('auth.signOut')}
                    </button>
                  </>
                )}
              </Show>
              <Show when={showSignInLink()}>
                <A href="/sign-in" class="button button-quiet">
                  {t('nav.signIn')}
                </A>
              </Show>
            </div>
          </div>
          <button
            type="button"
            class="button button-quiet lang-switch"
            data-testid="lang-switch"
            lang={lang() === 'zh-CN' ? 'en' : 'zh-CN'}
            title={t('lang.switchTitle')}
            onClick={toggleLang}
          >
            {t('lang.switch')}
          </button>
        </div>
      </header>
      <main id="main" class="main" tabindex="-1">
        <Show when={shellError()}>
          {(message) => <ErrorNotice message={message()} testId="shell-error" />}
        </Show>
        {props.children}
      </main>
      <ToastRegion />
      <footer class="footer">
        <p>{t('app.tagline')}</p>
      </footer>
    </div>
  );
}
