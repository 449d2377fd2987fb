import { createSignal, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { errorMessage } from '../../api';
import { Field, fieldAria, SubmissionError, SubmitActions } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { createLoaded, query, reload } from '../../data';
import { lang, t } from '../../i18n';
import { businessToday } from '../../now';
import { canManagePeople } from '../tenant/tenant-nav';
import { useTenant } from '../tenant/tenant-layout';
import { listFundFilings, recordFundFiling, type FundFiling } from './people.api';

// The housing fund's own track on the tasks page: the filings HR owes the cities' fund centres
// (缴存登记 with a hire or a move in, 封存 with a leave or a move out), each due 30 days after its
// event; HR files on the centre's portal and records the centre's receipt here.

const fundQuery = query((slug: string, _lang: string) => listFundFilings(slug), 'fund-filings.list');

/** Days left in words: due today, n days left, or n days overdue. */
export function fundDue(f: FundFiling): string {
  if (f.daysLeft === null) return t('fund.filedOn', { date: f.filedOn ?? '', receipt: f.receiptNo ?? '' });
  if (f.daysLeft < 0) return t('fund.overdue', { date: f.dueDate, days: String(-f.daysLeft) });
  if (f.daysLeft === 0) return t('fund.dueToday', { date: f.dueDate });
  return t('fund.daysLeft', { date: f.dueDate, days: String(f.daysLeft) });
}

export function fundKind(f: FundFiling): string {
  return t(`fund.kind.${f.kind}`, { month: f.month });
}

export function FundFilingsSection() {
  const tenant = useTenant();
  const filings = createLoaded(() => fundQuery(tenant.slug(), lang()));
  const [open, setOpen] = createSignal<string>();
  const writer = () => canManagePeople(tenant.role());
  return (
    <section class="fund-filings" data-testid="fund-filings" aria-labelledby="fund-filings-title">
      <h2 id="fund-filings-title">{t('fund.title')}</h2>
      <p class="hint">{t('fund.intro')}</p>
      <Show when={filings.error()}>
        <ErrorNotice title={t('fund.loadFailed')} message={errorMessage(filings.error())} onRetry={() => void reload(fundQuery)} testId="fund-filings-error" />
      </Show>
      <Show when={filings.value()}>
        {(f) => (
          <>
            <ResourceTable
              testId="fund-to-file"
              rows={f().toFile}
              empty={t('fund.noneToFile')}
              rowTestId="fund-row"
              rowAttributes={(x) => ({ 'data-fund-id': x.id, 'data-employee-id': x.employeeId, 'data-kind': x.kind, 'data-overdue': x.daysLeft !== null && x.daysLeft < 0 ? 'true' : 'false' })}
              detailOpen={(x) => open() === x.id}
              detail={(x) => <FundReceiptForm filing={x} onDone={() => { setOpen(undefined); void reload(fundQuery); }} />}
              columns={[
                { header: t('tasks.col.employee'), rowHeader: true, class: 'cell-strong', cell: (x) => <A href={`/t/${encodeURIComponent(tenant.slug())}/employees/${x.employeeId}`}>{x.employeeName}</A> },
                { header: t('fund.col.filing'), cell: (x) => fundKind(x) },
                { header: t('tasks.col.city'), cell: (x) => tenant.cityLabel(x.cityCode) },
                { header: t('tasks.col.deadline'), cellAttributes: () => ({ 'data-testid': 'fund-due' }), cell: (x) => <span classList={{ 'field-error': (x.daysLeft ?? 0) < 0 }}>{fundDue(x)}</span> },
                {
                  header: t('tasks.col.action'),
                  class: 'cell-actions',
                  cell: (x) => (
                    <Show when={writer()} fallback={<span class="muted">—</span>}>
                      <button type="button" class="button button-small" data-testid="fund-record" aria-expanded={open() === x.id} onClick={() => setOpen(open() === x.id ? undefined : x.id)}>
                        {t('fund.record')}
                      </button>
                    </Show>
                  ),
                },
              ]}
            />
            <h3>{t('fund.recentlyFiled')}</h3>
            <ResourceTable
              testId="fund-filed"
              rows={f().filed}
              empty={t('fund.noneFiled')}
              rowTestId="fund-row"
              rowAttributes={(x) => ({ 'data-fund-id': x.id, 'data-employee-id': x.employeeId, 'data-kind': x.kind })}
              columns={[
                { header: t('tasks.col.employee'), rowHeader: true, class: 'cell-strong', cell: (x) => x.employeeName },
                { header: t('fund.col.filing'), cell: (x) => fundKind(x) },
                { header: t('tasks.col.city'), cell: (x) => tenant.cityLabel(x.cityCode) },
                { header: t('fund.col.receipt'), cell: (x) => fundDue(x) },
              ]}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function FundReceiptForm(props: { filing: FundFiling; onDone: () => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [receiptNo, setReceiptNo] = createSignal('');
  const [filedOn, setFiledOn] = createSignal(businessToday());
  const id = (field: string) => `fund-${field}-${props.filing.id}`;
  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (await submission.run(() => recordFundFiling(tenant.slug(), props.filing.id, { receiptNo: receiptNo().trim(), filedOn: filedOn() }))) props.onDone();
  }
  return (
    <form class="inline-form" novalidate data-testid="fund-receipt-form" aria-label={t('fund.record')} onSubmit={(event) => void onSubmit(event)}>
      <p class="hint">{t('fund.receiptHint', { name: props.filing.employeeName, filing: fundKind(props.filing), city: tenant.cityLabel(props.filing.cityCode) })}</p>
      <Field for={id('receipt')} label={t('fund.receiptNo')} error={submission.fieldError('receiptNo')} testId="fund-receipt">
        <input id={id('receipt')} data-testid="fund-receipt-input" autocomplete="off" value={receiptNo()} onInput={(e) => setReceiptNo(e.currentTarget.value)} {...fieldAria(id('receipt'), submission.fieldError('receiptNo'))} />
      </Field>
      <Field for={id('date')} label={t('fund.filedOnLabel')} error={submission.fieldError('filedOn')} testId="fund-filed-on">
        <input id={id('date')} data-testid="fund-filed-on-input" type="date" value={filedOn()} onInput={(e) => setFiledOn(e.currentTarget.value)} {...fieldAria(id('date'), submission.fieldError('filedOn'))} />
      </Field>
      <SubmissionError submission={submission} shown={['receiptNo', 'filedOn']} testId="fund-receipt-form-error" />
      <SubmitActions busy={submission.busy()} label={t('tasks.saveReceipt')} busyLabel={t('common.saving')} testId="fund-receipt-submit" small />
    </form>
  );
}
