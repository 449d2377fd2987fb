import { createSignal, Show } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { lang, t } from '../../i18n';
import { yuanFromFen } from '../../money-format';
import { acknowledgeRiskFinding, type RiskFinding } from './risk.api';
import { RiskActionCell, type ActionDone } from './risk-action';

/** The findings table (risk page and employee page): money at stake, the suggested action, acknowledge with a reason. */
export function RiskFindingsTable(props: { slug: string; rows: readonly RiskFinding[]; canAcknowledge: boolean; onChanged: () => void; testId: string; empty: string; showEmployee?: boolean }) {
  const [open, setOpen] = createSignal<string>();
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // What an action did, per finding: kept across reloads until the next scan resolves the finding.
  const [done, setDone] = createSignal<Record<string, ActionDone>>({});
  const when = (iso: string) => new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  const local = (text: { 'zh-CN': string; en: string }) => (lang() === 'en' ? text.en : text['zh-CN']);

  async function save(finding: RiskFinding): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await acknowledgeRiskFinding(props.slug, finding.id, reason().trim());
      setOpen(undefined);
      setReason('');
      props.onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError && caught.fields.reason ? caught.fields.reason : errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ResourceTable
      testId={props.testId}
      rows={props.rows}
      empty={props.empty}
      rowTestId="risk-finding"
      rowAttributes={(f) => ({ 'data-rule': f.ruleId, 'data-state': f.state, 'data-owed-fen': String(f.money.owedFen) })}
      detailOpen={(f) => open() === f.id}
      detail={(f) => (
        <form class="inline-form" data-testid="risk-acknowledge-form" novalidate onSubmit={(e) => (e.preventDefault(), void save(f))}>
          <label for={`risk-reason-${f.id}`}>{t('risk.acknowledgeReason')}</label>
          <input id={`risk-reason-${f.id}`} data-testid="risk-acknowledge-reason" maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} aria-invalid={!!error()} />
          <Show when={error()}>{(message) => <span class="field-error" data-testid="risk-acknowledge-error">{message()}</span>}</Show>
          <button type="submit" class="button button-primary button-small" data-testid="risk-acknowledge-save" disabled={busy()}>{t('risk.acknowledgeSave')}</button>
          <button type="button" class="button button-small" onClick={() => setOpen(undefined)}>{t('risk.cancel')}</button>
        </form>
      )}
      columns={[
        ...(props.showEmployee === false ? [] : [{ header: t('risk.col.employee'), rowHeader: true, cell: (f: RiskFinding) => <a href={`/t/${props.slug}/employees/${f.employeeId}`}>{f.employeeName}</a> }]),
        {
          header: t('risk.col.rule'),
          cell: (f) => (
            <>
              {local(f.ruleTitle)}
              <span class="cell-sub">{local(f.message)}</span>
              <Show when={f.employeeLoss}>{(loss) => <span class="cell-sub">{local(loss())}</span>}</Show>
            </>
          ),
        },
        { header: t('risk.col.since'), cell: (f) => f.since },
        {
          header: t('risk.col.money'),
          cellAttributes: (f) => ({ 'data-fen': f.money.atStakeFen }),
          cell: (f) => (
            <>
              ¥{yuanFromFen(f.money.atStakeFen)}
              <span class="cell-sub">
                {t('risk.money.detail', { owed: yuanFromFen(f.money.owedFen), lateFee: yuanFromFen(f.money.lateFeeFen), overpaid: yuanFromFen(f.money.overpaidFen), fine: yuanFromFen(f.money.fineMaxFen) })}
              </span>
            </>
          ),
        },
        {
          header: t('risk.col.action'),
          cell: (f) => (
            <RiskActionCell
              slug={props.slug}
              finding={f}
              canAct={props.canAcknowledge}
              done={done()[f.id]}
              onDone={(d) => (setDone({ ...done(), [f.id]: d }), props.onChanged())}
            />
          ),
        },
        {
          header: t('risk.col.state'),
          cell: (f) => (
            <>
              {f.state === 'acknowledged' ? t('risk.state.acknowledged', { reason: f.stateReason ?? '' }) : t(f.state === 'open' ? 'risk.state.open' : 'risk.state.resolved')}
              <Show when={f.state === 'acknowledged' && f.stateAt}>
                {(at) => <span class="cell-sub" data-testid="risk-state-by">{t('risk.state.acknowledgedBy', { name: f.stateByName ?? '—', at: when(at()) })}</span>}
              </Show>
              <Show when={props.canAcknowledge && f.state === 'open'}>
                <button type="button" class="button button-small" data-testid="risk-acknowledge" onClick={() => (setOpen(f.id), setReason(''), setError(undefined))}>
                  {t('risk.acknowledge')}
                </button>
              </Show>
            </>
          ),
        },
      ]}
    />
  );
}
