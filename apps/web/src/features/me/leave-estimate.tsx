import { createSignal, For, Show } from 'solid-js';
import { Field, fieldAria, generalMessage, OtherFieldErrors } from '../../components/form-field';
import { ErrorNotice } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { lang, t } from '../../i18n';
import { formatPercent, formatYuan } from '../../money-format';
import { getLeaveEstimate, type LeaveEstimate } from './me.api';

/** The last day of this month (local time), the form's first suggestion. */
function endOfThisMonth(now: Date = new Date()): string {
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  return `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}-${String(last.getDate()).padStart(2, '0')}`;
}

/** "What if I leave": a leave date and a gap in months; the answer is the API's estimate (nothing is written). */
export function LeaveEstimateForm(props: { slug: string; cityLabel: (code: string) => string }) {
  const [leaveDate, setLeaveDate] = createSignal(endOfThisMonth());
  const [gapMonths, setGapMonths] = createSignal('3');
  const [estimate, setEstimate] = createSignal<LeaveEstimate>();
  // A read, but with the same busy / error / field handling as a write form.
  const submission = createSubmission();

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setEstimate(undefined);
    const answer = await submission.run(() => getLeaveEstimate(props.slug, leaveDate().trim(), gapMonths().trim()));
    if (answer) setEstimate(answer);
  }

  return (
    <>
      <form class="card form me-form" onSubmit={(event) => void submit(event)} novalidate data-testid="me-leave-form">
        <Field for="me-leave-date" label={t('me.leave.date')} error={submission.fieldError('leaveDate')} testId="me-leave-date">
          <input id="me-leave-date" data-testid="me-leave-date" type="date" value={leaveDate()} onInput={(e) => setLeaveDate(e.currentTarget.value)} {...fieldAria('me-leave-date', submission.fieldError('leaveDate'))} />
        </Field>
        <Field for="me-leave-gap" label={t('me.leave.gap')} hint={t('me.leave.gapHint')} error={submission.fieldError('gapMonths')} testId="me-leave-gap">
          <input id="me-leave-gap" data-testid="me-leave-gap" type="text" inputmode="numeric" maxLength={3} value={gapMonths()} onInput={(e) => setGapMonths(e.currentTarget.value)} {...fieldAria('me-leave-gap', submission.fieldError('gapMonths'), true)} />
        </Field>
        <Show when={submission.error()}>
          {(message) => (
            <>
              <ErrorNotice message={generalMessage(message(), submission.fields())} testId="me-leave-error" />
              <OtherFieldErrors fields={submission.fields()} shown={['leaveDate', 'gapMonths']} />
            </>
          )}
        </Show>
        <button type="submit" class="button button-primary" data-testid="me-leave-submit" disabled={submission.busy()}>
          {t('me.leave.submit')}
        </button>
      </form>
      <Show when={estimate()}>{(e) => <EstimateView estimate={e()} cityLabel={props.cityLabel} />}</Show>
    </>
  );
}

function EstimateView(props: { estimate: LeaveEstimate; cityLabel: (code: string) => string }) {
  const e = () => props.estimate;
  const title = (x: { zh: string; en: string }) => (lang() === 'en' ? x.en : x.zh);
  return (
    <div class="card me-estimate" data-testid="me-leave-result" aria-live="polite">
      <dl class="facts facts-stacked">
        <div>
          <dt>{t('me.leave.lastMonth')}</dt>
          <dd data-testid="me-leave-last-month" data-month={e().lastCoveredMonth}>
            <strong>{e().lastCoveredMonth}</strong>
            <span class="field-hint">
              {' '}
              {t('me.leave.cutoff', { city: props.cityLabel(e().cityCode), day: e().cutoffDay, source: t(`me.leave.cutoff.${e().cutoffSource}`) })}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('me.leave.gapPeriod')}</dt>
          <dd data-testid="me-leave-gap-period">
            {e().gapFrom && e().gapTo ? t('me.leave.gapRange', { from: e().gapFrom!, to: e().gapTo!, months: e().gapMonths }) : t('me.leave.noGap')}
          </dd>
        </div>
        <div>
          <dt>{t('me.leave.pension')}</dt>
          <dd data-testid="me-leave-pension">
            <Show when={e().pension?.shortfall && e().pension?.rate} fallback={t('me.leave.pensionUnknown')}>
              <strong data-testid="me-leave-shortfall">¥{formatYuan(e().pension!.shortfall!)}</strong>
              <span class="field-hint">
                {' '}
                = {t('me.leave.pensionFormula', { base: formatYuan(e().pension!.monthlyBase), rate: formatPercent(e().pension!.rate!), months: e().gapMonths })}
              </span>
            </Show>
          </dd>
        </div>
        <div>
          <dt>{t('me.leave.medical')}</dt>
          <dd data-testid="me-leave-medical">
            <Show when={e().medicalWaitingMonths !== null} fallback={t('me.leave.medicalUnknown')}>
              {t('me.leave.medicalMonths', { months: e().medicalWaitingMonths ?? 0 })}
            </Show>
            <Show when={e().medicalWaitingRule}>
              {(rule) => (
                <span class="field-hint">
                  {' '}
                  ({title(rule().title)}
                  <Show when={rule().grade}>{(g) => <>, {t('me.rules.grade', { grade: g() })}</>}</Show>)
                </span>
              )}
            </Show>
          </dd>
        </div>
        <div>
          <dt>{t('me.leave.qualifications')}</dt>
          <dd>
            <Show when={e().qualifications.length > 0} fallback={t('me.leave.noQualifications')}>
              <ul class="me-qualifications" data-testid="me-leave-qualifications">
                <For each={e().qualifications}>
                  {(q) => (
                    <li data-testid="me-leave-qualification" data-rule-id={q.ruleId} data-resets={q.resets ? 'true' : 'false'}>
                      {q.resets
                        ? t('me.leave.resets', { title: title(q.title), month: q.willBeMetMonth, delay: q.delayMonths })
                        : q.delayMonths > 0
                          ? t('me.leave.delayed', { title: title(q.title), month: q.willBeMetMonth, delay: q.delayMonths })
                          : t('me.leave.unaffected', { title: title(q.title) })}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </dd>
        </div>
      </dl>
    </div>
  );
}
