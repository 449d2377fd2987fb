import { Show } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { TerminationPreview } from './people.api';
import { useTenant } from '../tenant/tenant-layout';

// What a termination will file and say, shown before anything is filed: the last contribution
// month, the day the stop must reach the bureau, the monthly cost that stops (or why it cannot be
// given) and the SMS the employee gets. 确认办理 commits; 返回修改 goes back to the form.
export function TerminationPreviewDialog(props: {
  preview: TerminationPreview | undefined;
  busy: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const tenant = useTenant();
  const p = () => props.preview!;
  const cost = () => p().monthlyCost;
  // The city in the page's language (Shanghai on English pages); the SMS below stays as sent.
  const city = () => tenant.cityLabel(p().cityCode);
  return (
    <ConfirmDialog
      open={props.preview !== undefined}
      title={props.preview ? t('employee.preview.title', { name: props.preview.name }) : ''}
      confirmLabel={t('employee.preview.confirm')}
      cancelLabel={t('employee.preview.back')}
      danger
      busy={props.busy}
      error={props.error}
      onConfirm={props.onConfirm}
      onCancel={props.onBack}
      testId="terminate-preview"
    >
      <Show when={props.preview}>
        <p>{t('employee.preview.intro', { city: city() })}</p>
        <dl class="facts preview-facts">
          <div>
            <dt>{t('employee.lastWorkingDay')}</dt>
            <dd data-testid="preview-last-working-day">{p().lastWorkingDay}</dd>
          </div>
          <div>
            <dt>{t('employee.preview.lastContributionMonth')}</dt>
            <dd data-testid="preview-last-month">{p().lastContributionMonth}</dd>
          </div>
          <div>
            <dt>{t('employee.preview.stopDeadline')}</dt>
            <dd data-testid="preview-stop-deadline">
              {p().stopDeadline}
              <span class="hint"> {t('employee.preview.deadlineRule', { city: city(), day: String(p().cutoffDay), month: nextMonth(p().lastContributionMonth) })}</span>
              <Show when={p().stopDeadlinePassed}>
                <span class="field-error" data-testid="preview-deadline-passed"> {t('employee.preview.deadlinePassed', { month: nextMonth(p().lastContributionMonth) })}</span>
              </Show>
            </dd>
          </div>
          <div>
            <dt>{t('employee.preview.monthlyCost', { month: cost().month, wage: formatYuan(cost().wage) })}</dt>
            <dd data-testid="preview-cost">
              <Show
                when={cost().employer !== null && cost().employee !== null}
                fallback={
                  <span data-testid="preview-cost-unavailable">
                    {t('employee.preview.unavailable')}
                    <Show when={cost().unavailable}>{(why) => <span class="hint">（{why()[lang()]}）</span>}</Show>
                  </span>
                }
              >
                {t('employee.preview.employer', { amount: formatYuan(cost().employer!) })} · {t('employee.preview.employee', { amount: formatYuan(cost().employee!) })}
                <Show when={cost().provisional}>
                  <span class="badge badge-warning"> {t('employee.preview.provisional')}</span>
                </Show>
              </Show>
            </dd>
          </div>
        </dl>
        <p class="preview-sms-label">{t('employee.preview.sms', { to: p().sms.to })}</p>
        <blockquote class="preview-sms" data-testid="preview-sms" lang="zh-CN">
          {p().sms.text}
        </blockquote>
      </Show>
    </ConfirmDialog>
  );
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
