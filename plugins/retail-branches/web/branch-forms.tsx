import { createEffect, createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { assignInBulk, createBranch, type AssignmentResult, type AssignmentStatus, type Branch } from './branches.api';
import { ErrorNotice, Field, fieldAria, Loading, OtherFieldErrors, ResourceTable, errorMessage, generalMessage, lang, createLoaded, query, listEmployees, t, businessToday, useTenant, failureOf } from '@lianxu/web/plugin-kit';
import { tp } from './messages';

const STATUS_BADGE: Record<AssignmentStatus, string> = { assigned: 'badge-success', transfer_started: 'badge-accent', unchanged: '', failed: 'badge-danger' };

// The branches page's forms: moving employees to a branch in bulk, a new branch.

const activePeopleQuery = query(
  (slug: string, q: string, _lang: string) => listEmployees(slug, { status: 'active', pageSize: 100, sort: 'name', q: q.trim() || undefined }),
  'branches.activePeople',
);
export function BulkMove(props: { branches: Branch[]; onMoved: () => void }) {
  const tenant = useTenant();
  const [q, setQ] = createSignal('');
  const [search, setSearch] = createSignal('');
  const people = createLoaded(() => activePeopleQuery(tenant.slug(), search(), lang()));
  const peopleData = people.value;
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [branchId, setBranchId] = createSignal('');
  const [date, setDate] = createSignal(businessToday());
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<{ message: string; fields: Readonly<Record<string, string>> }>();
  const [results, setResults] = createSignal<{ results: AssignmentResult[]; counts: Record<AssignmentStatus, number> }>();
  const names = createMemo(() => new Map((peopleData()?.items ?? []).map((e) => [e.id, e.name])));
  const [movedNames, setMovedNames] = createSignal<ReadonlyMap<string, string>>(new Map());
  createEffect(() => {
    if (!props.branches.some((b) => b.id === branchId()) && props.branches[0]) setBranchId(props.branches[0].id);
  });

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    setResults(undefined);
    const employeeIds = [...selected()];
    setMovedNames(new Map(employeeIds.map((id) => [id, names().get(id) ?? id])));
    try {
      setResults(await assignInBulk(tenant.slug(), { employeeIds, branchId: branchId(), effectiveDate: date() }));
      setSelected(new Set<string>());
      props.onMoved();
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const branchName = (id: string | null) => props.branches.find((b) => b.id === id)?.name ?? '';

  return (
    <form class="card card-form section" data-testid="bulk-move" novalidate onSubmit={(e) => void onSubmit(e)}>
      <h2>{tp('branches.bulk.title')}</h2>
      <p class="hint">{tp('branches.bulk.intro')}</p>
      <div class="filter-bar">
        <div class="field field-grow">
          <label for="bulk-search">{t('employees.search')}</label>
          <input id="bulk-search" type="search" data-testid="bulk-search" autocomplete="off" value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="filter-actions">
          <button type="button" class="button button-secondary" data-testid="bulk-search-submit" onClick={() => setSearch(q())}>
            {t('employees.searchSubmit')}
          </button>
        </div>
      </div>
      <Switch fallback={<Loading />}>
        <Match when={people.error() && !peopleData()}>
          <ErrorNotice message={errorMessage(people.error())} testId="bulk-people-error" />
        </Match>
        <Match when={peopleData()}>
          {(data) => (
            <Show when={data().items.length > 0} fallback={<p class="empty">{tp('branches.bulk.noPeople')}</p>}>
              <fieldset class="check-group check-columns" data-testid="bulk-employees">
                <legend>{tp('branches.bulk.people', { count: selected().size })}</legend>
                <For each={data().items}>
                  {(e) => (
                    <label class="check">
                      <input type="checkbox" data-testid="bulk-employee" data-employee-id={e.id} checked={selected().has(e.id)} onChange={(ev) => toggle(e.id, ev.currentTarget.checked)} />{' '}
                      {e.name} <span class="muted">{tenant.cityLabel(e.workCity)}</span>
                    </label>
                  )}
                </For>
              </fieldset>
            </Show>
          )}
        </Match>
      </Switch>
      <div class="form-grid">
        <Field for="bulk-branch" label={tp('branches.bulk.branch')} error={failure()?.fields.branchId} testId="bulk-branch">
          <select id="bulk-branch" data-testid="bulk-branch" value={branchId()} onChange={(e) => setBranchId(e.currentTarget.value)} {...fieldAria('bulk-branch', failure()?.fields.branchId)}>
            <For each={props.branches}>
              {(b) => (
                <option value={b.id} selected={b.id === branchId()}>
                  {tp('branches.nameWithCity', { name: b.name, city: tenant.cityLabel(b.cityCode) })}
                </option>
              )}
            </For>
          </select>
        </Field>
        <Field for="bulk-date" label={tp('branches.bulk.date')} error={failure()?.fields.effectiveDate} hint={tp('branches.bulk.dateHint')} testId="bulk-date">
          <input id="bulk-date" type="date" data-testid="bulk-date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} {...fieldAria('bulk-date', failure()?.fields.effectiveDate, true)} />
        </Field>
      </div>
      <Show when={failure()}>
        {(f) => (
          <div class="notice notice-error" role="alert" data-testid="bulk-error">
            <p class="notice-message">{generalMessage(f().message, f().fields)}</p>
            <ul class="field-errors">
              <For each={Object.entries(f().fields).filter(([name]) => name.startsWith('employeeIds'))}>
                {([name, message]) => {
                  const index = Number(/\[(\d+)\]/.exec(name)?.[1] ?? -1);
                  const id = [...movedNames().keys()][index];
                  return (
                    <li>
                      {id ? movedNames().get(id) : name}: {message}
                    </li>
                  );
                }}
              </For>
            </ul>
            <OtherFieldErrors fields={f().fields} shown={[...Object.keys(f().fields).filter((n) => n.startsWith('employeeIds')), 'branchId', 'effectiveDate']} />
          </div>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="bulk-submit" disabled={busy() || selected().size === 0 || !branchId()}>
          {busy() ? tp('branches.bulk.moving') : tp('branches.bulk.submit', { count: selected().size })}
        </button>
      </div>
      <Show when={results()}>
        {(r) => (
          <div class="section" data-testid="bulk-results">
            <p class="notice notice-success" role="status" data-testid="bulk-counts">
              {tp('branches.bulk.counts', { moved: r().counts.assigned + r().counts.transfer_started, transfers: r().counts.transfer_started, unchanged: r().counts.unchanged, failed: r().counts.failed })}
            </p>
            <ResourceTable
              testId="bulk-results-table"
              caption={tp('branches.bulk.col.result')}
              rows={r().results}
              rowTestId="bulk-result"
              rowAttributes={(row) => ({ 'data-employee-id': row.employeeId, 'data-status': row.status })}
              columns={[
                { header: tp('branches.bulk.col.employee'), rowHeader: true, cell: (row) => movedNames().get(row.employeeId) ?? row.employeeId },
                {
                  header: tp('branches.bulk.col.result'),
                  cell: (row) => (
                    <>
                      <span class={`badge ${STATUS_BADGE[row.status]}`}>{tp(`branches.bulk.status.${row.status}`)}</span>
                      <Show when={row.status === 'transfer_started'}>
                        <span class="cell-sub" data-testid="bulk-transfer">
                          {tp('branches.bulk.transfer', { from: tenant.cityLabel(row.fromCity), to: tenant.cityLabel(row.toCity) })}
                        </span>
                      </Show>
                      <Show when={row.error}>{(e) => <span class="cell-sub field-error">{e().message[lang()] || e().message['zh-CN']}</span>}</Show>
                    </>
                  ),
                },
                { header: tp('branches.bulk.col.from'), cell: (row) => (row.fromBranchId ? branchName(row.fromBranchId) : tp('branches.bulk.noBranch')) },
              ]}
            />
          </div>
        )}
      </Show>
    </form>
  );
}

const BRANCH_FIELDS = ['name', 'cityCode', 'address', 'managerName', 'managerMobile'];

export function NewBranchForm(props: { onCreated: () => void }) {
  const tenant = useTenant();
  const [name, setName] = createSignal('');
  const [city, setCity] = createSignal(tenant.cities()[0]?.code ?? '');
  const [address, setAddress] = createSignal('');
  const [manager, setManager] = createSignal('');
  const [mobile, setMobile] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<{ message: string; fields: Readonly<Record<string, string>> }>();
  const [created, setCreated] = createSignal<string>();
  const err = (field: string) => failure()?.fields[field];

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    setCreated(undefined);
    try {
      const branch = await createBranch(tenant.slug(), {
        name: name().trim(),
        cityCode: city(),
        address: address().trim(),
        managerName: manager().trim(),
        ...(mobile().trim() ? { managerMobile: mobile().trim() } : {}),
      });
      setCreated(branch.name);
      setName('');
      setAddress('');
      setManager('');
      setMobile('');
      props.onCreated();
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card card-form form-grid section" data-testid="branch-form" novalidate onSubmit={(e) => void onSubmit(e)}>
      <h2 class="form-wide">{tp('branches.new.title')}</h2>
      <Field for="branch-name" label={tp('branches.col.name')} error={err('name')} testId="branch-name">
        <input id="branch-name" data-testid="branch-name" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} {...fieldAria('branch-name', err('name'))} />
      </Field>
      <Field for="branch-city" label={tp('branches.col.city')} error={err('cityCode')} hint={tp('branches.new.cityHint')} testId="branch-city">
        <select id="branch-city" data-testid="branch-city" value={city()} onChange={(e) => setCity(e.currentTarget.value)} {...fieldAria('branch-city', err('cityCode'), true)}>
          <For each={tenant.cities()}>
            {(c) => (
              <option value={c.code} selected={c.code === city()}>
                {tenant.cityLabel(c.code)} ({c.code})
              </option>
            )}
          </For>
        </select>
      </Field>
      <div class="form-wide">
        <Field for="branch-address" label={tp('branches.new.address')} error={err('address')} testId="branch-address">
          <input id="branch-address" data-testid="branch-address" autocomplete="off" value={address()} onInput={(e) => setAddress(e.currentTarget.value)} {...fieldAria('branch-address', err('address'))} />
        </Field>
      </div>
      <Field for="branch-manager" label={tp('branches.col.manager')} error={err('managerName')} testId="branch-manager">
        <input id="branch-manager" data-testid="branch-manager" autocomplete="off" value={manager()} onInput={(e) => setManager(e.currentTarget.value)} {...fieldAria('branch-manager', err('managerName'))} />
      </Field>
      <Field for="branch-manager-mobile" label={tp('branches.new.managerMobile')} error={err('managerMobile')} testId="branch-manager-mobile">
        <input id="branch-manager-mobile" data-testid="branch-manager-mobile" type="tel" inputmode="numeric" autocomplete="off" value={mobile()} onInput={(e) => setMobile(e.currentTarget.value)} {...fieldAria('branch-manager-mobile', err('managerMobile'))} />
      </Field>
      <Show when={failure()}>
        {(f) => (
          <div class="notice notice-error form-wide" role="alert" data-testid="branch-form-error">
            <p class="notice-message">{generalMessage(f().message, f().fields)}</p>
            <OtherFieldErrors fields={f().fields} shown={BRANCH_FIELDS} />
          </div>
        )}
      </Show>
      <Show when={created()}>
        {(n) => (
          <p class="notice notice-success form-wide" role="status" data-testid="branch-created">
            {tp('branches.new.created', { name: n() })}
          </p>
        )}
      </Show>
      <div class="form-actions form-wide">
        <button type="submit" class="button button-primary" data-testid="branch-submit" disabled={busy()}>
          {busy() ? tp('branches.new.creating') : tp('branches.new.submit')}
        </button>
      </div>
    </form>
  );
}
