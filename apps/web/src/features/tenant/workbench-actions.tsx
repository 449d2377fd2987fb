import { createSignal, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { showToast } from '../../components/toast';
import { reload } from '../../data';
import { t } from '../../i18n';
import { approveTask } from '../people/people.api';
import type { ByHandTask } from '../people/filed-by-hand-panel';
import type { Workbench } from './tenants.api';

export type WorkbenchFiling = Workbench['filings']['nearest'][number];

/** What HR can do with a workbench filing right there, or null when the system is at work on it. */
export type WorkbenchAction = 'approve' | 'byHand' | 'receipt' | 'resubmit' | 'recorded' | null;

export function workbenchAction(x: WorkbenchFiling): WorkbenchAction {
  if (x.filedByHand) return 'recorded';
  if (x.status === 'pending_approval' && !x.approved) return 'approve';
  if (x.gateway === 'filing-file') return x.status === 'submitted' ? 'receipt' : x.status === 'rejected' ? 'resubmit' : null;
  if (x.daysLeft !== null && x.daysLeft < 0) return 'byHand';
  return x.status === 'rejected' ? 'resubmit' : null;
}

/**
 * A workbench filing's primary action in place: approve (it is then filed), record a filing made by
 * hand (an overdue online one filed at the counter, or a filing-file receipt) in the side panel
 * `onByHand` opens, or the way to the tasks page for a fix after a rejection. The result is said
 * on the item and in a toast; the workbench is asked again (`query`), so the item updates or leaves.
 */
export function WorkbenchFilingAction(props: { item: WorkbenchFiling; slug: string; base: string; writer: boolean; query: { key: string }; onByHand: (task: ByHandTask) => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [approved, setApproved] = createSignal(false);
  const action = () => (props.writer ? workbenchAction(props.item) : null);
  const kind = () => t(`taskKind.${props.item.kind}`);
  const byHand = (): ByHandTask => ({ id: props.item.taskId, employeeName: props.item.employeeName, kind: props.item.kind, cityCode: props.item.cityCode, gateway: props.item.gateway });

  async function approve(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await approveTask(props.slug, props.item.taskId);
      setApproved(true);
      showToast(t('tenantHome.work.approvedToast', { name: props.item.employeeName, kind: kind() }));
      void reload(props.query);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span class="workbench-action">
      <Switch>
        <Match when={approved() || (props.item.status === 'pending_approval' && props.item.approved)}>
          <span class="hint" role="status" data-testid="workbench-filing-approved">{t('tenantHome.work.approved')}</span>
        </Match>
        <Match when={action() === 'recorded' && props.item.filedByHand}>
          {(hand) => (
            <span class="hint" role="status" data-testid="workbench-filing-recorded">
              {t('tasks.byHand.recorded', { receipt: hand().receiptNo, date: hand().filedOn })}
            </span>
          )}
        </Match>
        <Match when={action() === 'approve'}>
          <button type="button" class="button button-primary button-small" data-testid="workbench-filing-approve" disabled={busy()} onClick={() => void approve()}>
            {t('tenantHome.work.approve')}
          </button>
        </Match>
        <Match when={action() === 'byHand' || action() === 'receipt'}>
          <button type="button" class={`button button-small ${action() === 'byHand' ? 'button-danger' : 'button-secondary'}`} data-testid={`workbench-filing-${action() === 'byHand' ? 'by-hand' : 'receipt'}`} onClick={() => props.onByHand(byHand())}>
            {action() === 'byHand' ? t('tasks.byHand.open') : t('tasks.enterReceipt')}
          </button>
        </Match>
        <Match when={action() === 'resubmit'}>
          <A href={`${props.base}/tasks`} class="button button-secondary button-small" data-testid="workbench-filing-resubmit">
            {t('tasks.resubmit')}
          </A>
        </Match>
      </Switch>
      <Show when={error()}>
        {(message) => (
          <span class="field-error" role="alert" data-testid="workbench-filing-error">
            {message()}
          </span>
        )}
      </Show>
    </span>
  );
}
