import { For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { RequireSignIn } from '../app/require-sign-in';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { listConsoleTenants, type ConfigStatus, type ConsoleTenant, type RecentChange } from './console.api';
import { usePageTitle } from '../../document-title';
import { formatDateTime, formatList, lang, t, tOptional } from '../../i18n';
import { useRefresh } from '../../now';
import { createLoaded, query, reload } from '../../data';
import { pluginName } from '../../plugin-kit/registry';
import { describeChange, describeFields } from './console.describe';

const STATUS_BADGE: Record<ConfigStatus, string> = { in_sync: 'badge-success', drifted: 'badge-warning', no_file: '', invalid_file: 'badge-danger' };

/**
 * `/console` (consultants): every granted tenant with its industry, enabled plugins, whether the
 * live configuration matches tenants/<slug>/tenant.yaml (the CLI's plan, line by line) and its
 * recent changes. Refreshed every 30 s and on demand.
 */
export function ConsolePage() {
  usePageTitle(() => t('console.title'));
  return (
    <section class="page" data-testid="console-page">
      <h1 data-testid="page-title">{t('console.title')}</h1>
      <RequireSignIn>
        {(me) => (
          <Show when={me().user.platformRole === 'consultant'} fallback={<p class="notice notice-info" data-testid="console-not-consultant">{t('console.onlyConsultants')}</p>}>
            <ConsoleTenants />
          </Show>
        )}
      </RequireSignIn>
    </section>
  );
}

const consoleQuery = query((_lang: string) => listConsoleTenants(), 'console.tenants');

function ConsoleTenants() {
  const tenants = createLoaded(() => consoleQuery(lang()));
  const data = tenants.value;
  const refetch = () => reload(consoleQuery);
  useRefresh(() => {
    if (!tenants.pending()) void refetch();
  }, 30_000);

  return (
    <>
      <div class="page-heading">
        <p class="lead">{t('console.intro')}</p>
        <div class="page-actions">
          <button type="button" class="button button-secondary" data-testid="console-refresh" disabled={tenants.pending()} onClick={() => void refetch()}>
            {t('console.refresh')}
          </button>
        </div>
      </div>
      <Show when={tenants.error() && data()}>
        <ErrorNotice message={errorMessage(tenants.error())} testId="console-refresh-error" />
      </Show>
      <Switch fallback={<Loading />}>
        <Match when={tenants.error() && !data()}>
          <ErrorNotice title={t('console.loadFailed')} message={errorMessage(tenants.error())} onRetry={() => void refetch()} testId="console-error" />
        </Match>
        <Match when={data()}>
          {(d) => (
            <Show when={d().items.length > 0} fallback={<p class="empty card" data-testid="console-empty">{t('console.empty')}</p>}>
              <ul class="console-list">
                <For each={d().items}>{(tenant) => <ConsoleTenantCard tenant={tenant} />}</For>
              </ul>
            </Show>
          )}
        </Match>
      </Switch>
    </>
  );
}

function ConsoleTenantCard(props: { tenant: ConsoleTenant }) {
  const tn = () => props.tenant;
  const status = () => tn().config.status;
  return (
    <li class="card console-tenant" data-testid="console-tenant" data-slug={tn().slug} data-status={status()}>
      <div class="page-heading">
        <h2>
          <A href={`/t/${encodeURIComponent(tn().slug)}`} data-testid="console-tenant-link">
            {tn().name}
          </A>{' '}
          <code class="muted">{tn().slug}</code>
        </h2>
        <span class={`badge ${STATUS_BADGE[status()]}`} data-testid="console-drift" data-status={status()}>
          {t(`console.status.${status()}`)}
        </span>
      </div>
      <dl class="facts">
        <div>
          <dt>{t('tenantHome.industry')}</dt>
          <dd data-testid="console-industry">{tOptional('industry', tn().industry)}</dd>
        </div>
        <div>
          <dt>{t('console.plugins')}</dt>
          <dd data-testid="console-plugins" data-plugins={tn().enabledPlugins.join(' ')}>
            {tn().enabledPlugins.length ? formatList(tn().enabledPlugins.map(pluginName)) : t('console.noPlugins')}
          </dd>
        </div>
        <div>
          <dt>{t('console.file')}</dt>
          <dd>
            <code>{tn().config.file}</code>
          </dd>
        </div>
      </dl>

      <Switch>
        <Match when={status() === 'in_sync'}>
          <p class="hint">{t('console.inSyncHint')}</p>
        </Match>
        <Match when={status() === 'drifted'}>
          <div class="notice notice-warning" data-testid="console-plan">
            <p class="notice-title">{t('console.driftedTitle', { count: tn().config.changes.length })}</p>
            <p>{t('console.driftedHint', { slug: tn().slug })}</p>
            <ul class="plan-lines">
              <For each={tn().config.changes}>
                {(c) => (
                  <li data-testid="console-plan-line" data-op={c.op} data-kind={c.kind} data-name={c.name}>
                    <code>
                      {c.op} {c.kind} {c.name}
                    </code>
                    <Show when={c.details.length}>
                      <span class="cell-sub">{c.details.join('; ')}</span>
                    </Show>
                    <Show when={c.blocked}>{(b) => <span class="cell-sub field-error">{t('console.blocked', { reason: b() })}</span>}</Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={tn().config.notes.length}>
              <ul class="note-list">
                <For each={tn().config.notes}>{(n) => <li>{n}</li>}</For>
              </ul>
            </Show>
          </div>
        </Match>
        <Match when={status() === 'invalid_file'}>
          <div class="notice notice-error" data-testid="console-problems">
            <p class="notice-title">{t('console.invalidTitle')}</p>
            <ul class="plan-lines">
              <For each={tn().config.problems}>{(p) => <li><code>{p}</code></li>}</For>
            </ul>
          </div>
        </Match>
        <Match when={status() === 'no_file'}>
          <p class="hint">{t('console.noFileHint', { file: tn().config.file })}</p>
        </Match>
      </Switch>

      <h3>{t('console.recent')}</h3>
      <Show when={tn().recentChanges.length > 0} fallback={<p class="muted">{t('console.noRecent')}</p>}>
        <ResourceTable
          testId="console-recent"
          rows={tn().recentChanges}
          rowTestId="console-change"
          rowAttributes={(c) => ({ 'data-source': c.source, 'data-action': c.action })}
          columns={[
            { header: t('console.col.at'), cell: (c) => <time datetime={c.at}>{formatDateTime(c.at)}</time> },
            { header: t('console.col.actor'), cell: (c) => c.actor ?? t('console.system') },
            { header: t('console.col.change'), cell: (c) => <ChangeCell change={c} /> },
          ]}
        />
      </Show>
    </li>
  );
}

function ChangeCell(props: { change: RecentChange }) {
  const c = () => props.change;
  return (
    <>
      <span data-testid="console-change-what">{describeChange(c())}</span>
      <Show when={c().employee}>
        {(employee) => (
          <span class="cell-sub" data-testid="console-change-employee">
            {t('console.forEmployee', { name: employee().name })}
          </span>
        )}
      </Show>
      <Show when={describeFields(c())}>{(fields) => <span class="cell-sub">{fields()}</span>}</Show>
      <Show when={c().details.length}>
        <span class="cell-sub">{c().details.join('; ')}</span>
      </Show>
    </>
  );
}
