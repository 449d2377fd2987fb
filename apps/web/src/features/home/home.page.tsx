import { For, Match, Show, Switch } from 'solid-js';
import { A, Navigate } from '@solidjs/router';
import type { Me } from '../sign-in/auth.api';
import { Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { t, tOptional } from '../../i18n';
import { signedInMe, useSession } from '../../session';

/**
 * `/`: the signed-in user's tenants. Without a session it sends the visitor to /sign-in; when
 * the API cannot tell (no sign-in endpoints yet, or unreachable) it falls back to the public list.
 */
export function HomePage() {
  const session = useSession();
  return (
    <Switch>
      <Match when={session.state().status === 'loading'}>
        <Loading label={t('guard.checking')} />
      </Match>
      <Match when={session.state().status === 'anonymous'}>
        <Navigate href="/sign-in" />
      </Match>
      <Match when={session.state().status === 'unavailable'}>
        <Navigate href="/tenants" />
      </Match>
      <Match when={signedInMe(session.state())}>{(me) => <MyTenants me={me()} />}</Match>
    </Switch>
  );
}

function MyTenants(props: { me: Me }) {
  // One company and no consultant grants: nothing to choose. HR and admins land on its workbench,
  // an employee on their own pages.
  const only = () => (props.me.grants.length === 0 && props.me.memberships.length === 1 ? props.me.memberships[0]! : undefined);
  return (
    <Show when={only()} fallback={<TenantChoice me={props.me} />}>
      {(membership) => <Navigate href={`/t/${encodeURIComponent(membership().slug)}${membership().role === 'employee' ? '/me' : ''}`} />}
    </Show>
  );
}

function TenantChoice(props: { me: Me }) {
  usePageTitle(() => t('home.title'));
  const isEmpty = () => props.me.memberships.length === 0 && props.me.grants.length === 0;

  return (
    <section class="page">
      <h1 data-testid="page-title">{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <Show when={!isEmpty()} fallback={<p class="empty card">{t('home.none')}</p>}>
        <div data-testid="my-tenants">
          <Show when={props.me.memberships.length > 0}>
            <h2>{t('home.memberships')}</h2>
            <ul class="tile-list">
              <For each={props.me.memberships}>
                {(membership) => (
                  <li>
                    <A href={`/t/${encodeURIComponent(membership.slug)}`} class="tile" data-testid="my-tenant">
                      <span class="tile-title">{membership.name}</span>
                      <span class="badge">{tOptional('role', membership.role)}</span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={props.me.grants.length > 0}>
            <h2>{t('home.grants')}</h2>
            <p class="hint">{t('home.grantsHint')}</p>
            <ul class="tile-list">
              <For each={props.me.grants}>
                {(grant) => (
                  <li>
                    <A href={`/t/${encodeURIComponent(grant.slug)}`} class="tile" data-testid="my-tenant">
                      <span class="tile-title">{grant.name}</span>
                      <span class="badge">{tOptional('role', 'consultant')}</span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </Show>
    </section>
  );
}
