import { createEffect, createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria } from '../../components/form-field';
import { createSubmission } from '../../components/submission';
import { showToast } from '../../components/toast';
import { reload } from '../../data';
import { t } from '../../i18n';
import { businessToday } from '../../now';
import { recordFundFiling, type FundFiling } from '../people/people.api';
import { useTenant } from './tenant-layout';
import type { Workbench } from './tenants.api';

type FundItem = Workbench['fund']['nearest'][number];

/**
 * The housing-fund filings to make, nearest first, each recorded in place: 登记回执 opens a side
 * panel for the fund centre's receipt and the day; once saved a toast says so and the workbench is
 * asked again, so the item leaves the list.
 */
export function WorkbenchFund(props: { items: FundItem[]; slug: string; base: string; writer: boolean; query: { key: string } }) {
  const tenant = useTenant();
  const [open, setOpen] = createSignal<FundItem>();
  const submission = createSubmission();
  const [receiptNo, setReceiptNo] = createSignal('');
  const [filedOn, setFiledOn] = createSignal(businessToday());
  createEffect(() => {
    if (open()) {
      submission.reset();
      setReceiptNo('');
      setFiledOn(businessToday());
    }
  });
  const kind = (x: FundItem) => t(`fund.kind.${x.kind}`, { month: x.month });
  const due = (x: FundItem) => (x.daysLeft < 0 ? t('fund.overdue', { date: x.dueDate, days: String(-x.daysLeft) }) : x.daysLeft === 0 ? t('fund.dueToday', { date: x.dueDate }) : t('fund.daysLeft', { date: x.dueDate, days: String(x.daysLeft) }));

  async function save(): Promise<void> {
    const x = open();
    if (!x) return;
    const receipt = receiptNo().trim();
    const saved: FundFiling | undefined = await submission.run(() => recordFundFiling(props.slug, x.filingId, { receiptNo: receipt, filedOn: filedOn() }));
    if (!saved) return;
    setOpen(undefined);
    showToast(t('tenantHome.work.fundRecorded', { name: x.employeeName, filing: kind(x), receipt }));
    void reload(props.query);
  }

  return (
    <Show when={props.items.length > 0}>
      <h3>{t('tenantHome.work.fundNearest')}</h3>
      <ul class="card workbench-list" data-testid="workbench-fund-list">
        <For each={props.items}>
          {(x) => (
            <li data-testid="workbench-fund-item" data-fund-id={x.filingId}>
              <span data-testid="workbench-fund-text">
                <A href={`${props.base}/employees/${x.employeeId}`}>{x.employeeName}</A>
                {' · '}
                {tenant.cityLabel(x.cityCode)} {kind(x)}
                {' · '}
                <span classList={{ 'field-error': x.daysLeft < 0 }}>{due(x)}</span>
              </span>{' '}
              <Show when={props.writer}>
                <button type="button" class="button button-secondary button-small" data-testid="workbench-fund-record" onClick={() => setOpen(x)}>
                  {t('fund.record')}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <ConfirmDialog
        open={open() !== undefined}
        title={open() ? t('tenantHome.work.fundPanelTitle', { name: open()!.employeeName, filing: kind(open()!) }) : ''}
        confirmLabel={t('tasks.saveReceipt')}
        busy={submission.busy()}
        error={submission.error() && Object.keys(submission.fields()).length === 0 ? submission.error() : undefined}
        onConfirm={() => void save()}
        onCancel={() => setOpen(undefined)}
        testId="workbench-fund-panel"
        variant="panel"
      >
        <Show when={open()}>
          {(x) => (
            <form
              novalidate
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
            >
              <p class="hint">{t('fund.receiptHint', { name: x().employeeName, filing: kind(x()), city: tenant.cityLabel(x().cityCode) })}</p>
              <Field for="workbench-fund-receipt" label={t('fund.receiptNo')} error={submission.fieldError('receiptNo')} testId="workbench-fund-receipt">
                <input id="workbench-fund-receipt" data-testid="workbench-fund-receipt-input" autocomplete="off" value={receiptNo()} onInput={(e) => setReceiptNo(e.currentTarget.value)} {...fieldAria('workbench-fund-receipt', submission.fieldError('receiptNo'))} />
              </Field>
              <Field for="workbench-fund-date" label={t('fund.filedOnLabel')} error={submission.fieldError('filedOn')} testId="workbench-fund-filed-on">
                <input id="workbench-fund-date" data-testid="workbench-fund-filed-on-input" type="date" value={filedOn()} onInput={(e) => setFiledOn(e.currentTarget.value)} {...fieldAria('workbench-fund-date', submission.fieldError('filedOn'))} />
              </Field>
              <button type="submit" hidden tabindex="-1" aria-hidden="true" />
            </form>
          )}
        </Show>
      </ConfirmDialog>
    </Show>
  );
}
