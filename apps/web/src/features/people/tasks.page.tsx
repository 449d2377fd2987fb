import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { DeadlineCountdown, TaskStatusBadge, WorkflowLink } from './filing';
import { Field, fieldAria, SubmissionError, SubmitActions } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { createSubmission } from '../../components/submission';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { useNow, useRefresh } from '../../now';
import { approveTask, enterReceipt, listTasks, resubmitTask, type FilingTask } from './people.api';
import { taskAction } from './task-actions';
import { FundFilingsSection } from './fund-filings';
import { OverduePanel } from './task-overdue';
import { movedToClosed } from './task-moves';
import { canManagePeople } from '../tenant/tenant-nav';
import { createLoaded, query, reload } from '../../data';
import { showToast } from '../../components/toast';
import { FiledByHandPanel, type ByHandTask } from './filed-by-hand-panel';

// The page asks again every few seconds so HR sees a filing go from submitting to confirmed.
export const TASKS_REFRESH_MS = 3000;
const RECENT_CLOSED = 20;

// Two asks: the open ones are few and must all show; closed ones are many, only the latest matter.
const tasksQuery = query(async (slug: string, _lang: string) => {
  const [open, closed] = await Promise.all([listTasks(slug, { open: true }), listTasks(slug, { open: false })]);
  const recent = [...closed.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, RECENT_CLOSED);
  return { open: open.items, closed: recent };
}, 'tasks.list');

/** `/t/:slug/tasks`: open enrollments and stops with their legal deadlines, and the recently closed ones. */
export function TasksPage() {
  const tenant = useTenant();
  usePageTitle(() => t('tasks.title'));
  const readable = () => tenant.role() !== 'employee';

  const tasks = createLoaded(() => (readable() ? tasksQuery(tenant.slug(), lang()) : undefined));
  const tasksData = tasks.value;
  const refetch = () => reload(tasksQuery);
  useRefresh(() => {
    if (!tasks.pending()) void refetch();
  }, TASKS_REFRESH_MS);

  // Rows keep their identity across refreshes (keyed by id), so a form being typed into survives one.
  const [view, setView] = createStore<{ open: FilingTask[]; closed: FilingTask[] }>({ open: [], closed: [] });
  // A row that leaves 进行中 for 最近完成 is said aloud (and shown under the heading), not just moved.
  const [announcement, setAnnouncement] = createSignal('');
  createEffect(() => {
    const latest = tasksData();
    if (!latest) return;
    const moved = movedToClosed(view.open, latest);
    if (moved.length) {
      setAnnouncement(
        moved.map((task) => t('tasks.moved', { name: task.employeeName, kind: t(`taskKind.${task.kind}`), status: t(`taskStatus.${task.status}`) })).join(' '),
      );
    }
    setView(reconcile(latest, { key: 'id' }));
  });
  // The receipt panel of a task filed by hand (an overdue online task filed at the counter).
  const [byHand, setByHand] = createSignal<ByHandTask>();

  return (
    <section data-testid="tasks-page">
      <h1 data-testid="page-title">{t('tasks.title')}</h1>
      <Show when={readable()} fallback={<RoleNotice />}>
        <p class="lead">{t('tasks.intro')}</p>
        <p class="hint" data-testid="tasks-tracks">{t('tasks.tracks')}</p>
        <Show when={tasks.error()}>
          <ErrorNotice title={t('tasks.loadFailed')} message={errorMessage(tasks.error())} onRetry={() => void refetch()} testId="tasks-error" />
        </Show>
        <Switch>
          <Match when={tasksData()}>
            <p class="task-moved" role="status" aria-live="polite" data-testid="tasks-announce">
              {announcement()}
            </p>
            <h2>{t('tasks.open')}</h2>
            <TaskTable tasks={view.open} testId="tasks-open" empty={t('tasks.noneOpen')} onFiledByHand={setByHand} />
            <h2>{t('tasks.recentlyClosed')}</h2>
            <TaskTable tasks={view.closed} testId="tasks-closed" empty={t('tasks.noneClosed')} onFiledByHand={setByHand} />
            <FiledByHandPanel
              task={byHand()}
              onClose={() => setByHand(undefined)}
              onDone={(_task, said) => {
                setByHand(undefined);
                showToast(said);
                void refetch();
              }}
            />
            <p class="hint" data-testid="tasks-refreshed">
              {t('tasks.autoRefresh', { seconds: TASKS_REFRESH_MS / 1000 })}
            </p>
            <FundFilingsSection />
          </Match>
          <Match when={!tasks.error()}>
            <Loading />
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function TaskTable(props: { tasks: FilingTask[]; testId: string; empty: string; onFiledByHand: (task: ByHandTask) => void }) {
  const tenant = useTenant();
  const now = useNow(1000);
  const consultant = () => tenant.role() === 'consultant';
  const stateOf = taskRowStates(tenant.slug);
  const actionOf = (task: FilingTask) => (canManagePeople(tenant.role()) ? taskAction(task, now()) : null);
  const formShown = (task: FilingTask) => stateOf(task).formOpen() && actionOf(task) !== null && actionOf(task) !== 'approve';
  return (
    <ResourceTable
      testId={props.testId}
      class="tasks-table"
      rows={props.tasks}
      empty={props.empty}
      rowTestId="task-row"
      rowClass="task"
      detailClass="task-form-row"
      rowAttributes={(task) => ({
        'data-task-id': task.id,
        'data-employee-id': task.employeeId,
        'data-kind': task.kind,
        'data-status': task.status,
        'data-open': task.open ? 'true' : 'false',
      })}
      detailOpen={formShown}
      detail={(task) => (
        <Switch fallback={<ResubmitForm task={task} onDone={() => stateOf(task).setFormOpen(false)} />}>
          <Match when={actionOf(task) === 'receipt'}>
            <ReceiptForm task={task} onDone={() => stateOf(task).setFormOpen(false)} />
          </Match>
          <Match when={actionOf(task) === 'overdue'}>
            <OverduePanel
              task={task}
              slug={tenant.slug()}
              now={now()}
              receiptForm={() => <ReceiptForm task={task} onDone={() => stateOf(task).setFormOpen(false)} />}
              onFiledByHand={() => props.onFiledByHand(task)}
            />
          </Match>
        </Switch>
      )}
      columns={[
        {
          header: t('tasks.col.employee'),
          rowHeader: true,
          class: 'cell-strong',
          cell: (task) => (
            <A href={`/t/${encodeURIComponent(tenant.slug())}/employees/${task.employeeId}`} data-testid="task-employee">
              {task.employeeName}
            </A>
          ),
        },
        { header: t('tasks.col.kind'), cellAttributes: () => ({ 'data-testid': 'task-kind' }), cell: (task) => t(`taskKind.${task.kind}`) },
        { header: t('tasks.col.city'), cell: (task) => tenant.cityLabel(task.cityCode) },
        { header: t('tasks.col.month'), cell: (task) => task.month },
        {
          header: t('tasks.col.status'),
          cell: (task) => (
            <>
              <TaskStatusBadge status={task.status} />
              <Show when={task.heldBack}>{(h) => <span class="cell-sub" data-testid="task-held-back">{h()[lang()]}</span>}</Show>
              <Show when={task.rejection}>
                {(r) => (
                  <span class="cell-sub rejection" data-testid="task-rejection" data-code={r().code}>
                    {lang() === 'en' && r().messageEn ? r().messageEn : r().message}
                  </span>
                )}
              </Show>
            </>
          ),
        },
        { header: t('tasks.col.deadline'), cell: (task) => <DeadlineCountdown deadline={task.deadline} deadlineDate={task.deadlineDate} open={task.open} now={now()} /> },
        {
          header: t('tasks.col.bureau'),
          cell: (task) => (
            <>
              <span class="cell-sub">{t(`gateway.${task.gateway}`)}</span>
              <span data-testid="task-receipt">
                <Show when={task.receiptNo} fallback={<span class="muted">{t('tasks.noReceipt')}</span>}>
                  {(r) => <code>{r()}</code>}
                </Show>
              </span>
            </>
          ),
        },
        {
          header: consultant() ? t('tasks.workflow') : t('tasks.col.action'),
          class: 'cell-actions',
          cell: (task) => <TaskActions task={task} action={actionOf(task)} state={stateOf(task)} />,
        },
      ]}
    />
  );
}

/** What a task's row holds between refreshes (its form open, an approval running), kept per task id. */
type TaskRowState = ReturnType<typeof createTaskRowState>;

function createTaskRowState(slug: () => string) {
  const [formOpen, setFormOpen] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  return {
    formOpen,
    setFormOpen,
    error,
    busy,
    async approve(task: FilingTask): Promise<void> {
      setBusy(true);
      setError(undefined);
      try {
        await approveTask(slug(), task.id);
      } catch (caught) {
        setError(errorMessage(caught));
      } finally {
        setBusy(false);
      }
    },
  };
}

function taskRowStates(slug: () => string): (task: FilingTask) => TaskRowState {
  const states = new Map<string, TaskRowState>();
  return (task) => {
    let state = states.get(task.id);
    if (!state) states.set(task.id, (state = createTaskRowState(slug)));
    return state;
  };
}

function TaskActions(props: { task: FilingTask; action: ReturnType<typeof taskAction> | null; state: TaskRowState }) {
  const tenant = useTenant();
  return (
    <>
      <Show when={tenant.role() === 'consultant'}>
        <WorkflowLink workflowId={props.task.workflowId} />
      </Show>
      <Switch>
        <Match when={props.action === 'approve'}>
          <button type="button" class="button button-primary button-small" data-testid="task-approve" disabled={props.state.busy()} onClick={() => void props.state.approve(props.task)}>
            {t('tasks.approve')}
          </button>
        </Match>
        <Match when={props.action === 'receipt' || props.action === 'resubmit' || props.action === 'overdue'}>
          <button
            type="button"
            class={`button button-small ${props.action === 'overdue' ? 'button-danger' : 'button-secondary'}`}
            data-testid={`task-${props.action}-open`}
            aria-expanded={props.state.formOpen() ? 'true' : 'false'}
            onClick={() => props.state.setFormOpen(!props.state.formOpen())}
          >
            {props.action === 'receipt' ? t('tasks.enterReceipt') : props.action === 'overdue' ? t('tasks.overdue.open') : t('tasks.resubmit')}
          </button>
        </Match>
        <Match when={props.task.status === 'pending_approval' && props.task.approvedBy}>
          <span class="muted">{t('tasks.approved')}</span>
        </Match>
      </Switch>
      <Show when={props.state.error()}>
        {(message) => (
          <p class="field-error" role="alert" data-testid="task-action-error">
            {message()}
          </p>
        )}
      </Show>
    </>
  );
}

/** A filing made by hand on the government portal (filing-file gateway): HR types the bureau's receipt number. */
function ReceiptForm(props: { task: FilingTask; onDone: () => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [receiptNo, setReceiptNo] = createSignal('');
  const id = () => `receipt-${props.task.id}`;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (await submission.run(() => enterReceipt(tenant.slug(), props.task.id, receiptNo().trim()))) props.onDone();
  }

  return (
    <form class="inline-form" novalidate data-testid="task-receipt-form" aria-label={t('tasks.enterReceipt')} onSubmit={(event) => void onSubmit(event)}>
      <p class="hint">{t('tasks.receiptHint', { name: props.task.employeeName })}</p>
      <Field for={id()} label={t('tasks.receiptNo')} error={submission.fieldError('receiptNo')} testId="task-receipt">
        <input id={id()} data-testid="task-receipt-input" autocomplete="off" value={receiptNo()} onInput={(e) => setReceiptNo(e.currentTarget.value)} {...fieldAria(id(), submission.fieldError('receiptNo'))} />
      </Field>
      <SubmissionError submission={submission} shown={['receiptNo']} testId="task-receipt-form-error" />
      <SubmitActions busy={submission.busy()} label={t('tasks.saveReceipt')} busyLabel={t('common.saving')} testId="task-receipt-submit" small />
    </form>
  );
}

/** After a rejection: the bureau's message, and the name and ID number to correct before filing again. */
function ResubmitForm(props: { task: FilingTask; onDone: () => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [name, setName] = createSignal(props.task.employeeName);
  const [idNumber, setIdNumber] = createSignal('');
  const base = () => `resubmit-${props.task.id}`;

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Only what HR changed is sent: an empty ID number keeps the stored one.
    const corrections: { name?: string; idNumber?: string } = {};
    if (name().trim() && name().trim() !== props.task.employeeName) corrections.name = name().trim();
    if (idNumber().trim()) corrections.idNumber = idNumber().trim();
    if (await submission.run(() => resubmitTask(tenant.slug(), props.task.id, corrections))) props.onDone();
  }

  return (
    <form class="inline-form form-grid" novalidate data-testid="task-resubmit-form" aria-label={t('tasks.resubmit')} onSubmit={(event) => void onSubmit(event)}>
      <Show when={props.task.rejection}>
        {(r) => (
          <div class="notice notice-warning form-wide" data-testid="task-resubmit-rejection">
            <p class="notice-title">{t('tasks.rejectedBecause')}</p>
            <p>{r().message}</p>
          </div>
        )}
      </Show>
      <Field for={`${base()}-name`} label={t('hire.name')} error={submission.fieldError('name')} testId="task-resubmit-name">
        <input id={`${base()}-name`} data-testid="task-resubmit-name" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} {...fieldAria(`${base()}-name`, submission.fieldError('name'))} />
      </Field>
      <Field for={`${base()}-id`} label={t('hire.idNumber')} error={submission.fieldError('idNumber')} hint={t('tasks.resubmitIdHint')} testId="task-resubmit-id-number">
        <input
          id={`${base()}-id`}
          data-testid="task-resubmit-id-number"
          autocomplete="off"
          maxlength={18}
          value={idNumber()}
          onInput={(e) => setIdNumber(e.currentTarget.value)}
          {...fieldAria(`${base()}-id`, submission.fieldError('idNumber'), true)}
        />
      </Field>
      <SubmissionError submission={submission} shown={['name', 'idNumber']} testId="task-resubmit-error" wide />
      <SubmitActions busy={submission.busy()} label={t('tasks.resubmitSubmit')} busyLabel={t('common.saving')} testId="task-resubmit-submit" small wide />
    </form>
  );
}

