import { createEffect, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../api';
import { TaskStatusBadge } from '../components/filing';
import { ErrorNotice, Loading } from '../components/status';
import { RoleNotice, useTenant } from '../components/tenant-layout';
import { usePageTitle } from '../document-title';
import { lang, t } from '../i18n';
import { EMPLOYEE_STATUSES, employeesExportHref, getEmployee, listEmployees, type EmployeeStatus, type EmployeeSummary } from '../people.api';
import { useSession } from '../session';
import { canManagePeople } from '../tenant-nav';
import { lastGood } from '../resource-value';

const PAGE_SIZE = 20;

type Filters = { q: string; status: EmployeeStatus | ''; city: string; page: number };

/** `/t/:slug/employees`: the paged list with search and filters (kept in the address), export and hire. */
export function EmployeesPage() {
  const tenant = useTenant();
  const session = useSession();
  usePageTitle(() => t('employees.title'));
  const [params, setParams] = useSearchParams<{ q?: string; status?: string; city?: string; page?: string }>();

  const filters = (): Filters => {
    const status = EMPLOYEE_STATUSES.find((s) => s === params.status) ?? '';
    const page = Math.max(1, Math.floor(Number(params.page) || 1));
    return { q: params.q ?? '', status, city: params.city ?? '', page };
  };
  const readable = () => tenant.role() !== 'employee';

  const [list, { refetch }] = createResource(
    () => (readable() ? { slug: tenant.slug(), lang: lang(), ...filters() } : undefined),
    ({ slug, q, status, city, page }) =>
      listEmployees(slug, { q: q.trim() || undefined, status: status || undefined, city: city || undefined, page, pageSize: PAGE_SIZE }),
  );
  const listData = lastGood(list);
  createEffect(() => {
    if (list.error instanceof ApiError && list.error.status === 401) session.markSignedOut();
  });

  // The search box is typed into freely and applied on submit; the selects apply at once.
  const [q, setQ] = createSignal(filters().q);
  createEffect(() => setQ(filters().q));
  const apply = (next: Partial<Filters>) => {
    const merged = { ...filters(), ...next };
    setParams({ q: merged.q.trim() || undefined, status: merged.status || undefined, city: merged.city || undefined, page: merged.page > 1 ? String(merged.page) : undefined });
  };

  const pages = () => Math.max(1, Math.ceil((listData()?.total ?? 0) / PAGE_SIZE));
  const base = () => `/t/${encodeURIComponent(tenant.slug())}/employees`;

  return (
    <section data-testid="employees-page">
      <div class="page-heading">
        <h1 data-testid="page-title">{t('employees.title')}</h1>
        <Show when={readable()}>
          <div class="page-actions">
            <a
              class="button button-secondary"
              href={employeesExportHref(tenant.slug(), { status: filters().status || undefined, city: filters().city || undefined })}
              download=""
              data-testid="employees-export"
            >
              {t('employees.export')}
            </a>
            <Show when={canManagePeople(tenant.role())}>
              <A class="button button-primary" href={`${base()}/new`} data-testid="employees-hire">
                {t('employees.hire')}
              </A>
            </Show>
          </div>
        </Show>
      </div>

      <Show when={readable()} fallback={<RoleNotice />}>
        <form
          class="card filter-bar"
          role="search"
          aria-label={t('employees.searchLabel')}
          onSubmit={(event) => {
            event.preventDefault();
            apply({ q: q(), page: 1 });
          }}
        >
          <div class="field field-grow">
            <label for="employees-q">{t('employees.search')}</label>
            <input
              id="employees-q"
              type="search"
              data-testid="employees-search"
              autocomplete="off"
              placeholder={t('employees.searchPlaceholder')}
              value={q()}
              onInput={(event) => setQ(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="employees-status">{t('employees.status')}</label>
            <select
              id="employees-status"
              data-testid="employees-status"
              value={filters().status}
              onChange={(event) => apply({ status: event.currentTarget.value as EmployeeStatus | '', page: 1 })}
            >
              <option value="">{t('employees.all')}</option>
              <For each={EMPLOYEE_STATUSES}>{(s) => <option value={s}>{t(`employeeStatus.${s}`)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="employees-city">{t('employees.city')}</label>
            <select
              id="employees-city"
              data-testid="employees-city"
              value={filters().city}
              onChange={(event) => apply({ city: event.currentTarget.value, page: 1 })}
            >
              <option value="">{t('employees.all')}</option>
              <For each={tenant.cities()}>
                {(c) => (
                  <option value={c.code} selected={c.code === filters().city}>
                    {tenant.cityLabel(c.code)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="filter-actions">
            <button type="submit" class="button button-primary" data-testid="employees-search-submit">
              {t('employees.searchSubmit')}
            </button>
          </div>
        </form>

        <Switch>
          <Match when={list.state === 'errored'}>
            <ErrorNotice title={t('employees.loadFailed')} message={errorMessage(list.error)} onRetry={() => void refetch()} testId="employees-error" />
          </Match>
          <Match when={listData()}>
            {(data) => (
              <>
                <div class="card table-scroll">
                  <table class="table" data-testid="employees-table" aria-busy={list.loading ? 'true' : 'false'}>
                    <caption class="visually-hidden">{t('employees.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('employees.col.name')}</th>
                        <th scope="col">{t('employees.col.idNumber')}</th>
                        <th scope="col">{t('employees.col.city')}</th>
                        <th scope="col">{t('employees.col.hireDate')}</th>
                        <th scope="col">{t('employees.col.status')}</th>
                        <th scope="col">{t('employees.col.enrollment')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <Show
                        when={data().items.length > 0}
                        fallback={
                          <tr>
                            <td colspan="6" class="empty" data-testid="employees-empty">
                              {filters().q || filters().status || filters().city ? t('employees.noMatch') : t('employees.empty')}
                            </td>
                          </tr>
                        }
                      >
                        <For each={data().items}>{(e) => <EmployeeRow employee={e} href={`${base()}/${e.id}`} />}</For>
                      </Show>
                    </tbody>
                  </table>
                </div>
                <nav class="pager" aria-label={t('employees.pager')}>
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    data-testid="employees-prev"
                    disabled={filters().page <= 1}
                    onClick={() => apply({ page: filters().page - 1 })}
                  >
                    {t('employees.prev')}
                  </button>
                  <span data-testid="employees-page-info" data-total={data().total}>
                    {t('employees.pageInfo', { page: data().page, pages: pages(), total: data().total })}
                  </span>
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    data-testid="employees-next"
                    disabled={filters().page >= pages()}
                    onClick={() => apply({ page: filters().page + 1 })}
                  >
                    {t('employees.next')}
                  </button>
                </nav>
              </>
            )}
          </Match>
          <Match when={true}>
            <Loading />
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function EmployeeRow(props: { employee: EmployeeSummary; href: string }) {
  const tenant = useTenant();
  const e = () => props.employee;
  return (
    <tr data-testid="employee-row" data-employee-id={e().id}>
      <th scope="row" class="cell-strong">
        <A href={props.href} data-testid="employee-link">
          {e().name}
        </A>
      </th>
      <td>
        <code data-testid="employee-id-masked">{e().idNumberMasked}</code>
      </td>
      <td>{tenant.cityLabel(e().workCity)}</td>
      <td>{e().hireDate}</td>
      <td>
        <span class={`badge${e().status === 'active' ? ' badge-success' : ''}`} data-testid="employee-status" data-status={e().status}>
          {t(`employeeStatus.${e().status}`)}
        </span>
      </td>
      <td>
        <EnrollmentCell employeeId={e().id} />
      </td>
    </tr>
  );
}

/**
 * The latest enrollment of one listed employee. The list answer carries no enrollment, so each
 * row asks for its employee (at most one page, 20 requests); an `enrollmentStatus` in the list
 * would make this one request.
 */
function EnrollmentCell(props: { employeeId: string }) {
  const tenant = useTenant();
  const [detail] = createResource(
    () => ({ slug: tenant.slug(), id: props.employeeId }),
    ({ slug, id }) => getEmployee(slug, id),
  );
  const detailData = lastGood(detail);
  return (
    <Switch fallback={<span class="muted">…</span>}>
      <Match when={detail.state === 'errored'}>
        <span class="muted" title={errorMessage(detail.error)}>
          ?
        </span>
      </Match>
      <Match when={detailData()}>
        {(d) => (
          <Show when={d().enrollment} fallback={<span class="muted">{t('employees.noEnrollment')}</span>}>
            {(en) => <TaskStatusBadge status={en().status} testId="employee-enrollment" />}
          </Show>
        )}
      </Match>
    </Switch>
  );
}
