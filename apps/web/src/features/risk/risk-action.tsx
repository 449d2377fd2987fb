import { createSignal, Match, Show, Switch } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { lang, t } from '../../i18n';
import { yuanFromFen } from '../../money-format';
import { approveEnrollment, createFindingBackPayment, employeeTasks, fileEnrollmentAgain, type RiskFinding } from './risk.api';

// A finding's suggested action as a button (tenant admin, HR):
// - back_payment (a gap, a close shortfall): asks, then creates the 补缴 lines in the next open
//   month of the close (POST /risk/findings/{id}/back-payment) and says what was created;
// - start_enrollment: asks, then files the enrollment waiting in the finding's city again through
//   the task routes (approve one waiting for approval, file a rejected one again); anything else
//   opens the employee page;
// - file_stop: the stop needs the last working day and its preview, so it opens the employee page
//   with the termination form open (?action=terminate) instead of filing blind.
// The finding itself stays until the next scan sees the fix and resolves it.

export type ActionDone = { text: string };

const DIRECT = new Set(['back_payment', 'start_enrollment']);

/** Whether the finding's action is a button here. */
export function actionable(f: RiskFinding): boolean {
  const kind = f.suggestedAction?.kind;
  if (kind === 'file_stop') return true;
  if (kind === 'back_payment') return f.ruleId === 'coverage_gap' || f.ruleId === 'contribution_differs';
  return kind !== undefined && DIRECT.has(kind);
}

export function RiskActionCell(props: { slug: string; finding: RiskFinding; canAct: boolean; done: ActionDone | undefined; onDone: (done: ActionDone) => void }) {
  const navigate = useNavigate();
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const f = () => props.finding;
  const label = () => (f().suggestedAction ? (lang() === 'en' ? f().suggestedAction!.label.en : f().suggestedAction!.label['zh-CN']) : '');
  const employeePage = (query = '') => `/t/${encodeURIComponent(props.slug)}/employees/${f().employeeId}${query}`;

  async function startEnrollment(): Promise<ActionDone | undefined> {
    const task = (await employeeTasks(props.slug, f().employeeId)).filter((x) => x.kind === 'enrollment' && x.open && x.cityCode === f().subject && (x.status === 'pending_approval' || x.status === 'rejected')).at(-1);
    if (!task || (task.status === 'pending_approval' && task.approvedBy)) {
      navigate(employeePage());
      return undefined;
    }
    const filed = task.status === 'pending_approval' ? await approveEnrollment(props.slug, task.id) : await fileEnrollmentAgain(props.slug, task.id);
    return { text: t('risk.action.enrollmentFiled', { month: filed.month, status: t(`risk.taskStatus.${filed.status}`) }) };
  }

  async function run(): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      let done: ActionDone | undefined;
      if (f().suggestedAction?.kind === 'back_payment') {
        const made = await createFindingBackPayment(props.slug, f().id);
        done = { text: t('risk.action.backPaid', { count: made.lines.length, month: made.targetMonth, owed: yuanFromFen(made.owedFen), lateFee: yuanFromFen(made.lateFeeFen) }) };
      } else {
        done = await startEnrollment();
      }
      setAsking(false);
      if (done) props.onDone(done);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Switch fallback={label()}>
      <Match when={props.done}>
        {(d) => <span class="notice notice-success" role="status" data-testid="risk-action-done">{d().text}</span>}
      </Match>
      <Match when={props.canAct && f().state !== 'resolved' && actionable(f()) && f().suggestedAction?.kind === 'file_stop'}>
        <a class="button button-small button-primary" data-testid="risk-action" data-kind="file_stop" href={employeePage('?action=terminate')}>
          {label()}
        </a>
      </Match>
      <Match when={props.canAct && f().state !== 'resolved' && actionable(f())}>
        <button type="button" class="button button-small button-primary" data-testid="risk-action" data-kind={f().suggestedAction!.kind} onClick={() => (setError(undefined), setAsking(true))}>
          {label()}
        </button>
        <Show when={asking()}>
          <ConfirmDialog
            open={asking()}
            title={label()}
            confirmLabel={t('risk.action.confirm')}
            busy={busy()}
            error={error()}
            onConfirm={() => void run()}
            onCancel={() => setAsking(false)}
            testId="risk-action-dialog"
          >
            <p>{f().employeeName}</p>
            <Show when={f().suggestedAction?.kind === 'back_payment'} fallback={<p>{t('risk.action.enrollmentQuestion', { city: f().subject })}</p>}>
              {/* No amount shown without the figures behind it: a gap the policy cannot price says so. */}
              <Show when={f().money.owedFen > 0} fallback={<p data-testid="risk-action-unpriced">{t('risk.action.backPaymentUnpriced')}</p>}>
                <p>{t('risk.action.backPaymentQuestion', { owed: yuanFromFen(f().money.owedFen) })}</p>
              </Show>
            </Show>
          </ConfirmDialog>
        </Show>
      </Match>
    </Switch>
  );
}
