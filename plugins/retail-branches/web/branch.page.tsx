import { For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { RETAIL_BRANCHES } from './plugin-id';
import { branchEmployees, branchSummary, getBranch } from './branches.api';
import { ErrorNotice, Loading, PluginGate, ResourceTable, RoleNotice, errorMessage, lang, createLoaded, query, reload, t, usePageTitle, useTenant } from '@lianxu/web/plugin-kit';
import { tp } from './messages';
import { BranchCost } from './branch-cost';

/** `/t/:slug/branches/:id`: one branch's headcount, coverage, this month's cost under its city's policy, open tasks and people. */
export function BranchPage() {
  return (
    <PluginGate pluginId={RETAIL_BRANCHES}>
      <BranchView />
    </PluginGate>
  );
}

const branchQuery = query((slug: string, id: string, _lang: string) => getBranch(slug, id), 'branch.record');
const branchSummaryQuery = query((slug: string, id: string, _lang: string) => branchSummary(slug, id), 'branch.summary');
const branchPeopleQuery = query((slug: string, id: string, _lang: string) => branchEmployees(slug, id), 'branch.people');

function BranchView() {
  const tenant = useTenant();
  const params = useParams<{ id: string }>();
  const readable = () => tenant.role() !== 'employee';
  const branch = createLoaded(() => (readable() ? branchQuery(tenant.slug(), params.id, lang()) : undefined));
  const summary = createLoaded(() => (readable() ? branchSummaryQuery(tenant.slug(), params.id, lang()) : undefined));
  const people = createLoaded(() => (readable() ? branchPeopleQuery(tenant.slug(), params.id, lang()) : undefined));
  const branchData = branch.value;
  const summaryData = summary.value;
  const peopleData = people.value;
  const refetch = () => reload(branchQuery);
  usePageTitle(() => branchData()?.name ?? tp('branches.title'));
  const employeesBase = () => `/t/${encodeURIComponent(tenant.slug())}/employees`;

  return (
    <section data-testid="branch-page">
      <p class="breadcrumb">
        <A href={`/t/${encodeURIComponent(tenant.slug())}/branches`} data-testid="branch-back">
          {tp('branches.back')}
        </A>
      </p>
      <Show when={tenant.role() !== 'employee'} fallback={<RoleNotice />}>
        <Switch fallback={<Loading />}>
          <Match when={branch.error() && !branchData()}>
            <h1 data-testid="page-title">{tp('branches.title')}</h1>
            <ErrorNotice title={tp('branches.loadFailed')} message={errorMessage(branch.error())} onRetry={() => void refetch()} testId="branch-error" />
          </Match>
          <Match when={branchData()}>
            {(b) => (
              <>
                <h1 data-testid="page-title">{b().name}</h1>
                <p class="lead">
                  {tenant.cityLabel(b().cityCode)} · {b().address} · {tp('branches.managedBy', { name: b().managerName })}
                </p>
                <Switch fallback={<Loading />}>
                  <Match when={summary.error()}>
                    <ErrorNotice message={errorMessage(summary.error())} testId="branch-summary-error" />
                  </Match>
                  <Match when={summaryData()}>
                    {(s) => (
                      <dl class="card facts" data-testid="branch-summary">
                        <div>
                          <dt>{tp('branches.col.headcount')}</dt>
                          <dd data-testid="branch-summary-headcount">{s().headcount}</dd>
                        </div>
                        <div>
                          <dt>{tp('branches.col.coverage')}</dt>
                          <dd data-testid="branch-summary-coverage" data-uncovered={s().uncovered}>
                            {tp('branches.covered', { covered: s().covered, headcount: s().headcount })}
                            <Show when={s().uncovered > 0}>
                              <span class="cell-sub field-error">{tp('branches.uncovered', { count: s().uncovered })}</span>
                            </Show>
                          </dd>
                        </div>
                        <div>
                          <dt>{tp('branches.costOf', { month: s().cost.month })}</dt>
                          <dd data-testid="branch-summary-cost">
                            <BranchCost cost={s().cost} headcount={s().headcount} city={tenant.cityLabel(s().cityCode)} currentYear={Number(s().cost.month.slice(0, 4))} detail />
                          </dd>
                        </div>
                        <div>
                          <dt>{tp('branches.col.openTasks')}</dt>
                          <dd data-testid="branch-summary-open-tasks">
                            {tp('branches.openTasks', { total: s().openTasks.total, enrollment: s().openTasks.enrollment, stop: s().openTasks.stop })}
                          </dd>
                        </div>
                      </dl>
                    )}
                  </Match>
                </Switch>
                <h2>{tp('branches.people')}</h2>
                <Switch fallback={<Loading />}>
                  <Match when={people.error()}>
                    <ErrorNotice message={errorMessage(people.error())} testId="branch-people-error" />
                  </Match>
                  <Match when={peopleData()}>
                    {(list) => (
                      <ResourceTable
                        testId="branch-people"
                        rows={list().items}
                        empty={tp('branches.noPeople')}
                        rowTestId="branch-person"
                        rowAttributes={(e) => ({ 'data-employee-id': e.employeeId })}
                        columns={[
                          { header: t('employees.col.name'), rowHeader: true, cell: (e) => <A href={`${employeesBase()}/${e.employeeId}`}>{e.name}</A> },
                          { header: t('employees.col.city'), cell: (e) => tenant.cityLabel(e.workCity) },
                          { header: t('employees.col.status'), cell: (e) => t(`employeeStatus.${e.status}`) },
                          { header: tp('branches.since'), cell: (e) => e.since },
                        ]}
                      />
                    )}
                  </Match>
                </Switch>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
