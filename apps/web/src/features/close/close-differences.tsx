import { createSignal, Show } from 'solid-js';
import { Field, fieldAria, generalMessage, SubmitActions } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { createSubmission } from '../../components/submission';
import { t } from '../../i18n';
import { formatYuan, yuanFromFen } from '../../money-format';
import { useTenant } from '../tenant/tenant-layout';
import { resolveDifference, type CloseDifference, type CloseKey, type Resolution } from './close.api';
import { nextMonth } from './close-figures';

const money = (fen: number | null) => (fen === null ? t('close.diff.none') : formatYuan(yuanFromFen(fen)));
const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/** The month's differences with their class and amount; an open one is resolved in the line under it. */
export function DifferencesTable(props: { rows: readonly CloseDifference[]; keyOf: () => CloseKey; locked: boolean; onChanged: () => void }) {
  const [open, setOpen] = createSignal<string>();
  return (
    <ResourceTable
      testId="close-diff-table"
      rowTestId="close-diff"
      rows={props.rows}
      empty={t('close.diff.empty')}
      rowAttributes={(d) => ({ 'data-class': d.class, 'data-state': d.state, 'data-insurance': d.insurance, 'data-amount-fen': d.amountFen })}
      detailOpen={(d) => open() === d.id}
      detail={(d) => <ResolveForm difference={d} keyOf={props.keyOf} onDone={() => (setOpen(undefined), props.onChanged())} onCancel={() => setOpen(undefined)} />}
      columns={[
        { header: t('close.diff.col.person'), rowHeader: true, cell: (d) => d.personName },
        { header: t('close.diff.col.insurance'), cell: (d) => t(`insurance.${d.insurance as 'pension'}`) },
        { header: t('close.diff.col.class'), cell: (d) => <span class="badge badge-warning" data-testid="close-diff-class">{t(`close.class.${d.class}`)}</span> },
        { header: t('close.diff.col.amount'), class: 'num', cell: (d) => <span data-testid="close-diff-amount">{money(d.amountFen)}</span> },
        {
          header: t('close.diff.col.figures'),
          cell: (d) => (
            <>
              {t('close.diff.figures', {
                expected: money(d.class === 'missing_deduction' ? d.expectedEmployeeFen : sum(d.expectedEmployerFen, d.expectedEmployeeFen)),
                billed: money(sum(d.billedEmployerFen, d.billedEmployeeFen)),
                deducted: money(d.deductedFen),
              })}
              <Show when={d.class === 'base'}>
                <span class="cell-sub">{t('close.diff.base', { expected: money(d.expectedBaseFen), billed: money(d.billedBaseFen) })}</span>
              </Show>
            </>
          ),
        },
        {
          header: t('close.diff.col.state'),
          cell: (d) => (
            <>
              <span data-testid="close-diff-state">
                {d.state === 'accepted' || d.state === 'adjusted' ? t(`close.diffState.${d.state}`, { reason: d.reason ?? '' }) : t(`close.diffState.${d.state}`)}
              </span>
              <Show when={d.state === 'open' && !props.locked}>
                {' '}
                <button type="button" class="button button-small" data-testid="close-diff-resolve" onClick={() => setOpen(open() === d.id ? undefined : d.id)}>
                  {t('close.resolve')}
                </button>
              </Show>
            </>
          ),
        },
      ]}
    />
  );
}

function ResolveForm(props: { difference: CloseDifference; keyOf: () => CloseKey; onDone: () => void; onCancel: () => void }) {
  const tenant = useTenant();
  const submission = createSubmission();
  const [action, setAction] = createSignal<Resolution['action']>('accept');
  const [reason, setReason] = createSignal('');
  const [target, setTarget] = createSignal(nextMonth(props.keyOf().month));
  const [payOn, setPayOn] = createSignal('');
  const id = (name: string) => `close-resolve-${name}-${props.difference.id}`;
  const err = (name: string) => submission.fieldError(name);

  async function save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const body: Resolution =
      action() === 'fixed'
        ? { action: 'fixed' }
        : action() === 'accept'
          ? { action: 'accept', reason: reason().trim() }
          : { action: 'adjust', reason: reason().trim(), targetMonth: target(), ...(payOn() ? { payOn: payOn() } : {}) };
    if (await submission.run(() => resolveDifference(tenant.slug(), props.keyOf(), props.difference.id, body))) props.onDone();
  }

  return (
    <form class="inline-form form-grid" novalidate data-testid="close-resolve-form" onSubmit={(e) => void save(e)}>
      <Field for={id('action')} label={t('close.resolve.action')} error={err('action')} testId="close-resolve-action">
        <select id={id('action')} data-testid="close-resolve-action" value={action()} onChange={(e) => setAction(e.currentTarget.value as Resolution['action'])}>
          <option value="accept">{t('close.resolve.accept')}</option>
          <option value="fixed">{t('close.resolve.fixed')}</option>
          <option value="adjust">{t('close.resolve.adjust')}</option>
        </select>
      </Field>
      <Show when={action() !== 'fixed'}>
        <Field for={id('reason')} label={t('close.resolve.reason')} error={err('reason')} testId="close-resolve-reason">
          <input id={id('reason')} data-testid="close-resolve-reason" maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} {...fieldAria(id('reason'), err('reason'))} />
        </Field>
      </Show>
      <Show when={action() === 'adjust'}>
        <Field for={id('target')} label={t('close.resolve.target')} error={err('targetMonth')} testId="close-resolve-target">
          <input id={id('target')} data-testid="close-resolve-target" type="month" value={target()} onInput={(e) => setTarget(e.currentTarget.value)} {...fieldAria(id('target'), err('targetMonth'))} />
        </Field>
        <Field for={id('payOn')} label={t('close.resolve.payOn')} error={err('payOn')} testId="close-resolve-pay-on">
          <input id={id('payOn')} data-testid="close-resolve-pay-on" type="date" value={payOn()} onInput={(e) => setPayOn(e.currentTarget.value)} {...fieldAria(id('payOn'), err('payOn'))} />
        </Field>
      </Show>
      <Show when={submission.error()}>
        {(message) => (
          <p class="field-error form-wide" role="alert" data-testid="close-resolve-error">
            {generalMessage(message(), submission.fields())}
          </p>
        )}
      </Show>
      <SubmitActions busy={submission.busy()} label={t('close.resolve.save')} testId="close-resolve-save" small wide>
        <button type="button" class="button button-small" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
      </SubmitActions>
    </form>
  );
}
