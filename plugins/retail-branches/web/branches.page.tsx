import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { RETAIL_BRANCHES } from './plugin-id';
import { BranchChart } from './branch-chart';
import { BranchCost } from './branch-cost';
import { branchSummaries, listBranches, type Branch, type BranchSummary } from './branches.api';
import { ErrorNotice, Loading, PluginGate, ResourceTable, type Column, RoleNotice, canManagePeople, errorMessage, lang, createLoaded, query, reload, t, usePageTitle, useTenant } from '@lianxu/web/plugin-kit';
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
                <ResourceTable
                  testId="branches-table"
                  rows={data().items}
                  empty={tp('branches.empty')}
                  emptyTestId="branches-empty"
                  rowTestId="branch-row"
                  rowAttributes={(b) => ({ 'data-branch-id': b.id, 'data-city': b.cityCode })}
                  columns={branchColumns((b) => summaryOf().get(b.id), (b) => `${base()}/${b.id}`, tenant.cityLabel)}
                />
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

/** The branches table's columns; a branch's summary (coverage, cost, open tasks) shows "…" until it comes. */
function branchColumns(summaryOf: (b: Branch) => BranchSummary | undefined, href: (b: Branch) => string, cityLabel: (code: string) => string): Column<Branch>[] {
  return [
    {
      header: tp('branches.col.name'),
      rowHeader: true,
      class: 'cell-strong',
      cell: (b) => (
        <>
          <A href={href(b)} data-testid="branch-link">
            {b.name}
          </A>
          <span class="cell-sub">{b.address}</span>
        </>
      ),
    },
    { header: tp('branches.col.city'), cell: (b) => cityLabel(b.cityCode) },
    {
      header: tp('branches.col.manager'),
      cell: (b) => (
        <>
          {b.managerName}
          <Show when={b.managerMobile}>{(m) => <span class="cell-sub">{m()}</span>}</Show>
        </>
      ),
    },
    { header: tp('branches.col.headcount'), class: 'num', cellAttributes: () => ({ 'data-testid': 'branch-headcount' }), cell: (b) => summaryOf(b)?.headcount ?? b.headcount },
    {
      header: tp('branches.col.coverage'),
      class: 'num',
      cellAttributes: () => ({ 'data-testid': 'branch-coverage' }),
      cell: (b) => (
        <Show when={summaryOf(b)} fallback="…">
          {(x) => (
            <>
              {tp('branches.covered', { covered: x().covered, headcount: x().headcount })}
              <Show when={x().uncovered > 0}>
                <span class="cell-sub field-error">{tp('branches.uncovered', { count: x().uncovered })}</span>
              </Show>
            </>
          )}
        </Show>
      ),
    },
    {
      header: tp('branches.col.cost'),
      class: 'num',
      cellAttributes: () => ({ 'data-testid': 'branch-cost' }),
      cell: (b) => (
        <Show when={summaryOf(b)} fallback="…">
          {(x) => <BranchCost cost={x().cost} headcount={x().headcount} city={cityLabel(b.cityCode)} currentYear={Number(x().cost.month.slice(0, 4))} />}
        </Show>
      ),
    },
    { header: tp('branches.col.openTasks'), class: 'num', cellAttributes: () => ({ 'data-testid': 'branch-open-tasks' }), cell: (b) => summaryOf(b)?.openTasks.total ?? '…' },
  ];
}

/** Select employees, pick a branch: each is assigned, and where the branch's city differs a transfer starts. */
