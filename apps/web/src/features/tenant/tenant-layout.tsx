import { createContext, createEffect, createMemo, createSignal, For, Match, on, Show, Switch, useContext, type JSX } from 'solid-js';
import { A, useLocation, useParams, type RouteSectionProps } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { lang, t } from '../../i18n';
import { useRefresh } from '../../now';
import { listNotifications } from '../people/people.api';
import { listPolicies } from '../policies/policies.api';
import { listPlugins, type PluginItem } from '../plugins/plugins.api';
import { hasInbox, tenantNavFor, type TenantNavItem } from './tenant-nav';
import { getTenantHome, type Role, type TenantHome, type WorkCity } from './tenants.api';
import { RequireSignIn } from '../app/require-sign-in';
import { ErrorNotice, Loading } from '../../components/status';
import { createLoaded, query, reload } from '../../data';

export type TenantContextValue = {
  slug: () => string;
  home: () => TenantHome;
  role: () => Role;
  cities: () => WorkCity[];
  /** A city's name in the current language, with the code when the name is unknown. */
  cityLabel: (code: string) => string;
  /** Unread notifications of the signed-in user here; undefined when unknown. */
  unread: () => number | undefined;
  refreshUnread: () => void;
  /** Installed plugins with this tenant's choice; undefined until first loaded. */
  plugins: () => PluginItem[] | undefined;
  /** Whether the tenant has the plugin enabled; undefined while unknown. */
  pluginEnabled: (id: string) => boolean | undefined;
  /** Takes a plugin as the API now answers it (after enabling or disabling): nav and pages follow at once. */
  pluginChanged: (item: PluginItem) => void;
  refreshPlugins: () => void;
};

const TenantContext = createContext<TenantContextValue>();

export function useTenant(): TenantContextValue {
  const context = useContext(TenantContext);
  if (!context) throw new Error('useTenant() needs the /t/:slug layout above it');
  return context;
}

/** The frame of every /t/:slug page: checks sign-in, loads the tenant and the caller's role, draws the tenant nav. */
export function TenantLayout(props: RouteSectionProps) {
  return <RequireSignIn>{() => <TenantFrame>{props.children}</TenantFrame>}</RequireSignIn>;
}

// Unread counts are cheap to ask for; every 15 s keeps the badge close to the inbox.
const UNREAD_REFRESH_MS = 15_000;

const homeQuery = query((slug: string, _lang: string) => getTenantHome(slug), 'tenant.home');
// English city names come from the policy library; loaded once, only when needed.
const policyCitiesQuery = query(async () => new Map((await listPolicies()).items.map((i) => [i.city.code, i.city])), 'tenant.policyCities');
// The count is a hint: a refusal (e.g. a role without an inbox) shows no badge rather than an error.
const unreadQuery = query(async (slug: string) => (await listNotifications(slug, { unread: true }).catch(() => undefined))?.unread, 'tenant.unread');
// Which plugins are on decides the plugin pages in the nav. A failed answer shows no plugin pages
// rather than an error: their routes would answer 404 anyway.
const pluginsQuery = query(async (slug: string) => (await listPlugins(slug).catch(() => undefined))?.items, 'tenant.plugins');

function TenantFrame(props: { children: JSX.Element }) {
  const params = useParams<{ slug: string }>();
  const home = createLoaded(() => homeQuery(params.slug, lang()));
  const homeData = home.value;

  // The session ended meanwhile (expired, or ended on another device): RequireSignIn takes over.

  const policyCities = createLoaded(() => (lang() === 'en' ? policyCitiesQuery() : undefined));
  const policyCitiesData = policyCities.value;

  const unread = createLoaded(() => {
    const data = homeData();
    return data && hasInbox(data.role) ? unreadQuery(data.tenant.slug) : undefined;
  });
  const unreadData = unread.value;
  const refetchUnread = () => reload(unreadQuery);
  useRefresh(() => void refetchUnread(), UNREAD_REFRESH_MS);

  const plugins = createLoaded(() => {
    const slug = homeData()?.tenant.slug;
    return slug ? pluginsQuery(slug) : undefined;
  });
  // A plugin as the API answered a change to it shows at once; the next answer of the list replaces it.
  const [changedPlugins, setChangedPlugins] = createSignal<Readonly<Record<string, PluginItem>>>({});
  createEffect(on(plugins.value, () => setChangedPlugins({}), { defer: true }));
  const pluginsData = (): PluginItem[] | undefined => plugins.value()?.map((p) => changedPlugins()[p.id] ?? p);
  const enabledPlugins = createMemo(() => new Set((pluginsData() ?? []).filter((p) => p.enabled).map((p) => p.id)));

  // On phones the company's pages fold behind one button naming the page you are on.
  const location = useLocation();
  const [navOpen, setNavOpen] = createSignal(false);
  let navButton: HTMLButtonElement | undefined;
  let navList: HTMLElement | undefined;
  createEffect(on(() => location.pathname, () => setNavOpen(false), { defer: true }));
  function toggleNav(): void {
    const open = !navOpen();
    setNavOpen(open);
    if (open) navList?.querySelector<HTMLElement>('a')?.focus();
  }
  function onNavKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !navOpen()) return;
    setNavOpen(false);
    navButton?.focus();
  }
  const navLabel = (item: TenantNavItem) => (typeof item.label === 'string' ? t(item.label) : item.label[lang()]);
  /** The nav item of the page shown: the longest path the address starts with. */
  const currentItem = (slug: string, items: TenantNavItem[]) => {
    const here = location.pathname.replace(/\/+$/, '');
    const base = `/t/${encodeURIComponent(slug)}`;
    return items
      .filter((item) => (item.path === '' ? here === base : here === base + item.path || here.startsWith(`${base}${item.path}/`)))
      .sort((a, b) => b.path.length - a.path.length)[0];
  };

  const cityLabel = (code: string): string => {
    const own = homeData()?.tenant.workCities.find((c) => c.code === code);
    if (lang() === 'en') {
      const policy = policyCitiesData()?.get(code);
      if (policy?.nameEn) return policy.nameEn;
    }
    return own?.name ?? policyCitiesData()?.get(code)?.name ?? code;
  };

  return (
    <Switch>
      <Match when={home.error() && !homeData()}>
        <section class="page">
          <h1 data-testid="page-title">{t('tenantHome.loadFailed')}</h1>
          {/* No access (or no such company) is a permission matter, not a passing failure: no retry, a way back. */}
          <Show
            when={home.error() instanceof ApiError && [403, 404].includes((home.error() as ApiError).status)}
            fallback={<ErrorNotice message={errorMessage(home.error())} onRetry={() => void reload(homeQuery)} testId="tenant-home-error" />}
          >
            <div class="notice notice-error" role="alert" data-testid="tenant-no-access">
              <p class="notice-message">{errorMessage(home.error())}</p>
              <p>
                <A href="/" data-testid="tenant-no-access-home">{t('tenantHome.backToMine')}</A>
              </p>
            </div>
          </Show>
        </section>
      </Match>
      <Match when={homeData()}>
        {(data) => {
          const value: TenantContextValue = {
            slug: () => data().tenant.slug,
            home: data,
            role: () => data().role,
            cities: () => data().tenant.workCities,
            cityLabel,
            unread: () => unreadData(),
            refreshUnread: () => void refetchUnread(),
            plugins: pluginsData,
            pluginEnabled: (id) => (pluginsData() ? enabledPlugins().has(id) : undefined),
            pluginChanged: (item) => setChangedPlugins((changed) => ({ ...changed, [item.id]: item })),
            refreshPlugins: () => void reload(pluginsQuery),
          };
          return (
            <TenantContext.Provider value={value}>
              <div class="page" data-testid="tenant-frame" data-slug={data().tenant.slug} data-role={data().role}>
                <div class="tenant-bar">
                  <p class="eyebrow">
                    <span data-testid="tenant-name">{data().tenant.name}</span>
                    {/* The company code is the platform's word: only a consultant, who sets companies up by it, sees it. */}
                    <Show when={data().role === 'consultant'}>
                      {' · '}
                      <code data-testid="tenant-slug">{data().tenant.slug}</code>
                    </Show>
                  </p>
                  <button
                    ref={navButton}
                    type="button"
                    class="button button-quiet tenant-nav-toggle"
                    data-testid="tenant-nav-toggle"
                    aria-expanded={navOpen()}
                    aria-controls="tenant-nav"
                    onClick={toggleNav}
                    onKeyDown={onNavKey}
                  >
                    <span class="visually-hidden">{t('tenantHome.navLabel')}: </span>
                    {(() => {
                      const item = currentItem(data().tenant.slug, tenantNavFor(data().role, enabledPlugins()));
                      return item ? navLabel(item) : t('tenantHome.navMenu');
                    })()}
                    <span aria-hidden="true" class="toggle-caret" />
                  </button>
                </div>
                <nav
                  id="tenant-nav"
                  ref={navList}
                  class="subnav"
                  aria-label={t('tenantHome.navLabel')}
                  data-testid="tenant-nav"
                  data-open={navOpen() ? 'true' : 'false'}
                  onKeyDown={onNavKey}
                >
                  <ul>
                    <For each={tenantNavFor(data().role, enabledPlugins())}>
                      {(item) => (
                        <li>
                          <A href={`/t/${encodeURIComponent(data().tenant.slug)}${item.path}`} end={item.path === ''} data-testid={item.testId}>
                            {navLabel(item)}
                            <Show when={item.badge === 'unread' && (unreadData() ?? 0) > 0}>
                              {' '}
                              <span class="count-badge" data-testid="nav-unread-count" aria-label={t('inbox.unreadCount', { count: unreadData() ?? 0 })}>
                                {unreadData()}
                              </span>
                            </Show>
                          </A>
                        </li>
                      )}
                    </For>
                  </ul>
                </nav>
                <Show when={data().tenant.demo}>
                  <p class="notice notice-info demo-banner" role="note" data-testid="demo-banner">
                    <strong>{t('tenantHome.demoBanner')}</strong>
                  </p>
                </Show>
                {props.children}
              </div>
            </TenantContext.Provider>
          );
        }}
      </Match>
      <Match when={true}>
        <Loading />
      </Match>
    </Switch>
  );
}

/** Shown instead of a page the caller's role may not use (the API would refuse it too). */
export function RoleNotice(props: { testId?: string }) {
  return (
    <div class="notice notice-info" data-testid={props.testId ?? 'role-notice'}>
      <p>{t('tenant.roleCannot')}</p>
    </div>
  );
}
