import { For, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { TransferPreview } from './people.api';
import { useTenant } from '../tenant/tenant-layout';

const INSURANCES = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'] as const;
type KnownInsurance = (typeof INSURANCES)[number];
const insuranceName = (insurance: string) => ((INSURANCES as readonly string[]).includes(insurance) ? t(`insurance.${insurance as KnownInsurance}`) : insurance);

/** "+¥120.50" / "-¥80.00" / "¥0.00": a change is shown with its sign. */
function signedYuan(amount: string): string {
  if (amount.startsWith('-')) return `-¥${formatYuan(amount.slice(1))}`;
  return Number(amount) === 0 ? `¥${formatYuan(amount)}` : `+¥${formatYuan(amount)}`;
}

// What a transfer will file and say, before anything is filed (as the termination preview): the
// last month in the old city and the first in the new, both deadlines, the month's amounts per
// insurance in each city and the change, and the SMS. 确认调动 commits; 返回修改 goes back.
export function TransferPreviewDialog(props: { preview: TransferPreview | undefined; busy: boolean; error: string | undefined; onConfirm: () => void; onBack: () => void }) {
  const tenant = useTenant();
  const p = () => props.preview!;
  // City names in the page's language (Shanghai, not 上海, on English pages).
  const fromCity = () => tenant.cityLabel(p().from.cityCode);
  const toCity = () => tenant.cityLabel(p().to.cityCode);
  const amounts = (a: { employer: string; employee: string } | null) =>
    a ? `${t('employee.preview.employer', { amount: formatYuan(a.employer) })} · ${t('employee.preview.employee', { amount: formatYuan(a.employee) })}` : t('employee.preview.unavailable');
  return (
    <ConfirmDialog
      open={props.preview !== undefined}
      title={props.preview ? t('employee.transferPreview.title', { name: props.preview.name }) : ''}
      confirmLabel={t('employee.transferPreview.confirm')}
      cancelLabel={t('employee.preview.back')}
      danger
      busy={props.busy}
      error={props.error}
      onConfirm={props.onConfirm}
      onCancel={props.onBack}
      testId="transfer-preview"
    >
      <Show when={props.preview}>
        <p>{t('employee.transferPreview.intro', { from: fromCity(), to: toCity() })}</p>
        <dl class="facts preview-facts">
          <div>
            <dt>{t('employee.transferPreview.lastMonth', { city: fromCity() })}</dt>
            <dd data-testid="transfer-preview-last-month">{p().from.lastContributionMonth}</dd>
          </div>
          <div>
            <dt>{t('employee.transferPreview.stopDeadline', { city: fromCity() })}</dt>
            <dd data-testid="transfer-preview-stop-deadline">
              {p().from.stopDeadline}
              <Show when={p().from.stopDeadlinePassed}>
                <span class="field-error"> {t('employee.transferPreview.deadlinePassed')}</span>
              </Show>
            </dd>
          </div>
          <div>
            <dt>{t('employee.transferPreview.firstMonth', { city: toCity() })}</dt>
            <dd data-testid="transfer-preview-first-month">{p().to.firstContributionMonth}</dd>
          </div>
          <div>
            <dt>{t('employee.transferPreview.enrollmentDeadline', { city: toCity() })}</dt>
            <dd data-testid="transfer-preview-enrollment-deadline">{p().to.enrollmentDeadline}</dd>
          </div>
          <div>
            <dt>{t('employee.transferPreview.costChange')}</dt>
            <dd data-testid="transfer-preview-cost-change">
              <Show
                when={p().costChange}
                fallback={
                  <span data-testid="transfer-preview-cost-unavailable">
                    {t('employee.preview.unavailable')}
                    <Show when={p().from.monthlyCost.unavailable ?? p().to.monthlyCost.unavailable}>{(why) => <span class="hint">（{why()[lang()]}）</span>}</Show>
                  </span>
                }
              >
                {(change) => (
                  <>
                    {t('employee.transferPreview.employerChange', { amount: signedYuan(change().employer) })} · {t('employee.transferPreview.employeeChange', { amount: signedYuan(change().employee) })}
                  </>
                )}
              </Show>
            </dd>
          </div>
        </dl>
        <Show when={p().insurances.length > 0}>
          <table class="table resource-table preview-insurances" data-testid="transfer-preview-insurances">
            <thead>
              <tr>
                <th scope="col">{t('employee.transferPreview.insurance')}</th>
                <th scope="col">{t('employee.transferPreview.inCity', { city: fromCity(), month: p().from.lastContributionMonth })}</th>
                <th scope="col">{t('employee.transferPreview.inCity', { city: toCity(), month: p().to.firstContributionMonth })}</th>
              </tr>
            </thead>
            <tbody>
              <For each={p().insurances}>
                {(line) => (
                  <tr data-testid="transfer-preview-insurance" data-insurance={line.insurance}>
                    <th scope="row" data-label={t('employee.transferPreview.insurance')}>{insuranceName(line.insurance)}</th>
                    <td data-label={t('employee.transferPreview.inCity', { city: fromCity(), month: p().from.lastContributionMonth })}>{amounts(line.from)}</td>
                    <td data-label={t('employee.transferPreview.inCity', { city: toCity(), month: p().to.firstContributionMonth })}>{amounts(line.to)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        <p class="preview-sms-label">{t('employee.preview.sms', { to: p().sms.to })}</p>
        <blockquote class="preview-sms" data-testid="transfer-preview-sms" lang="zh-CN">
          {p().sms.text}
        </blockquote>
      </Show>
    </ConfirmDialog>
  );
}
