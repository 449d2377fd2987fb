import { Show, type JSX } from 'solid-js';
import { t } from '../../i18n';
import { filingSheetHref, type FilingTask } from './people.api';
import { countdown } from './deadline-countdown';

/**
 * A task past its deadline, with what HR can do now: file at once with the city's sheet on the
 * government portal, close it with the bureau's receipt once filed by hand (a filing made by hand:
 * `receiptForm`, the tasks page's receipt form; an online filing HR made at the counter instead:
 * `onFiledByHand` opens the receipt panel, and once recorded the workflow closes the task), and
 * what 补缴 means for the late months.
 */
export function OverduePanel(props: { task: FilingTask; slug: string; now: number; receiptForm: () => JSX.Element; onFiledByHand: () => void }) {
  const days = () => (props.task.deadline ? (countdown(props.task.deadline, props.now)?.days ?? 0) : 0);
  const canEnterReceipt = () => props.task.gateway === 'filing-file' && props.task.status === 'submitted';
  const online = () => props.task.gateway !== 'filing-file';
  const enrollment = () => props.task.kind === 'enrollment';
  return (
    <div class="overdue-panel" data-testid="task-overdue-panel">
      <p class="notice-title">{t('tasks.overdue.title', { days: days(), date: props.task.deadlineDate ?? '' })}</p>
      <ol class="overdue-steps">
        <li data-testid="task-overdue-file-now">
          <strong>{t('tasks.overdue.fileNow')}</strong>
          <span class="cell-sub">{enrollment() ? t('tasks.overdue.fileNowEnrollment') : t('tasks.overdue.fileNowStop')}</span>
          <a class="button button-secondary button-small" href={filingSheetHref(props.slug, props.task.id)} download="" data-testid="task-overdue-sheet">
            {enrollment() ? t('tasks.overdue.sheetEnrollment') : t('tasks.overdue.sheetStop')}
          </a>
        </li>
        <li data-testid="task-overdue-by-hand">
          <strong>{t('tasks.overdue.byHand')}</strong>
          <Show when={canEnterReceipt()}>{props.receiptForm()}</Show>
          <Show when={online()}>
            <Show
              when={props.task.filedByHand}
              fallback={
                <>
                  <span class="cell-sub">{t('tasks.overdue.byHandOnline')}</span>
                  <button type="button" class="button button-secondary button-small" data-testid="task-by-hand-open" onClick={() => props.onFiledByHand()}>
                    {t('tasks.byHand.open')}
                  </button>
                </>
              }
            >
              {(hand) => (
                <span class="cell-sub" role="status" data-testid="task-by-hand-recorded">
                  {t('tasks.byHand.recorded', { receipt: hand().receiptNo, date: hand().filedOn })}
                </span>
              )}
            </Show>
          </Show>
        </li>
        <li data-testid="task-overdue-back-pay">
          <strong>{enrollment() ? t('tasks.overdue.backPay') : t('tasks.overdue.refund')}</strong>
          <span class="cell-sub">
            {enrollment() ? t('tasks.overdue.backPayText', { month: props.task.month }) : t('tasks.overdue.refundText', { month: props.task.month })}
          </span>
        </li>
      </ol>
    </div>
  );
}
