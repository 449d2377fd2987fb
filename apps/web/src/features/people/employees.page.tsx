import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { errorMessage } from '../../api';
import { TaskStatusBadge } from './filing';
import { ResourceTable, type Column } from '../../components/resource-table';
import { ErrorNotice, LoadedView } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { EMPLOYEE_STATUSES, employeesExportHref, listEmployees, type EmployeeListItem, type EmployeeQuery, type EmployeeStatus, type EmployeeSummary } from './people.api';
import { canManagePeople } from '../tenant/tenant-nav';
import { createLoaded, query, reload } from '../../data';
import { customFieldsQuery } from './people.queries';
import { localized } from './plugin-sections';
import { fieldLabel, formatFieldValue, type CustomField } from '../custom-fields/custom-fields.api';

const PAGE_SIZE = 20;
const employeesQuery = query((slug: string, _lang: string, q: EmployeeQuery) => listEmployees(slug, q), 'people.employees');

// One custom field filter at a time (a searchable field and its value), and the sort, are kept in
// the address like the other filters.
type Filters = { q: string; status: EmployeeStatus | ''; city: string; page: number; cfKey: string; cfValue: string; sort: string };

const BUILT_IN_SORTS = ['-hireDate', 'hireDate', 'name'] as const;

/** `/t/:slug/employees`: the paged list with search and filters (kept in the address), export and hire. */
export function EmployeesPage() {
  const tenant = useTenant();
  usePageTitle(() => t('employees.title'));
  const [params, setParams] = useSearchParams<{ q?: string; status?: string; city?: string; page?: string; cf?: string; cfv?: string; sort?: string }>();

  const filters = (): Filters => {
    const status = EMPLOYEE_STATUSES.find((s) => s === params.status) ?? '';
    const page = Math.max(1, Math.floor(Number(params.page) || 1));
    return { q: params.q ?? '', status, city: params.city ?? '', page, cfKey: params.cf ?? '', cfValue: params.cfv ?? '', sort: params.sort ?? '' };
  };
  const readable = () => tenant.role() !== 'employee';

  // The tenant's custom fields: list columns, the searchable ones as a filter, sorting by them.
  // A failure to list them leaves the list without them (no columns, no filter), never blocks it.
  const customFields = createLoaded(() => (readable() ? customFieldsQuery(tenant.slug(), lang()) : undefined));
  const customFieldsData = customFields.value;
  const listFields = () => (customFieldsData()?.items ?? []).filter((f) => f.showIn.list);
  const searchableFields = () => (customFieldsData()?.items ?? []).filter((f) => f.searchable);
  const cfFilter = (f: Filters): Record<string, string> | undefined => (f.cfKey && f.cfValue ? { [f.cfKey]: f.cfValue } : undefined);

  const list = createLoaded(() => {
    if (!readable()) return undefined;
    const f = filters();
    const customFields = cfFilter(f);
    return employeesQuery(tenant.slug(), lang(), {
      q: f.q.trim() || undefined,
      status: f.status || undefined,
      city: f.city || undefined,
      page: f.page,
      pageSize: PAGE_SIZE,
      ...(f.sort ? { sort: f.sort } : {}),
      ...(customFields ? { customFields } : {}),
    });
  });
  const listData = list.value;

  // The search box is typed into freely and applied on submit; the selects apply at once.
  const [q, setQ] = createSignal(filters().q);
  createEffect(() => setQ(filters().q));
  const [cfValue, setCfValue] = createSignal(filters().cfValue);
  createEffect(() => setCfValue(filters().cfValue));
  const apply = (next: Partial<Filters>) => {
    const merged = { ...filters(), ...next };
    setParams({
      q: merged.q.trim() || undefined,
      status: merged.status || undefined,
      city: merged.city || undefined,
      page: merged.page > 1 ? String(merged.page) : undefined,
      cf: merged.cfKey || undefined,
      cfv: merged.cfKey && merged.cfValue.trim() ? merged.cfValue.trim() : undefined,
      sort: merged.sort || undefined,
    });
  };
  const filterField = () => searchableFields().find((f) => f.key === filters().cfKey);

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
              href={employeesExportHref(tenant.slug(), { status: filters().status || undefined, city: filters().city || undefined, ...(cfFilter(filters()) ? { customFields: cfFilter(filters())! } : {}) })}
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
            apply({ q: q(), cfValue: cfValue(), page: 1 });
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
          <Show when={searchableFields().length > 0}>
            <div class="field">
              <label for="employees-cf-field">{t('employees.cfFilter')}</label>
              <select
                id="employees-cf-field"
                data-testid="employees-cf-field"
                value={filters().cfKey}
                onChange={(event) => {
                  setCfValue('');
                  apply({ cfKey: event.currentTarget.value, cfValue: '', page: 1 });
                }}
              >
                <option value="">{t('employees.cfNone')}</option>
                <For each={searchableFields()}>
                  {(f) => (
                    <option value={f.key} selected={f.key === filters().cfKey}>
                      {fieldLabel(f, lang())}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <Show when={filterField()}>
              {(field) => (
                <div class="field">
                  <label for="employees-cf-value">{t('employees.cfValue', { field: fieldLabel(field(), lang()) })}</label>
                  <Show
                    when={field().options.choices || field().type === 'yes_no'}
                    fallback={
                      <input
                        id="employees-cf-value"
                        data-testid="employees-cf-value"
                        autocomplete="off"
                        type={field().type === 'date' ? 'date' : 'text'}
                        value={cfValue()}
                        onInput={(event) => setCfValue(event.currentTarget.value)}
                      />
                    }
                  >
                    <select
                      id="employees-cf-value"
                      data-testid="employees-cf-value"
                      value={filters().cfValue}
                      onChange={(event) => apply({ cfValue: event.currentTarget.value, page: 1 })}
                    >
                      <option value="">{t('employees.all')}</option>
                      <For each={field().type === 'yes_no' ? [{ value: 'true', labels: { 'zh-CN': t('common.yes'), en: t('common.yes') } }, { value: 'false', labels: { 'zh-CN': t('common.no'), en: t('common.no') } }] : (field().options.choices ?? [])}>
                        {(c) => (
                          <option value={c.value} selected={c.value === filters().cfValue}>
                            {c.labels[lang()] || c.labels['zh-CN']}
                          </option>
                        )}
                      </For>
                    </select>
                  </Show>
                </div>
              )}
            </Show>
          </Show>
          <div class="field">
            <label for="employees-sort">{t('employees.sort')}</label>
            <select id="employees-sort" data-testid="employees-sort" value={filters().sort} onChange={(event) => apply({ sort: event.currentTarget.value, page: 1 })}>
              <option value="">{t('employees.sort.-hireDate')}</option>
              <For each={BUILT_IN_SORTS.filter((s) => s !== '-hireDate')}>
                {(s) => (
                  <option value={s} selected={s === filters().sort}>
                    {t(`employees.sort.${s}`)}
                  </option>
                )}
              </For>
              <For each={listFields()}>
                {(f) => (
                  <option value={`cf.${f.key}`} selected={`cf.${f.key}` === filters().sort}>
                    {t('employees.sortBy', { field: fieldLabel(f, lang()) })}
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

        <LoadedView
          failed={list.error()}
          failure={<ErrorNotice title={t('employees.loadFailed')} message={errorMessage(list.error())} onRetry={() => void reload(employeesQuery)} testId="employees-error" />}
          data={listData()}
        >
          {(data) => (
            <>
              <ResourceTable
                testId="employees-table"
                caption={t('employees.title')}
                busy={list.pending()}
                rows={data().items}
                empty={filters().q || filters().status || filters().city || cfFilter(filters()) ? t('employees.noMatch') : t('employees.empty')}
                emptyTestId="employees-empty"
                rowTestId="employee-row"
                rowAttributes={(e) => ({ 'data-employee-id': e.id })}
                columns={[
                  {
                    header: t('employees.col.name'),
                    rowHeader: true,
                    class: 'cell-strong',
                    cell: (e) => (
                      <A href={`${base()}/${e.id}`} data-testid="employee-link">
                        {e.name}
                      </A>
                    ),
                  },
                  { header: t('employees.col.idNumber'), cell: (e) => <code data-testid="employee-id-masked">{e.idNumberMasked}</code> },
                  { header: t('employees.col.city'), cell: (e) => tenant.cityLabel(e.workCity) },
                  { header: t('employees.col.hireDate'), cell: (e) => e.hireDate },
                  ...listFields().map(
                    (f): Column<EmployeeSummary> => ({
                      header: fieldLabel(f, lang()),
                      headerAttributes: { 'data-testid': 'employees-cf-column', 'data-key': f.key },
                      cellAttributes: () => ({ 'data-testid': 'employee-cf', 'data-key': f.key }),
                      cell: (e) => formatFieldValue(f, e.customFields?.[f.key], lang(), { yes: t('common.yes'), no: t('common.no') }),
                    }),
                  ),
                  // The enabled plugins' columns (branch, overtime…), answered with the page.
                  ...(data().pluginColumns ?? []).map(
                    (c): Column<EmployeeSummary> => ({
                      header: localized(c.label),
                      headerAttributes: { 'data-testid': 'employees-plugin-column', 'data-key': `${c.pluginId}/${c.key}` },
                      cellAttributes: () => ({ 'data-testid': 'employee-plugin-cell', 'data-key': `${c.pluginId}/${c.key}` }),
                      cell: (e) => String(c.values[e.id] ?? ''),
                    }),
                  ),
                  {
                    header: t('employees.col.status'),
                    cell: (e) => (
                      <span class={`badge${e.status === 'active' ? ' badge-success' : ''}`} data-testid="employee-status" data-status={e.status}>
                        {t(`employeeStatus.${e.status}`)}
                      </span>
                    ),
                  },
                  { header: t('employees.col.enrollment'), cell: (e) => <EnrollmentCell status={e.enrollmentStatus} /> },
                ]}
                paging={{
                  page: filters().page,
                  pages: pages(),
                  onPage: (page) => apply({ page }),
                  info: t('employees.pageInfo', { page: data().page, pages: pages(), total: data().total }),
                  testIdPrefix: 'employees',
                  infoAttributes: { 'data-total': data().total },
                  label: t('employees.pager'),
                }}
              />
            </>
          )}
        </LoadedView>
      </Show>
    </section>
  );
}

/** The latest enrollment of one listed employee, as the list answers it (one request per page). */
function EnrollmentCell(props: { status: EmployeeListItem['enrollmentStatus'] }) {
  return (
    <Show when={props.status} fallback={<span class="muted">{t('employees.noEnrollment')}</span>}>
      {(status) => <TaskStatusBadge status={status()} testId="employee-enrollment" />}
    </Show>
  );
}
