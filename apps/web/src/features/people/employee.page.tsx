import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { A, useParams, useSearchParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { CoverageTimeline } from './coverage-timeline-view';
import { DeadlineCountdown, TaskStatusBadge, WorkflowLink } from './filing';
import { Field, fieldAria, generalMessage, OtherFieldErrors } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import { todayLocal, useNow, useRefresh } from '../../now';
import { changeWage, getEmployee, listEntities, revealIdNumber, terminateEmployee, transferEmployee, type Employee } from './people.api';
import { useSession } from '../../session';
import { canManagePeople } from '../tenant/tenant-nav';
import { lastGood } from '../../resource-value';

// While a filing is open the page asks again every few seconds, so HR sees it confirmed.
const OPEN_REFRESH_MS = 4000;

/** `/t/:slug/employees/:id`: the employee, enrollment, coverage timeline, wages, filings and changes. */
export function EmployeePage() {
  const tenant = useTenant();
  const session = useSession();
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ hired?: string }>();
  const readable = () => tenant.role() !== 'employee';

  const [employee, { refetch, mutate }] = createResource(
    () => (readable() ? { slug: tenant.slug(), id: params.id, lang: lang() } : undefined),
    ({ slug, id }) => getEmployee(slug, id),
  );
  const employeeData = lastGood(employee);
  createEffect(() => {
    if (employee.error instanceof ApiError && employee.error.status === 401) session.markSignedOut();
  });
  useRefresh(() => {
    if (employeeData()?.tasks.some((task) => task.open) && !employee.loading) void refetch();
  }, OPEN_REFRESH_MS);

  usePageTitle(() => employeeData()?.name ?? t('employee.title'));

  return (
    <section data-testid="employee-page">
      <p class="breadcrumb">
        <A href={`/t/${encodeURIComponent(tenant.slug())}/employees`} data-testid="employee-back">
          {t('employee.back')}
        </A>
      </p>
      <Show when={readable()} fallback={<RoleNotice />}>
        <Switch>
          <Match when={employee.state === 'errored' && !employeeData()}>
            <h1 data-testid="page-title">{t('employee.title')}</h1>
            <ErrorNotice title={t('employee.loadFailed')} message={errorMessage(employee.error)} onRetry={() => void refetch()} testId="employee-error" />
          </Match>
          <Match when={employeeData()}>
            {(e) => (
              <EmployeeDetail
                employee={e()}
                hired={search.hired === '1'}
                onChanged={(next) => {
                  mutate(next);
                  void refetch();
                }}
              />
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

type ActionForm = 'terminate' | 'transfer' | 'wage';

function EmployeeDetail(props: { employee: Employee; hired: boolean; onChanged: (next: Employee) => void }) {
  const tenant = useTenant();
  const now = useNow(1000);
  const e = () => props.employee;
  const manage = () => canManagePeople(tenant.role());
  const [entities] = createResource(() => ({ slug: tenant.slug(), lang: lang() }), ({ slug }) => listEntities(slug).catch(() => undefined));
  const entitiesData = lastGood(entities);
  const entityName = () => entitiesData()?.items.find((x) => x.id === e().entityId)?.name;

  const [action, setAction] = createSignal<ActionForm>();
  const [done, setDone] = createSignal<string>();

  return (
    <div class="employee-detail" data-testid="employee-detail" data-employee-id={e().id} data-status={e().status}>
      <div class="page-heading">
        <h1 data-testid="page-title">{e().name}</h1>
        <span class={`badge${e().status === 'active' ? ' badge-success' : ''}`} data-testid="employee-status" data-status={e().status}>
          {t(`employeeStatus.${e().status}`)}
        </span>
      </div>

      <Show when={props.hired}>
        <div class="notice notice-success" role="status" data-testid="employee-hired">
          <p>{t('employee.hired')}</p>
        </div>
      </Show>
      <Show when={done()}>
        {(message) => (
          <div class="notice notice-success" role="status" data-testid="employee-action-done">
            <p>{message()}</p>
          </div>
        )}
      </Show>

      <dl class="card facts">
        <div>
          <dt>{t('employee.idNumber')}</dt>
          <dd>
            <IdNumber employeeId={e().id} masked={e().idNumberMasked} canReveal={manage()} />
          </dd>
        </div>
        <div>
          <dt>{t('employee.mobile')}</dt>
          <dd>
            <code>{e().mobile}</code>
          </dd>
        </div>
        <div>
          <dt>{t('employee.hukou')}</dt>
          <dd>{t(`hukou.${e().hukou}`)}</dd>
        </div>
        <div>
          <dt>{t('employee.workCity')}</dt>
          <dd data-testid="employee-work-city" data-city={e().workCity}>
            {tenant.cityLabel(e().workCity)}
          </dd>
        </div>
        <div>
          <dt>{t('employee.hireDate')}</dt>
          <dd data-testid="employee-hire-date">{e().hireDate}</dd>
        </div>
        <Show when={e().terminationDate}>
          {(date) => (
            <div>
              <dt>{t('employee.terminationDate')}</dt>
              <dd data-testid="employee-termination-date">{date()}</dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{t('employee.monthlyWage')}</dt>
          <dd data-testid="employee-wage">{formatYuan(e().monthlyWage)}</dd>
        </div>
        <Show when={entityName()}>
          {(name) => (
            <div>
              <dt>{t('employee.entity')}</dt>
              <dd>{name()}</dd>
            </div>
          )}
        </Show>
      </dl>

      <h2>{t('employee.enrollment')}</h2>
      <Show when={e().enrollment} fallback={<p class="empty">{t('employees.noEnrollment')}</p>}>
        {(en) => (
          <dl class="card facts" data-testid="employee-enrollment" data-status={en().status}>
            <div>
              <dt>{t('employee.enrollmentStatus')}</dt>
              <dd>
                <TaskStatusBadge status={en().status} testId="employee-enrollment-status" />
              </dd>
            </div>
            <div>
              <dt>{t('employee.enrollmentMonth')}</dt>
              <dd>
                {tenant.cityLabel(en().cityCode)} · {en().month}
              </dd>
            </div>
            <div>
              <dt>{t('employee.deadline')}</dt>
              <dd data-testid="employee-enrollment-deadline">
                <DeadlineCountdown
                  deadline={en().deadline}
                  deadlineDate={en().deadlineDate}
                  open={e().tasks.find((task) => task.id === en().taskId)?.open ?? (en().status !== 'confirmed' && en().status !== 'cancelled')}
                  now={now()}
                  testId="employee-enrollment-countdown"
                />
              </dd>
            </div>
            <div>
              <dt>{t('employee.receipt')}</dt>
              <dd data-testid="employee-enrollment-receipt">
                <Show when={en().bureauReceipt} fallback={<span class="muted">{t('tasks.noReceipt')}</span>}>
                  {(r) => <code>{r()}</code>}
                </Show>
              </dd>
            </div>
            <Show when={tenant.role() === 'consultant'}>
              <div>
                <dt>{t('tasks.workflow')}</dt>
                <dd>
                  <WorkflowLink workflowId={en().workflowId} testId="employee-workflow-link" />
                </dd>
              </div>
            </Show>
          </dl>
        )}
      </Show>

      <CoverageTimeline periods={e().coverage} cityLabel={tenant.cityLabel} />

      <h2>{t('employee.tasks')}</h2>
      <div class="card table-scroll">
        <table class="table" data-testid="employee-tasks">
          <thead>
            <tr>
              <th scope="col">{t('tasks.col.kind')}</th>
              <th scope="col">{t('tasks.col.city')}</th>
              <th scope="col">{t('tasks.col.month')}</th>
              <th scope="col">{t('tasks.col.status')}</th>
              <th scope="col">{t('tasks.col.receipt')}</th>
            </tr>
          </thead>
          <tbody>
            <Show when={e().tasks.length > 0} fallback={<tr><td colspan="5" class="empty">{t('tasks.empty')}</td></tr>}>
              <For each={e().tasks}>
                {(task) => (
                  <tr data-testid="employee-task" data-kind={task.kind} data-status={task.status}>
                    <td>{t(`taskKind.${task.kind}`)}</td>
                    <td>{tenant.cityLabel(task.cityCode)}</td>
                    <td>{task.month}</td>
                    <td>
                      <TaskStatusBadge status={task.status} />
                      <Show when={task.rejection}>{(r) => <span class="cell-sub">{r().message}</span>}</Show>
                    </td>
                    <td>{task.receiptNo ? <code>{task.receiptNo}</code> : <span class="muted">{t('tasks.noReceipt')}</span>}</td>
                  </tr>
                )}
              </For>
            </Show>
          </tbody>
        </table>
      </div>

      <h2>{t('employee.wageHistory')}</h2>
      <div class="card table-scroll">
        <table class="table" data-testid="employee-wage-history">
          <thead>
            <tr>
              <th scope="col">{t('employee.wageFrom')}</th>
              <th scope="col" class="num">{t('employee.monthlyWage')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={e().wageHistory}>
              {(w) => (
                <tr data-testid="wage-row" data-from={w.effectiveFrom}>
                  <td>{w.effectiveFrom}</td>
                  <td class="num">{formatYuan(w.monthlyWage)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>

      <Show when={manage() && e().status === 'active'}>
        <h2>{t('employee.changes')}</h2>
        <div class="action-bar" role="group" aria-label={t('employee.changes')}>
          <For each={['terminate', 'transfer', 'wage'] as const}>
            {(name) => (
              <button
                type="button"
                class={`button ${action() === name ? 'button-primary' : 'button-secondary'}`}
                aria-expanded={action() === name ? 'true' : 'false'}
                data-testid={`employee-action-${name}`}
                onClick={() => {
                  setDone(undefined);
                  setAction(action() === name ? undefined : name);
                }}
              >
                {t(`employee.action.${name}`)}
              </button>
            )}
          </For>
        </div>
        <Switch>
          <Match when={action() === 'terminate'}>
            <TerminateForm
              employee={e()}
              onDone={(next) => {
                setAction(undefined);
                setDone(t('employee.terminated'));
                props.onChanged(next);
              }}
            />
          </Match>
          <Match when={action() === 'transfer'}>
            <TransferForm
              employee={e()}
              onDone={(next) => {
                setAction(undefined);
                setDone(t('employee.transferred'));
                props.onChanged(next);
              }}
            />
          </Match>
          <Match when={action() === 'wage'}>
            <WageForm
              employee={e()}
              onDone={(next) => {
                setAction(undefined);
                setDone(t('employee.wageChanged'));
                props.onChanged(next);
              }}
            />
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

/** The masked number; HR and admins may reveal the full one, which the API audits. */
function IdNumber(props: { employeeId: string; masked: string; canReveal: boolean }) {
  const tenant = useTenant();
  const [full, setFull] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  // Another employee on the same page component: never show the previous one's number.
  createEffect(on(() => props.employeeId, () => setFull(undefined), { defer: true }));

  async function reveal(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      setFull((await revealIdNumber(tenant.slug(), props.employeeId)).idNumber);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span class="id-number">
      <code data-testid="employee-id-number" data-revealed={full() ? 'true' : 'false'}>
        {full() ?? props.masked}
      </code>
      <Show when={props.canReveal}>
        {' '}
        <Show
          when={full()}
          fallback={
            <button type="button" class="button button-link" data-testid="employee-reveal" disabled={busy()} title={t('employee.revealHint')} onClick={() => void reveal()}>
              {t('employee.reveal')}
            </button>
          }
        >
          <button type="button" class="button button-link" data-testid="employee-hide" onClick={() => setFull(undefined)}>
            {t('employee.hide')}
          </button>
        </Show>
      </Show>
      <Show when={error()}>{(message) => <span class="field-error" role="alert">{message()}</span>}</Show>
    </span>
  );
}

function TerminateForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [lastWorkingDay, setLastWorkingDay] = createSignal(todayLocal());
  const [reason, setReason] = createSignal('');
  const err = submission.fieldError;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const next = await submission.run((key) => terminateEmployee(tenant.slug(), props.employee.id, { lastWorkingDay: lastWorkingDay(), reason: reason().trim() }, key));
    if (next) props.onDone(next);
  }

  return (
    <form class="card card-form form-grid" novalidate data-testid="terminate-form" aria-label={t('employee.action.terminate')} onSubmit={(event) => void onSubmit(event)}>
      <p class="hint form-wide">{t('employee.terminateHint')}</p>
      <Field for="terminate-last-working-day" label={t('employee.lastWorkingDay')} error={err('lastWorkingDay')} testId="terminate-last-working-day">
        <input
          id="terminate-last-working-day"
          data-testid="terminate-last-working-day"
          type="date"
          value={lastWorkingDay()}
          onInput={(e) => setLastWorkingDay(e.currentTarget.value)}
          {...fieldAria('terminate-last-working-day', err('lastWorkingDay'))}
        />
      </Field>
      <Field for="terminate-reason" label={t('employee.reason')} error={err('reason')} testId="terminate-reason">
        <input id="terminate-reason" data-testid="terminate-reason" autocomplete="off" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} {...fieldAria('terminate-reason', err('reason'))} />
      </Field>
      <FormFooter submission={submission} shown={['lastWorkingDay', 'reason']} testId="terminate" label={t('employee.action.terminate')} />
    </form>
  );
}

function TransferForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const targets = () => tenant.cities().filter((c) => c.code !== props.employee.workCity);
  const [workCity, setWorkCity] = createSignal(targets()[0]?.code ?? '');
  const [effectiveDate, setEffectiveDate] = createSignal(todayLocal());
  const err = submission.fieldError;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const next = await submission.run((key) => transferEmployee(tenant.slug(), props.employee.id, { workCity: workCity(), effectiveDate: effectiveDate() }, key));
    if (next) props.onDone(next);
  }

  return (
    <form class="card card-form form-grid" novalidate data-testid="transfer-form" aria-label={t('employee.action.transfer')} onSubmit={(event) => void onSubmit(event)}>
      <p class="hint form-wide">{t('employee.transferHint')}</p>
      <Field for="transfer-work-city" label={t('employee.newCity')} error={err('workCity')} testId="transfer-work-city">
        <select id="transfer-work-city" data-testid="transfer-work-city" value={workCity()} onChange={(e) => setWorkCity(e.currentTarget.value)} {...fieldAria('transfer-work-city', err('workCity'))}>
          <For each={targets()}>
            {(c) => (
              <option value={c.code} selected={c.code === workCity()}>
                {tenant.cityLabel(c.code)} ({c.code})
              </option>
            )}
          </For>
        </select>
      </Field>
      <Field for="transfer-effective-date" label={t('employee.effectiveDate')} error={err('effectiveDate')} testId="transfer-effective-date">
        <input
          id="transfer-effective-date"
          data-testid="transfer-effective-date"
          type="date"
          value={effectiveDate()}
          onInput={(e) => setEffectiveDate(e.currentTarget.value)}
          {...fieldAria('transfer-effective-date', err('effectiveDate'))}
        />
      </Field>
      <FormFooter submission={submission} shown={['workCity', 'effectiveDate']} testId="transfer" label={t('employee.action.transfer')} />
    </form>
  );
}

function WageForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [monthlyWage, setMonthlyWage] = createSignal('');
  const [effectiveFrom, setEffectiveFrom] = createSignal(todayLocal());
  const err = submission.fieldError;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const next = await submission.run((key) => changeWage(tenant.slug(), props.employee.id, { monthlyWage: monthlyWage().trim(), effectiveFrom: effectiveFrom() }, key));
    if (next) props.onDone(next);
  }

  return (
    <form class="card card-form form-grid" novalidate data-testid="wage-form" aria-label={t('employee.action.wage')} onSubmit={(event) => void onSubmit(event)}>
      <Field for="wage-monthly-wage" label={t('employee.newWage')} error={err('monthlyWage')} testId="wage-monthly-wage">
        <input
          id="wage-monthly-wage"
          data-testid="wage-monthly-wage"
          inputmode="decimal"
          autocomplete="off"
          placeholder={props.employee.monthlyWage}
          value={monthlyWage()}
          onInput={(e) => setMonthlyWage(e.currentTarget.value)}
          {...fieldAria('wage-monthly-wage', err('monthlyWage'))}
        />
      </Field>
      <Field for="wage-effective-from" label={t('employee.effectiveFrom')} error={err('effectiveFrom')} testId="wage-effective-from">
        <input
          id="wage-effective-from"
          data-testid="wage-effective-from"
          type="date"
          value={effectiveFrom()}
          onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
          {...fieldAria('wage-effective-from', err('effectiveFrom'))}
        />
      </Field>
      <FormFooter submission={submission} shown={['monthlyWage', 'effectiveFrom']} testId="wage" label={t('employee.action.wage')} />
    </form>
  );
}

function FormFooter(props: { submission: ReturnType<typeof createSubmission>; shown: readonly string[]; testId: string; label: string }) {
  return (
    <>
      <Show when={props.submission.error()}>
        {(message) => (
          <div class="notice notice-error form-wide" role="alert" data-testid={`${props.testId}-error`}>
            <p class="notice-message">{generalMessage(message(), props.submission.fields())}</p>
            <OtherFieldErrors fields={props.submission.fields()} shown={props.shown} />
          </div>
        )}
      </Show>
      <div class="form-actions form-wide">
        <button type="submit" class="button button-primary" data-testid={`${props.testId}-submit`} disabled={props.submission.busy()}>
          {props.submission.busy() ? t('common.saving') : props.label}
        </button>
      </div>
    </>
  );
}
