import { Show } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { lang, t } from '../../i18n';
import { formatYuan } from '../../money-format';
import type { HirePreview } from './people.api';
import { useTenant } from '../tenant/tenant-layout';

// What a hire will file, in a side panel before anything is saved: the enrollment (city, first
// month, base and monthly amounts, or why they cannot be computed: never 0.00), the legal deadline
// with the days used and left, and once it has passed the money at stake (contributions owed, the
// late fee, the fine range). 确认 saves and files; 返回修改 (or Escape) goes back to the form.
export function HirePreviewPanel(props: {
  preview: HirePreview | undefined;
  busy: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const tenant = useTenant();
  const p = () => props.preview!;
  const cost = () => p().monthlyCost;
  const exposure = () => p().exposure;
  const city = () => tenant.cityLabel(p().cityCode);
  const why = (unavailable: { 'zh-CN': string; en: string } | null | undefined) => (unavailable ? unavailable[lang()] : t('hire.preview.unavailable'));
  return (
    <ConfirmDialog
      open={props.preview !== undefined}
      title={props.preview ? t('hire.preview.title', { name: props.preview.name }) : ''}
      confirmLabel={t('hire.preview.confirm')}
      cancelLabel={t('hire.preview.back')}
      busy={props.busy}
      error={props.error}
      onConfirm={props.onConfirm}
      onCancel={props.onBack}
      testId="hire-preview"
      variant="panel"
    >
      <Show when={props.preview}>
        <p>{t('hire.preview.intro', { city: city() })}</p>
        <dl class="facts preview-facts">
          <div>
            <dt>{t('hire.entity')}</dt>
            <dd data-testid="hire-preview-entity">{p().entityName}</dd>
          </div>
          <div>
            <dt>{t('hire.preview.filing')}</dt>
            <dd data-testid="hire-preview-filing" data-month={p().firstContributionMonth}>
              {t('hire.preview.filingText', { city: city(), month: p().firstContributionMonth })}
            </dd>
          </div>
          <div>
            <dt>{t('hire.preview.base')}</dt>
            <dd data-testid="hire-preview-base">
              <Show when={p().base} fallback={<span data-testid="hire-preview-base-unavailable">{why(cost().unavailable)}</span>}>
                {(base) => `¥${formatYuan(base())}`}
              </Show>
            </dd>
          </div>
          <div>
            <dt>{t('hire.preview.monthly', { month: cost().month })}</dt>
            <dd data-testid="hire-preview-cost">
              <Show when={cost().employer !== null && cost().employee !== null} fallback={<span data-testid="hire-preview-cost-unavailable">{why(cost().unavailable)}</span>}>
                {t('employee.preview.employer', { amount: formatYuan(cost().employer!) })} · {t('employee.preview.employee', { amount: formatYuan(cost().employee!) })}
                <Show when={cost().provisional}>
                  <span class="badge badge-warning"> {t('employee.preview.provisional')}</span>
                </Show>
              </Show>
            </dd>
          </div>
          <div>
            <dt>{t('hire.preview.deadline')}</dt>
            <dd data-testid="hire-preview-deadline" data-passed={String(p().deadline.passed)}>
              {p().deadline.date}
              <span class="hint"> {t('hire.preview.deadlineRule')}</span>
              <br />
              <Show
                when={p().deadline.passed}
                fallback={<span data-testid="hire-preview-days">{t('hire.preview.daysLeft', { used: p().deadline.daysUsed, left: p().deadline.daysLeft })}</span>}
              >
                <strong class="field-error" data-testid="hire-preview-days">{t('hire.preview.daysOverdue', { days: p().deadline.daysOverdue })}</strong>
              </Show>
            </dd>
          </div>
        </dl>
        <Show when={exposure()}>
          {(x) => (
            <section class="notice notice-warning" data-testid="hire-preview-exposure">
              <h3>{t('hire.preview.exposure.title')}</h3>
              <Show when={x().owed !== null} fallback={<p data-testid="hire-preview-exposure-unavailable">{why(x().unavailable)}</p>}>
                <dl class="facts preview-facts">
                  <div>
                    <dt>{t('hire.preview.exposure.owed', { from: x().months[0] ?? '', to: x().months[x().months.length - 1] ?? '' })}</dt>
                    <dd data-testid="hire-preview-owed">¥{formatYuan(x().owed!)}</dd>
                  </div>
                  <div>
                    <dt>{t('hire.preview.exposure.lateFee')}</dt>
                    <dd data-testid="hire-preview-late-fee">¥{formatYuan(x().lateFee!)}</dd>
                  </div>
                  <div>
                    <dt>{t('hire.preview.exposure.fine')}</dt>
                    <dd data-testid="hire-preview-fine">{t('hire.preview.exposure.fineRange', { min: formatYuan(x().fineMin!), max: formatYuan(x().fineMax!) })}</dd>
                  </div>
                </dl>
              </Show>
              <p class="hint">{t('hire.preview.exposure.risk')}</p>
            </section>
          )}
        </Show>
        <Show when={p().housingFund}>
          <p class="hint" data-testid="hire-preview-housing-fund">{t('hire.preview.housingFund')}</p>
        </Show>
      </Show>
    </ConfirmDialog>
  );
}
