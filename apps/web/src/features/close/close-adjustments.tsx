import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../api';
import { Field, fieldAria, SubmissionError, SubmitActions } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { createLoaded, query, reload } from '../../data';
import { t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import { listEmployees } from '../people/people.api';
import { useTenant } from '../tenant/tenant-layout';
import { createAdjustment, INSURANCE_CODES, listAdjustments, type AdjustmentLine, type AdjustmentRequest, type CloseKey, type Insurance } from './close.api';
import { fenOf } from './close-csv';
import { nextMonth } from './close-figures';

// Lines of the city whose original month or paid-in month is this one (the list API filters by city and paid-in month).
const adjustmentsQuery = query(async (slug: string, city: string, month: string) => {
  const { items } = await listAdjustments(slug, { city });
  return items.filter((a): a is AdjustmentLine => !!a && (a.month === month || a.originalMonth === month));
}, 'close.adjustments');
const employeesQuery = query((slug: string, city: string) => listEmployees(slug, { city, pageSize: 100 }), 'close.adjustmentEmployees');

const SHOWN = ['employeeId', 'insurance', 'originalMonth', 'targetMonth', 'employerFen', 'employeeFen', 'kind', 'reason', 'payOn'];

/** Adjustment lines (补缴/退费/补差) concerning the month, and recording one in an open month. */
export function CloseAdjustments(props: { keyOf: () => CloseKey }) {
  const tenant = useTenant();
  const lines = createLoaded(() => adjustmentsQuery(tenant.slug(), props.keyOf().city, props.keyOf().month));
  const employees = createLoaded(() => employeesQuery(tenant.slug(), props.keyOf().city));
  const submission = createSubmission();
  const [employeeId, setEmployeeId] = createSignal('');
  const [insurance, setInsurance] = createSignal<Insurance>('pension');
  const [originalMonth, setOriginalMonth] = createSignal(props.keyOf().month);
  const [targetMonth, setTargetMonth] = createSignal(nextMonth(props.keyOf().month));
  const [employer, setEmployer] = createSignal('');
  const [employee, setEmployee] = createSignal('');
  const [kind, setKind] = createSignal<'' | NonNullable<AdjustmentRequest['kind']>>('');
  const [reason, setReason] = createSignal('');
  const [payOn, setPayOn] = createSignal('');
  const [done, setDone] = createSignal<string>();
  const [amountError, setAmountError] = createSignal<{ employerFen?: string; employeeFen?: string }>({});
  const err = (name: string) => (amountError() as Record<string, string | undefined>)[name] ?? submission.fieldError(name);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setDone(undefined);
    const er = fenOf(employer()) ?? 0;
    const ee = fenOf(employee()) ?? 0;
    setAmountError({ ...(Number.isNaN(er) ? { employerFen: t('close.adj.amountInvalid') } : {}), ...(Number.isNaN(ee) ? { employeeFen: t('close.adj.amountInvalid') } : {}) });
    if (Number.isNaN(er) || Number.isNaN(ee)) return;
    const k = props.keyOf();
    const line = await submission.run(() =>
      createAdjustment(tenant.slug(), {
        entityId: k.entityId, cityCode: k.city, originalMonth: originalMonth(), targetMonth: targetMonth(), employeeId: employeeId(), insurance: insurance(),
        employerFen: er, employeeFen: ee, reason: reason().trim(), ...(kind() ? { kind: kind() as NonNullable<AdjustmentRequest['kind']> } : {}), ...(payOn() ? { payOn: payOn() } : {}),
      }),
    );
    if (!line) return;
    setDone(t('close.adj.done', { month: line.month, fee: yuanFromFen(line.lateFeeFen) }));
    setReason('');
    void reload(adjustmentsQuery);
  }

  return (
    <section class="section" data-testid="close-adjustments">
      <h2>{t('close.adj.title')}</h2>
      <p class="field-hint">{t('close.adj.hint')}</p>
      <Show when={lines.error() && !lines.value()}>
        <ErrorNotice title={t('close.adj.loadFailed')} message={errorMessage(lines.error())} onRetry={() => void reload(adjustmentsQuery)} testId="close-adj-load-error" />
      </Show>
      <Show when={lines.value()}>
        {(items) => (
          <ResourceTable
            testId="close-adj-table"
            rowTestId="close-adj"
            rows={items()}
            empty={t('close.adj.empty')}
            rowAttributes={(a: AdjustmentLine) => ({ 'data-kind': a.kind, 'data-month': a.month, 'data-original-month': a.originalMonth })}
            columns={[
              { header: t('close.adj.col.person'), rowHeader: true, cell: (a) => a.personName },
              { header: t('close.adj.col.insurance'), cell: (a) => t(`insurance.${a.insurance as Insurance}`) },
              { header: t('close.adj.col.kind'), cell: (a) => t(`close.kind.${a.kind}`) },
              { header: t('close.adj.col.period'), cell: (a) => `${a.originalMonth} → ${a.month}` },
              { header: t('close.adj.col.amount'), class: 'num', cell: (a) => `${formatYuan(yuanFromFen(a.employerFen))} / ${formatYuan(yuanFromFen(a.employeeFen))}` },
              { header: t('close.adj.col.lateFee'), class: 'num', cell: (a) => t('close.adj.lateFee', { fee: formatYuan(yuanFromFen(a.lateFeeFen)), days: a.lateFeeDays }) },
              { header: t('close.adj.col.reason'), cell: (a) => a.reason },
            ]}
          />
        )}
      </Show>

      <form class="card card-form form-grid" novalidate data-testid="close-adj-form" onSubmit={(e) => void submit(e)}>
        <h3 class="form-wide">{t('close.adj.new')}</h3>
        <Show when={employees.error()}>
          <p class="field-error form-wide">{t('close.adj.employeesFailed')}</p>
        </Show>
        <Field for="close-adj-employee" label={t('close.adj.employee')} error={err('employeeId')} testId="close-adj-employee">
          <select id="close-adj-employee" data-testid="close-adj-employee" value={employeeId()} onChange={(e) => setEmployeeId(e.currentTarget.value)} {...fieldAria('close-adj-employee', err('employeeId'))}>
            <option value="">—</option>
            <For each={employees.value()?.items ?? []}>{(e) => <option value={e.id}>{e.name} ({e.idNumberMasked})</option>}</For>
          </select>
        </Field>
        <Field for="close-adj-insurance" label={t('close.adj.insurance')} error={err('insurance')} testId="close-adj-insurance">
          <select id="close-adj-insurance" data-testid="close-adj-insurance" value={insurance()} onChange={(e) => setInsurance(e.currentTarget.value as Insurance)}>
            <For each={INSURANCE_CODES}>{(code) => <option value={code}>{t(`insurance.${code}`)}</option>}</For>
          </select>
        </Field>
        <Field for="close-adj-original" label={t('close.adj.originalMonth')} error={err('originalMonth')} testId="close-adj-original">
          <input id="close-adj-original" data-testid="close-adj-original" type="month" value={originalMonth()} onInput={(e) => setOriginalMonth(e.currentTarget.value)} {...fieldAria('close-adj-original', err('originalMonth'))} />
        </Field>
        <Field for="close-adj-target" label={t('close.adj.targetMonth')} error={err('targetMonth')} testId="close-adj-target">
          <input id="close-adj-target" data-testid="close-adj-target" type="month" value={targetMonth()} onInput={(e) => setTargetMonth(e.currentTarget.value)} {...fieldAria('close-adj-target', err('targetMonth'))} />
        </Field>
        <Field for="close-adj-employer" label={t('close.adj.employerAmount')} error={err('employerFen')} testId="close-adj-employer">
          <input id="close-adj-employer" data-testid="close-adj-employer" inputmode="decimal" value={employer()} onInput={(e) => setEmployer(e.currentTarget.value)} {...fieldAria('close-adj-employer', err('employerFen'))} />
        </Field>
        <Field for="close-adj-employee-amount" label={t('close.adj.employeeAmount')} error={err('employeeFen')} testId="close-adj-employee-amount">
          <input id="close-adj-employee-amount" data-testid="close-adj-employee-amount" inputmode="decimal" value={employee()} onInput={(e) => setEmployee(e.currentTarget.value)} {...fieldAria('close-adj-employee-amount', err('employeeFen'))} />
        </Field>
        <Field for="close-adj-kind" label={t('close.adj.kind')} error={err('kind')} testId="close-adj-kind">
          <select id="close-adj-kind" data-testid="close-adj-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as '')}>
            <option value="">{t('close.adj.kindAuto')}</option>
            <option value="back_payment">{t('close.kind.back_payment')}</option>
            <option value="refund">{t('close.kind.refund')}</option>
            <option value="top_up">{t('close.kind.top_up')}</option>
          </select>
        </Field>
        <Field for="close-adj-pay-on" label={t('close.adj.payOn')} error={err('payOn')} testId="close-adj-pay-on">
          <input id="close-adj-pay-on" data-testid="close-adj-pay-on" type="date" value={payOn()} onInput={(e) => setPayOn(e.currentTarget.value)} {...fieldAria('close-adj-pay-on', err('payOn'))} />
        </Field>
        <div class="form-wide">
          <Field for="close-adj-reason" label={t('close.adj.reason')} error={err('reason')} testId="close-adj-reason">
            <input id="close-adj-reason" data-testid="close-adj-reason" maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} {...fieldAria('close-adj-reason', err('reason'))} />
          </Field>
        </div>
        <SubmissionError submission={submission} shown={SHOWN} testId="close-adj-error" wide />
        <Show when={done()}>{(message) => <p class="notice notice-success form-wide" role="status" data-testid="close-adj-done">{message()}</p>}</Show>
        <SubmitActions busy={submission.busy()} label={t('close.adj.submit')} testId="close-adj-submit" wide />
      </form>
    </section>
  );
}
