import { createSignal, lazy, Show, Suspense } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field } from '../../components/form-field';
import { ErrorNotice, LoadedView } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { listEmployees } from '../people/people.api';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { canAdministerTenant, canManagePeople } from '../tenant/tenant-nav';
import { getClose, listDifferences, lockClose, matchClose, recordBill, recordDeductions, unlockClose, type CloseKey } from './close.api';
import { deductionsNeedNames, parseBill, parseDeductions } from './close-csv';
import { stageOf } from './close-figures';
import { CloseImport } from './close-import';
import { CloseFileImport } from './close-file-import';
import { CloseAdjustments } from './close-adjustments';
import { DifferencesTable } from './close-differences';

/** `/t/:slug/close/:entityId/:city/:month`: one month's close, step by step, with the lock. */
const monthQuery = query((slug: string, entityId: string, city: string, month: string, _lang: string) => getClose(slug, { entityId, city, month }), 'close.month');
const differencesQuery = query((slug: string, entityId: string, city: string, month: string) => listDifferences(slug, { entityId, city, month }), 'close.differences');
// chart.js loads only when there are differences to draw.
const DifferencesChart = lazy(() => import('./close-chart').then((m) => ({ default: m.DifferencesChart })));

/** Employees of a city by name (at most 1,000: a larger payroll names people by employee ID). */
async function employeesByName(slug: string, city: string): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  for (let page = 1; page <= 10; page++) {
    const answer = await listEmployees(slug, { city, page, pageSize: 100 });
    for (const e of answer.items) byName.set(e.name, [...(byName.get(e.name) ?? []), e.id]);
    if (page * 100 >= answer.total) break;
  }
  return byName;
}

export function CloseMonthPage() {
  const tenant = useTenant();
  const params = useParams<{ entityId: string; city: string; month: string }>();
  const key = (): CloseKey => ({ entityId: params.entityId, city: params.city, month: params.month });
  const allowed = () => canManagePeople(tenant.role());
  const title = () => t('close.monthTitle', { city: tenant.cityLabel(params.city), month: params.month });
  usePageTitle(title);
  const month = createLoaded(() => (allowed() ? monthQuery(tenant.slug(), params.entityId, params.city, params.month, lang()) : undefined));
  const differences = createLoaded(() => (allowed() && month.value() ? differencesQuery(tenant.slug(), params.entityId, params.city, params.month) : undefined));
  const locked = () => month.value()?.state === 'locked';
  // The list page's query too ('close.list'), so going back shows the month as it is now.
  const refresh = () => void reload(monthQuery, differencesQuery, { key: 'close.list' });

  const [actionError, setActionError] = createSignal<{ title: string; message: string }>();
  const [matchDone, setMatchDone] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [dialog, setDialog] = createSignal<'lock' | 'unlock'>();
  const [dialogError, setDialogError] = createSignal<string>();
  const [unlockReason, setUnlockReason] = createSignal('');

  /** Runs one action; a refusal (a 409 names what is missing or that the month is locked) is shown as the API says it. */
  async function act(failTitle: string, work: () => Promise<unknown>): Promise<boolean> {
    if (busy()) return false;
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
      return true;
    } catch (caught) {
      setActionError({ title: failTitle, message: errorMessage(caught) });
      return false;
    } finally {
      setBusy(false);
      refresh();
    }
  }

  async function match(): Promise<void> {
    setMatchDone(undefined);
    await act(t('close.match.failed'), async () => {
      const r = await matchClose(tenant.slug(), key());
      setMatchDone(t('close.match.done', { lines: r.expectedLines, differences: r.differences }));
    });
  }

  async function confirmDialog(): Promise<void> {
    setDialogError(undefined);
    setBusy(true);
    try {
      if (dialog() === 'lock') await lockClose(tenant.slug(), key());
      else await unlockClose(tenant.slug(), key(), unlockReason().trim());
      setDialog(undefined);
      setUnlockReason('');
    } catch (caught) {
      setDialogError(caught instanceof ApiError && caught.fields.reason ? caught.fields.reason : errorMessage(caught));
    } finally {
      setBusy(false);
      refresh();
    }
  }

  return (
    <section data-testid="close-month-page">
      <p class="breadcrumb">
        <A href={`/t/${encodeURIComponent(tenant.slug())}/close`} data-testid="close-back">{t('close.back')}</A>
      </p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <LoadedView
          failed={month.error() && !month.value()}
          failure={
            <>
              <h1 data-testid="page-title">{title()}</h1>
              <ErrorNotice title={t('close.loadFailed')} message={errorMessage(month.error())} onRetry={refresh} testId="close-month-error" />
            </>
          }
          data={month.value()}
        >
          {(m) => (
            <div data-testid="close-month" data-state={m().state} data-stage={stageOf(m())}>
              <div class="page-heading">
                <h1 data-testid="page-title">{title()}</h1>
                <span class={`badge${m().state === 'locked' ? ' badge-success' : ''}`} data-testid="close-state" data-state={m().state}>
                  {t(`close.stage.${stageOf(m())}`)}
                </span>
                <div class="page-actions">
                  <Show when={!locked()}>
                    <button type="button" class="button button-primary" data-testid="close-lock" disabled={busy()} onClick={() => (setDialogError(undefined), setDialog('lock'))}>
                      {t('close.lock')}
                    </button>
                  </Show>
                  <Show when={locked() && canAdministerTenant(tenant.role())}>
                    <button type="button" class="button button-secondary" data-testid="close-unlock" disabled={busy()} onClick={() => (setDialogError(undefined), setDialog('unlock'))}>
                      {t('close.unlock')}
                    </button>
                  </Show>
                </div>
              </div>

              <Show when={locked()}>
                <div class="notice notice-info" role="status" data-testid="close-locked-notice">
                  <p>{t('close.locked', { when: m().signedOffAt ? formatDateTime(m().signedOffAt!) : '' })}</p>
                </div>
              </Show>
              <Show when={!locked() && m().unlockReason}>
                {(reason) => <p class="notice notice-warning" data-testid="close-unlock-reason">{t('close.unlockedBefore', { reason: reason() })}</p>}
              </Show>
              <Show when={actionError()}>{(e) => <ErrorNotice title={e().title} message={e().message} testId="close-action-error" />}</Show>

              <dl class="card facts" data-testid="close-summary">
                <dt>{t('close.summary.bill')}</dt>
                <dd data-testid="close-summary-bill">{m().hasBill ? t('close.summary.billLines', { count: m().billLines }) : t('close.summary.noBill')}</dd>
                <dt>{t('close.summary.deductions')}</dt>
                <dd data-testid="close-summary-deductions">{m().deductions}</dd>
                <dt>{t('close.summary.matchedAt')}</dt>
                <dd data-testid="close-summary-matched">{m().matchedAt ? formatDateTime(m().matchedAt!) : t('close.summary.notMatched')}</dd>
                <dt>{t('close.summary.differences')}</dt>
                <dd data-testid="close-summary-differences">{t('close.summary.differencesCount', { open: m().openDifferences, all: m().differences })}</dd>
                <dt>{t('close.workflow.status')}</dt>
                <dd data-testid="close-workflow-status">
                  {locked()
                    ? t('close.workflow.done')
                    : m().workflow.waitingFor.length > 0
                      ? t('close.workflow.waiting', { what: m().workflow.waitingFor.map((w) => t(`close.workflow.missing.${w}`)).join(t('close.workflow.and')) })
                      : m().matchedAt ? t('close.workflow.matched') : t('close.workflow.toMatch')}
                </dd>
                <dt>{t('close.workflow.paymentDue')}</dt>
                <dd data-testid="close-workflow-due">
                  {m().workflow.paymentDue
                    ? `${m().workflow.paymentDue} ${t(m().workflow.paymentDueSource === 'policy' ? 'close.workflow.fromPolicy' : 'close.workflow.fromTenant')}`
                    : t('close.workflow.noDue')}
                </dd>
                <dt>{t('close.workflow.reminded')}</dt>
                <dd data-testid="close-workflow-reminded">{m().workflow.remindedAt ? formatDateTime(m().workflow.remindedAt!) : t('close.workflow.notReminded')}</dd>
              </dl>

              <CloseImport
                id="bill"
                title={t('close.bill.title')}
                hint={t('close.bill.hint')}
                label={t('close.bill.label')}
                submitLabel={t('close.bill.submit')}
                disabled={locked()}
                send={async (text, parsed) => {
                  const bill = parseBill(text, params.month);
                  if (bill.problems.length) return { problems: bill.problems };
                  parsed(bill.lines);
                  try {
                    const r = await recordBill(tenant.slug(), key(), bill.items);
                    return { problems: [], done: `${t('close.bill.done', { lines: r.lines })}${r.unknownPeople ? ` ${t('close.bill.unknown', { count: r.unknownPeople })}` : ''}` };
                  } finally {
                    refresh();
                  }
                }}
              />
              <DeductionsImport locked={locked()} keyOf={key} onChanged={refresh} />
              <CloseFileImport locked={locked()} keyOf={key} onChanged={refresh} />

              <section class="card card-form" data-testid="close-match">
                <h2>{t('close.match.title')}</h2>
                <p class="field-hint">{t('close.match.hint')}</p>
                <Show when={matchDone()}>{(message) => <p class="notice notice-success" role="status" data-testid="close-match-done">{message()}</p>}</Show>
                <div class="form-actions">
                  <button type="button" class="button button-primary" data-testid="close-match-submit" disabled={busy() || locked()} onClick={() => void match()}>
                    {t('close.match.submit')}
                  </button>
                </div>
              </section>

              <section class="section" data-testid="close-differences">
                <h2>{t('close.diff.title')}</h2>
                <Show when={m().matchedAt || m().differences > 0} fallback={<p class="field-hint">{t('close.diff.notMatched')}</p>}>
                  <Show when={differences.error() && !differences.value()}>
                    <ErrorNotice title={t('close.diff.loadFailed')} message={errorMessage(differences.error())} onRetry={refresh} testId="close-diff-error" />
                  </Show>
                  <Show when={differences.value()}>
                    {(d) => (
                      <>
                        <Show when={d().items.length > 0}>
                          <Suspense>
                            <DifferencesChart differences={d().items} />
                          </Suspense>
                        </Show>
                        <DifferencesTable rows={d().items} keyOf={key} locked={locked()} onChanged={refresh} />
                      </>
                    )}
                  </Show>
                </Show>
              </section>

              <CloseAdjustments keyOf={key} />

              <ConfirmDialog
                open={dialog() !== undefined}
                title={dialog() === 'unlock' ? t('close.unlockTitle', { month: params.month }) : t('close.lockTitle', { month: params.month })}
                confirmLabel={dialog() === 'unlock' ? t('close.unlock') : t('close.lock')}
                danger={dialog() === 'unlock'}
                busy={busy()}
                error={dialogError()}
                onConfirm={() => void confirmDialog()}
                onCancel={() => setDialog(undefined)}
                testId="close-dialog"
              >
                <p>{dialog() === 'unlock' ? t('close.unlockBody') : t('close.lockBody')}</p>
                <Show when={dialog() === 'unlock'}>
                  <Field for="close-unlock-reason" label={t('close.unlockReason')} testId="close-unlock-reason-field">
                    <input id="close-unlock-reason" data-testid="close-unlock-reason-input" maxLength={500} value={unlockReason()} onInput={(e) => setUnlockReason(e.currentTarget.value)} />
                  </Field>
                </Show>
              </ConfirmDialog>
            </div>
          )}
        </LoadedView>
      </Show>
    </section>
  );
}

function DeductionsImport(props: { locked: boolean; keyOf: () => CloseKey; onChanged: () => void }) {
  const tenant = useTenant();
  const [replace, setReplace] = createSignal(false);
  return (
    <CloseImport
      id="deductions"
      title={t('close.deductions.title')}
      hint={t('close.deductions.hint')}
      label={t('close.deductions.label')}
      submitLabel={t('close.deductions.submit')}
      disabled={props.locked}
      extra={() => (
        <label class="check">
          <input type="checkbox" data-testid="close-deductions-replace" checked={replace()} disabled={props.locked} onChange={(e) => setReplace(e.currentTarget.checked)} />
          {t('close.deductions.replace')}
        </label>
      )}
      send={async (text, parsed) => {
        let names: Map<string, string[]> | undefined;
        if (deductionsNeedNames(text)) {
          try {
            names = await employeesByName(tenant.slug(), props.keyOf().city);
          } catch {
            throw new Error(t('close.deductions.namesFailed'));
          }
        }
        const rows = parseDeductions(text, names);
        if (rows.problems.length) return { problems: rows.problems };
        parsed(rows.lines);
        try {
          const r = await recordDeductions(tenant.slug(), props.keyOf(), rows.items, replace());
          return { problems: [], done: t('close.deductions.done', { rows: r.rows }) };
        } finally {
          props.onChanged();
        }
      }}
    />
  );
}
