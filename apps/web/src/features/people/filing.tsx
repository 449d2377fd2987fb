import { Show } from 'solid-js';
import { countdown } from './deadline-countdown';
import { t } from '../../i18n';
import type { TaskStatus } from './people.api';
import { workflowUrl } from './temporal-ui';

const STATUS_CLASS: Record<TaskStatus, string> = {
  pending_approval: 'badge-warning',
  submitting: 'badge-accent',
  submitted: 'badge-accent',
  confirmed: 'badge-success',
  rejected: 'badge-danger',
  cancelled: '',
};

export function TaskStatusBadge(props: { status: TaskStatus; testId?: string }) {
  return (
    <span class={`badge ${STATUS_CLASS[props.status]}`} data-testid={props.testId ?? 'task-status'} data-status={props.status}>
      {t(`taskStatus.${props.status}`)}
    </span>
  );
}

/**
 * The legal deadline: its last day and, while the filing is open, the time left (days and hours;
 * hours and minutes on the last day), red under five days or once overdue.
 */
export function DeadlineCountdown(props: { deadline: string | null; deadlineDate: string | null; open: boolean; now: number; testId?: string }) {
  const left = () => (props.open && props.deadline ? countdown(props.deadline, props.now) : null);
  const text = () => {
    const c = left();
    if (!c) return '';
    if (c.overdue) return t('countdown.overdue', { days: c.days, hours: c.hours });
    if (c.days === 0) return t('countdown.leftHours', { hours: c.hours, minutes: c.minutes });
    return t('countdown.left', { days: c.days, hours: c.hours });
  };
  return (
    <Show when={props.deadlineDate} fallback={<span class="muted">{t('countdown.none')}</span>}>
      {(date) => (
        <span class="deadline">
          <time datetime={props.deadline ?? date()}>{t('countdown.until', { date: date() })}</time>
          <Show when={left()}>
            {(c) => (
              <span
                class={`countdown${c().urgent ? ' countdown-urgent' : ''}`}
                data-testid={props.testId ?? 'task-countdown'}
                data-urgent={c().urgent ? 'true' : 'false'}
                data-overdue={c().overdue ? 'true' : 'false'}
              >
                {text()}
              </span>
            )}
          </Show>
        </span>
      )}
    </Show>
  );
}

/** The workflow's page in the Temporal UI (for consultants diagnosing a filing). */
export function WorkflowLink(props: { workflowId: string; testId?: string }) {
  return (
    <a
      class="workflow-link"
      href={workflowUrl(props.workflowId)}
      target="_blank"
      rel="noopener noreferrer"
      data-testid={props.testId ?? 'task-workflow-link'}
      title={t('tasks.workflowTitle')}
    >
      <code>{props.workflowId}</code>
    </a>
  );
}
