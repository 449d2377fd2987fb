import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { RETAIL_BRANCHES } from './plugin-id';
import { BranchChart } from './branch-chart';
import { branchSummaries, listBranches, type Branch, type BranchSummary } from './branches.api';
import { ErrorNotice, Loading, PluginGate, RoleNotice, canManagePeople, errorMessage, formatYuan, lang, createLoaded, query, reload, t, usePageTitle, useTenant, yuanFromFen } from '@lianxu/web/plugin-kit';
import { tp } from './messages';
import { BulkMove, NewBranchForm } from './branch-forms';

/** `/t/:slug/branches` (retail-branches): the branches with their figures, a chart across them, a new branch, moving people. */
export function BranchesPage() {
  usePageTitle(() => tp('branches.title'));
  return (
    <PluginGate pluginId={RETAIL_BRANCHES}>
      <Branches />
    </PluginGate>
  );
}

const branchesQuery = query((slug: string, _lang: string) => listBranches(slug), 'branches.list');
const summariesQuery = query((slug: string, _lang: string) => branchSummaries(slug), 'branches.summaries');

function Branches() {
  const tenant = useTenant();
  const readable = () => tenant.role() !== 'employee';
  const branches = createLoaded(() => (readable() ? branchesQuery(tenant.slug(), lang()) : undefined));
  const summaries = createLoaded(() => (readable() ? summariesQuery(tenant.slug(), lang()) : undefined));
  const branchesData = branches.value;
  const summariesData = summaries.value;
  const refetchSummaries = () => reload(summariesQuery);
  const refresh = () => void reload(branchesQuery, summariesQuery);
  const summaryOf = createMemo(() => new Map((summariesData()?.items ?? []).map((s) => [s.branchId, s])));
  const base = () => `/t/${encodeURIComponent(tenant.slug())}/branches`;

  return (
    <section data-testid="branches-page">
      <h1 data-testid="page-title">{tp('branches.title')}</h1>
      <p class="lead">{tp('branches.intro')}</p>
      <Show when={readable()} fallback={<RoleNotice />}>
        <Switch fallback={<Loading />}>
          <Match when={branches.error() && !branchesData()}>
            <ErrorNotice title={tp('branches.loadFailed')} message={errorMessage(branches.error())} onRetry={refresh} testId="branches-error" />
          </Match>
          <Match when={branchesData()}>
            {(data) => (
              <>
                <div class="card table-scroll">
                  <table class="table" data-testid="branches-table">
                    <thead>
                      <tr>
                        <th scope="col">{tp('branches.col.name')}</th>
                        <th scope="col">{tp('branches.col.city')}</th>
                        <th scope="col">{tp('branches.col.manager')}</th>
                        <th scope="col" class="num">{tp('branches.col.headcount')}</th>
                        <th scope="col" class="num">{tp('branches.col.coverage')}</th>
                        <th scope="col" class="num">{tp('branches.col.cost')}</th>
                        <th scope="col" class="num">{tp('branches.col.openTasks')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <Show
                        when={data().items.length > 0}
                        fallback={
                          <tr>
                            <td colspan="7" class="empty" data-testid="branches-empty">
                              {tp('branches.empty')}
                            </td>
                          </tr>
                        }
                      >
                        <For each={data().items}>{(b) => <BranchRow branch={b} summary={summaryOf().get(b.id)} href={`${base()}/${b.id}`} />}</For>
                      </Show>
                    </tbody>
                  </table>
                </div>
                <Show when={summaries.error()}>
                  <ErrorNotice message={errorMessage(summaries.error())} onRetry={() => void refetchSummaries()} testId="branches-summary-error" />
                </Show>
                <Show when={(summariesData()?.items.length ?? 0) > 0}>
                  <BranchChart summaries={summariesData()!.items} cityLabel={tenant.cityLabel} />
                </Show>
                <Show when={canManagePeople(tenant.role())}>
                  <BulkMove branches={data().items} onMoved={refresh} />
                  <NewBranchForm onCreated={refresh} />
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function BranchRow(props: { branch: Branch; summary: BranchSummary | undefined; href: string }) {
  const tenant = useTenant();
  const b = () => props.branch;
  const s = () => props.summary;
  return (
    <tr data-testid="branch-row" data-branch-id={b().id} data-city={b().cityCode}>
      <th scope="row" class="cell-strong">
        <A href={props.href} data-testid="branch-link">
          {b().name}
        </A>
        <span class="cell-sub">{b().address}</span>
      </th>
      <td>{tenant.cityLabel(b().cityCode)}</td>
      <td>
        {b().managerName}
        <Show when={b().managerMobile}>{(m) => <span class="cell-sub">{m()}</span>}</Show>
      </td>
      <td class="num" data-testid="branch-headcount">
        {s()?.headcount ?? b().headcount}
      </td>
      <td class="num" data-testid="branch-coverage">
        <Show when={s()} fallback="…">
          {(x) => (
            <>
              {tp('branches.covered', { covered: x().covered, headcount: x().headcount })}
              <Show when={x().uncovered > 0}>
                <span class="cell-sub field-error">{tp('branches.uncovered', { count: x().uncovered })}</span>
              </Show>
            </>
          )}
        </Show>
      </td>
      <td class="num" data-testid="branch-cost">
        <Show when={s()} fallback="…">
          {(x) => (
            <>
              ¥{formatYuan(yuanFromFen(x().cost.totalFen))}
              <Show when={x().cost.provisional}>
                <span class="cell-sub">{tp('branches.provisional')}</span>
              </Show>
            </>
          )}
        </Show>
      </td>
      <td class="num" data-testid="branch-open-tasks">
        {s()?.openTasks.total ?? '…'}
      </td>
    </tr>
  );
}

/** Select employees, pick a branch: each is assigned, and where the branch's city differs a transfer starts. */
