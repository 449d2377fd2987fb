import { createEffect, createResource, For, Match, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../api';
import { ErrorNotice, Loading } from '../components/status';
import { RequireSignIn } from '../components/require-sign-in';
import { usePageTitle } from '../document-title';
import { lang, t, tOptional } from '../i18n';
import { useSession } from '../session';
import { tenantNavFor } from '../tenant-nav';
import { getTenantHome } from '../tenants.api';

export function TenantHomePage() {
  return <RequireSignIn>{() => <TenantHome />}</RequireSignIn>;
}

function TenantHome() {
  const params = useParams<{ slug: string }>();
  const session = useSession();
  const [home, { refetch }] = createResource(
    () => ({ slug: params.slug, lang: lang() }),
    ({ slug }) => getTenantHome(slug),
  );

  // The session ended meanwhile (expired, or ended on another device): RequireSignIn takes over.
  createEffect(() => {
    if (home.error instanceof ApiError && home.error.status === 401) session.markSignedOut();
  });

  usePageTitle(() => (home.state === 'errored' ? t('tenantHome.loadFailed') : (home.latest?.tenant.name ?? params.slug)));

  return (
    <Switch>
      <Match when={home.state === 'errored'}>
        <section class="page">
          <h1 data-testid="page-title">{t('tenantHome.loadFailed')}</h1>
          <ErrorNotice message={errorMessage(home.error)} onRetry={() => void refetch()} testId="tenant-home-error" />
        </section>
      </Match>
      <Match when={home.latest}>
        {(data) => (
          <section class="page" data-testid="tenant-home" data-slug={data().tenant.slug}>
            <p class="eyebrow">
              <code>{data().tenant.slug}</code>
            </p>
            <h1 data-testid="page-title">{data().tenant.name}</h1>
            <nav class="subnav" aria-label={t('tenantHome.navLabel')} data-testid="tenant-nav">
              <ul>
                <For each={tenantNavFor(data().role)}>
                  {(item) => (
                    <li>
                      <A href={`/t/${encodeURIComponent(data().tenant.slug)}${item.path}`} end>
                        {t(item.label)}
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </nav>
            <dl class="card facts">
              <div>
                <dt>{t('tenantHome.yourRole')}</dt>
                <dd data-testid="tenant-role" data-role={data().role}>
                  {tOptional('role', data().role)}
                </dd>
              </div>
              <div>
                <dt>{t('tenantHome.industry')}</dt>
                <dd>{tOptional('industry', data().tenant.industry)}</dd>
              </div>
              <div>
                <dt>{t('tenantHome.slug')}</dt>
                <dd>
                  <code>{data().tenant.slug}</code>
                </dd>
              </div>
            </dl>
          </section>
        )}
      </Match>
      <Match when={true}>
        <Loading />
      </Match>
    </Switch>
  );
}
