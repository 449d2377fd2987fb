import { createSignal, For, Show } from 'solid-js';
import { Field, fieldAria, generalMessage, OtherFieldErrors } from '../../components/form-field';
import { createPreviewCommit, createSubmission } from '../../components/submission';
import { useTenant } from '../tenant/tenant-layout';
import { t } from '../../i18n';
import { businessToday } from '../../now';
import { WorkCitySelect } from './work-city-select';
import { changeWage, previewTermination, previewTransfer, terminateEmployee, transferEmployee, type Employee, type TerminationPreview, type TransferPreview } from './people.api';
import { TransferPreviewDialog } from './transfer-preview';
import { TerminationPreviewDialog } from './termination-preview';

// The employee page's change forms: termination (previewed before it is filed), transfer to
// another city, a new wage.
export function TerminateForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const [lastWorkingDay, setLastWorkingDay] = createSignal(businessToday());
  const [reason, setReason] = createSignal('');
  const body = () => ({ lastWorkingDay: lastWorkingDay(), reason: reason().trim() });
  // Nothing is filed on submit: the preview is read, and the dialog shows it.
  const flow = createPreviewCommit<TerminationPreview, Employee>({
    preview: () => previewTermination(tenant.slug(), props.employee.id, body()),
    commit: (key) => terminateEmployee(tenant.slug(), props.employee.id, body(), key),
    onDone: props.onDone,
    focusBackId: 'terminate-last-working-day',
  });
  const err = flow.submission.fieldError;

  return (
    <form class="card card-form form-grid" novalidate data-testid="terminate-form" aria-label={t('employee.action.terminate')} onSubmit={(event) => void flow.onSubmit(event)}>
      <p class="hint form-wide">{t('employee.terminateHint')}</p>
      <Field for="terminate-last-working-day" label={t('employee.lastWorkingDay')} error={err('lastWorkingDay')} testId="terminate-last-working-day">
        <input
          id="terminate-last-working-day"
          data-testid="terminate-last-working-day"
          type="date"
          value={lastWorkingDay()}
          onInput={(e) => setLastWorkingDay(e.currentTarget.value)}
          {...fieldAria('terminate-last-working-day', err('lastWorkingDay'))}
        />
      </Field>
      <Field for="terminate-reason" label={t('employee.reason')} error={err('reason')} testId="terminate-reason">
        <input id="terminate-reason" data-testid="terminate-reason" autocomplete="off" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} {...fieldAria('terminate-reason', err('reason'))} />
      </Field>
      <FormFooter submission={flow.submission} shown={['lastWorkingDay', 'reason']} testId="terminate" label={t('employee.preview')} />
      <TerminationPreviewDialog preview={flow.preview()} busy={flow.commit.busy()} error={flow.commit.error()} onConfirm={() => void flow.onConfirm()} onBack={flow.onBack} />
    </form>
  );
}

export function TransferForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const targets = () => tenant.cities().filter((c) => c.code !== props.employee.workCity);
  const [workCity, setWorkCity] = createSignal(targets()[0]?.code ?? '');
  const [effectiveDate, setEffectiveDate] = createSignal(businessToday());
  const body = () => ({ workCity: workCity(), effectiveDate: effectiveDate() });
  // Nothing is filed on submit: the preview is read, and the dialog shows it.
  const flow = createPreviewCommit<TransferPreview, Employee>({
    preview: () => previewTransfer(tenant.slug(), props.employee.id, body()),
    commit: (key) => transferEmployee(tenant.slug(), props.employee.id, body(), key),
    onDone: props.onDone,
    focusBackId: 'transfer-work-city',
  });
  const err = flow.submission.fieldError;

  return (
    <form class="card card-form form-grid" novalidate data-testid="transfer-form" aria-label={t('employee.action.transfer')} onSubmit={(event) => void flow.onSubmit(event)}>
      <p class="hint form-wide">{t('employee.transferHint')}</p>
      <WorkCitySelect id="transfer-work-city" label={t('employee.newCity')} error={err('workCity')} cities={targets()} value={workCity()} onChange={setWorkCity} />
      <Field for="transfer-effective-date" label={t('employee.effectiveDate')} error={err('effectiveDate')} testId="transfer-effective-date">
        <input
          id="transfer-effective-date"
          data-testid="transfer-effective-date"
          type="date"
          value={effectiveDate()}
          onInput={(e) => setEffectiveDate(e.currentTarget.value)}
          {...fieldAria('transfer-effective-date', err('effectiveDate'))}
        />
      </Field>
      <FormFooter submission={flow.submission} shown={['workCity', 'effectiveDate']} testId="transfer" label={t('employee.preview')} />
      <TransferPreviewDialog preview={flow.preview()} busy={flow.commit.busy()} error={flow.commit.error()} onConfirm={() => void flow.onConfirm()} onBack={flow.onBack} />
    </form>
  );
}

export function WageForm(props: { employee: Employee; onDone: (next: Employee) => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [monthlyWage, setMonthlyWage] = createSignal('');
  const [effectiveFrom, setEffectiveFrom] = createSignal(businessToday());
  const err = submission.fieldError;

  // A change dated back into a locked month is refused naming the month; HR may then settle it.
  const locked = () => submission.fieldError('month') !== undefined;

  async function send(settleLockedMonths: boolean): Promise<void> {
    const body = { monthlyWage: monthlyWage().trim(), effectiveFrom: effectiveFrom(), ...(settleLockedMonths ? { settleLockedMonths } : {}) };
    const next = await submission.run((key) => changeWage(tenant.slug(), props.employee.id, body, key));
    if (next) props.onDone(next);
  }

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    await send(false);
  }

  return (
    <form class="card card-form form-grid" novalidate data-testid="wage-form" aria-label={t('employee.action.wage')} onSubmit={(event) => void onSubmit(event)}>
      <Field for="wage-monthly-wage" label={t('employee.newWage')} error={err('monthlyWage')} testId="wage-monthly-wage">
        <input
          id="wage-monthly-wage"
          data-testid="wage-monthly-wage"
          inputmode="decimal"
          autocomplete="off"
          placeholder={props.employee.monthlyWage}
          value={monthlyWage()}
          onInput={(e) => setMonthlyWage(e.currentTarget.value)}
          {...fieldAria('wage-monthly-wage', err('monthlyWage'))}
        />
      </Field>
      <Field for="wage-effective-from" label={t('employee.effectiveFrom')} error={err('effectiveFrom')} testId="wage-effective-from">
        <input
          id="wage-effective-from"
          data-testid="wage-effective-from"
          type="date"
          value={effectiveFrom()}
          onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
          {...fieldAria('wage-effective-from', err('effectiveFrom'))}
        />
      </Field>
      <Show when={locked()}>
        <div class="notice notice-warning form-wide" role="status" data-testid="wage-locked">
          <p>{t('employee.wage.locked')}</p>
          <button type="button" class="button button-secondary" data-testid="wage-settle" disabled={submission.busy()} onClick={() => void send(true)}>{t('employee.wage.settle')}</button>
        </div>
      </Show>
      <FormFooter submission={submission} shown={['monthlyWage', 'effectiveFrom', 'month']} testId="wage" label={t('employee.action.wage')} />
    </form>
  );
}

function FormFooter(props: { submission: ReturnType<typeof createSubmission>; shown: readonly string[]; testId: string; label: string }) {
  return (
    <>
      <Show when={props.submission.error()}>
        {(message) => (
          <div class="notice notice-error form-wide" role="alert" data-testid={`${props.testId}-error`}>
            <p class="notice-message">{generalMessage(message(), props.submission.fields())}</p>
            <OtherFieldErrors fields={props.submission.fields()} shown={props.shown} />
          </div>
        )}
      </Show>
      <div class="form-actions form-wide">
        <button type="submit" class="button button-primary" data-testid={`${props.testId}-submit`} disabled={props.submission.busy()}>
          {props.submission.busy() ? t('common.saving') : props.label}
        </button>
      </div>
    </>
  );
}
