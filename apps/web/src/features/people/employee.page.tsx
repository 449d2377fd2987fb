import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { A, useParams, useSearchParams } from '@solidjs/router';
import { errorMessage } from '../../api';
import { CoverageTimeline } from './coverage-timeline-view';
import { InsuranceTracks } from './insurance-tracks';
import { DeadlineCountdown, TaskStatusBadge, WorkflowLink } from './filing';
import { ErrorNotice, LoadedView } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import { useNow, useRefresh } from '../../now';
import { getEmployee, revealIdNumber, type Employee } from './people.api';
import { StatementDownload } from '../verify/statement-download';
import { canManagePeople } from '../tenant/tenant-nav';
import { EmployeePluginSections } from './plugin-sections';
import { createLoaded, query, reload } from '../../data';
import { entitiesQuery } from './people.queries';
import { TerminateForm, TransferForm, WageForm } from './employee-actions';
import { EmployeeRisks } from '../risk/employee-risks';
import { EmployeeContributionLines } from './employee-contributions';

// While a filing is open the page asks again every few seconds, so HR sees it confirmed.
const OPEN_REFRESH_MS = 4000;
const employeeQuery = query((slug: string, id: string, _lang: string) => getEmployee(slug, id), 'people.employee');

/** `/t/:slug/employees/:id`: the employee, enrollment, coverage timeline, wages, filings and changes. */
export function EmployeePage() {
  const tenant = useTenant();
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ hired?: string; pluginProblems?: string; action?: string }>();
  const readable = () => tenant.role() !== 'employee';

  const employee = createLoaded(() => (readable() ? employeeQuery(tenant.slug(), params.id, lang()) : undefined));
  const refetch = () => reload(employeeQuery);
  // A write's answer is shown at once, until the reload it starts (or any later load) answers.
  const [written, setWritten] = createSignal<Employee>();
  createEffect(on(employee.value, () => setWritten(undefined), { defer: true }));
  const employeeData = () => {
    const next = written();
    return next && next.id === params.id ? next : employee.value();
  };
  useRefresh(() => {
    if (employeeData()?.tasks.some((task) => task.open) && !employee.pending()) void refetch();
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
        <LoadedView
          failed={employee.error() && !employeeData()}
          failure={
            <>
              <h1 data-testid="page-title">{t('employee.title')}</h1>
              <ErrorNotice title={t('employee.loadFailed')} message={errorMessage(employee.error())} onRetry={() => void refetch()} testId="employee-error" />
            </>
          }
          data={employeeData()}
        >
          {(e) => (
            <EmployeeDetail
              employee={e()}
              hired={search.hired === '1'}
              pluginProblems={search.pluginProblems}
              initialAction={search.action === 'terminate' || search.action === 'transfer' || search.action === 'wage' ? search.action : undefined}
              onChanged={(next) => {
                setWritten(next);
                void refetch();
              }}
            />
          )}
        </LoadedView>
      </Show>
    </section>
  );
}

type ActionForm = 'terminate' | 'transfer' | 'wage';

function EmployeeDetail(props: { employee: Employee; hired: boolean; pluginProblems?: string; initialAction?: ActionForm | undefined; onChanged: (next: Employee) => void }) {
  const tenant = useTenant();
  const now = useNow(1000);
  const e = () => props.employee;
  const manage = () => canManagePeople(tenant.role());
  // Only for the entity's name: a failure to list them leaves it out.
  const entities = createLoaded(() => entitiesQuery(tenant.slug(), lang()));
  const entitiesData = entities.value;
  const entityName = () => entitiesData()?.items.find((x) => x.id === e().entityId)?.name;

  // ?action=terminate (a risk finding's "file the stop") opens that form.
  const [action, setAction] = createSignal<ActionForm | undefined>(props.initialAction);
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
      <Show when={props.pluginProblems}>
        {(problems) => (
          <div class="notice notice-error" role="alert" data-testid="employee-plugin-problems">
            <p>{t('employee.pluginProblems', { problems: problems() })}</p>
          </div>
        )}
      </Show>
      <Show when={done()}>
        {(message) => (
          // Moved into view and focused: the form that caused it sits at the bottom of the page.
          <div class="notice notice-success" role="status" tabindex="-1" data-testid="employee-action-done" ref={(el) => queueMicrotask(() => { el.scrollIntoView({ block: 'center' }); el.focus({ preventScroll: true }); })}>
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
                {/* Held back during a dual run in shadow mode: the old system filed it, so there is no bureau receipt here. */}
                <Show when={en().bureauReceipt} fallback={en().heldBack ? <span data-testid="employee-enrollment-held-back">{en().heldBack![lang()]}</span> : <span class="muted">{t('tasks.noReceipt')}</span>}>
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

      <EmployeePluginSections slug={tenant.slug()} employeeId={e().id} canEdit={manage() && e().status === 'active'} />

      <InsuranceTracks employee={e()} entity={entitiesData()?.items.find((x) => x.id === e().entityId)} cityLabel={tenant.cityLabel} />

      <CoverageTimeline periods={e().coverage} cityLabel={tenant.cityLabel} />
      <Show when={manage()}>
        <StatementDownload slug={tenant.slug()} employeeId={e().id} />
      </Show>

      <EmployeeRisks slug={tenant.slug()} employeeId={e().id} canAcknowledge={manage()} />

      <EmployeeContributionLines slug={tenant.slug()} employeeId={e().id} cityLabel={tenant.cityLabel} />

      <h2>{t('employee.tasks')}</h2>
      <ResourceTable
        testId="employee-tasks"
        caption={t('employee.tasks')}
        rows={e().tasks}
        empty={t('tasks.empty')}
        rowTestId="employee-task"
        rowAttributes={(task) => ({ 'data-kind': task.kind, 'data-status': task.status })}
        columns={[
          { header: t('tasks.col.kind'), rowHeader: true, cell: (task) => t(`taskKind.${task.kind}`) },
          { header: t('tasks.col.city'), cell: (task) => tenant.cityLabel(task.cityCode) },
          { header: t('tasks.col.month'), cell: (task) => task.month },
          {
            header: t('tasks.col.status'),
            cell: (task) => (
              <>
                <TaskStatusBadge status={task.status} />
                <Show when={task.rejection}>{(r) => <span class="cell-sub">{r().message}</span>}</Show>
              </>
            ),
          },
          { header: t('tasks.col.receipt'), cell: (task) => (task.receiptNo ? <code>{task.receiptNo}</code> : task.heldBack ? <span class="cell-sub" data-testid="task-held-back">{task.heldBack[lang()]}</span> : <span class="muted">{t('tasks.noReceipt')}</span>) },
        ]}
      />

      <h2>{t('employee.wageHistory')}</h2>
      <ResourceTable
        testId="employee-wage-history"
        caption={t('employee.wageHistory')}
        rows={e().wageHistory}
        rowTestId="wage-row"
        rowAttributes={(w) => ({ 'data-from': w.effectiveFrom })}
        columns={[
          { header: t('employee.wageFrom'), rowHeader: true, cell: (w) => w.effectiveFrom },
          { header: t('employee.monthlyWage'), class: 'num', cell: (w) => formatYuan(w.monthlyWage) },
        ]}
      />

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
