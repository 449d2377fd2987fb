import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { errorMessage } from '../../api';
import { Field, fieldAria, generalMessage } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { createLoaded, query, reload } from '../../data';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { yuanFromFen } from '../../money-format';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { canManagePeople } from '../tenant/tenant-nav';
import {
  baseChangeSheetHref, cancelBaseAdjustment, confirmBaseAdjustment, getBaseAdjustment, listBaseAdjustments, startBaseAdjustment,
  type BaseAdjustmentLine, type BaseAdjustmentSummary,
} from './base-adjustment.api';

// `/t/:slug/base-adjustments` (HR, tenant admins): each city's annual base adjustment, starting
// one, and `/t/:slug/base-adjustments/:id`: the preview HR confirms or cancels.

const listQuery = query((slug: string, _lang: string) => listBaseAdjustments(slug), 'baseAdjust.list');
const detailQuery = query((slug: string, id: string, _lang: string) => getBaseAdjustment(slug, id), 'baseAdjust.detail');

const fen = (v: number | null | undefined) => (v === null || v === undefined ? t('baseAdjust.none') : yuanFromFen(v));
const signed = (v: number | null | undefined) => (v === null || v === undefined ? t('baseAdjust.none') : `${v > 0 ? '+' : ''}${yuanFromFen(v)}`);
const href = (slug: string, id: string) => `/t/${encodeURIComponent(slug)}/base-adjustments/${encodeURIComponent(id)}`;

export function BaseAdjustmentsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('baseAdjust.title'));
  const allowed = () => canManagePeople(tenant.role());
  const list = createLoaded(() => (allowed() ? listQuery(tenant.slug(), lang()) : undefined));
  return (
    <section data-testid="base-adjustments-page">
      <h1 data-testid="page-title">{t('baseAdjust.title')}</h1>
      <p class="lead">{t('baseAdjust.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <StartForm />
        <Switch fallback={<Loading />}>
          <Match when={list.error() && !list.value()}>
            <ErrorNotice title={t('baseAdjust.loadFailed')} message={errorMessage(list.error())} onRetry={() => void reload(listQuery)} testId="base-adjustments-error" />
          </Match>
          <Match when={list.value()}>
            {(data) => (
              <ResourceTable
                testId="base-adjustments-table"
                rowTestId="base-adjustment-row"
                rows={data().items}
                empty={t('baseAdjust.empty')}
                rowAttributes={(a: BaseAdjustmentSummary) => ({ 'data-state': a.state, 'data-city': a.cityCode, 'data-year': String(a.policyYear) })}
                columns={[
                  { header: t('baseAdjust.col.city'), rowHeader: true, cell: (a) => <A href={href(tenant.slug(), a.id)} data-testid="base-adjustment-link">{tenant.cityLabel(a.cityCode)}</A> },
                  { header: t('baseAdjust.col.year'), cell: (a) => a.policyYear },
                  { header: t('baseAdjust.col.effective'), cell: (a) => a.effectiveMonth },
                  { header: t('baseAdjust.col.state'), cell: (a) => <span class={`badge${a.state === 'applied' ? ' badge-success' : a.state === 'preview' ? ' badge-warning' : ''}`}>{t(`baseAdjust.state.${a.state}`)}</span> },
                  { header: t('baseAdjust.col.employees'), class: 'num', cell: (a) => a.employees },
                  { header: t('baseAdjust.col.changes'), class: 'num', cell: (a) => a.changes },
                  { header: t('baseAdjust.col.cost'), class: 'num', cell: (a) => signed(a.employerChangeFen) },
                ]}
              />
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function StartForm() {
  const tenant = useTenant();
  const submission = createSubmission();
  const [city, setCity] = createSignal('');
  const [year, setYear] = createSignal(String(new Date().getFullYear()));
  const [started, setStarted] = createSignal(false);
  createEffect(() => {
    if (!tenant.cities().some((c) => c.code === city()) && tenant.cities()[0]) setCity(tenant.cities()[0]!.code);
  });
  const err = (name: string) => submission.fieldError(name);
  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setStarted(false);
    const answer = await submission.run(() => startBaseAdjustment(tenant.slug(), { cityCode: city(), policyYear: Number(year()) }));
    if (answer) {
      setStarted(true);
      // The workflow stores the preview within moments.
      setTimeout(() => void reload(listQuery), 1500);
    }
  }
  return (
    <form class="card filter-bar" novalidate data-testid="base-adjustment-start" aria-label={t('baseAdjust.start.title')} onSubmit={(e) => void submit(e)}>
      <Field for="base-adjust-city" label={t('baseAdjust.start.city')} error={err('cityCode')} testId="base-adjust-city">
        <select id="base-adjust-city" data-testid="base-adjust-city" value={city()} onChange={(e) => setCity(e.currentTarget.value)} {...fieldAria('base-adjust-city', err('cityCode'))}>
          <For each={tenant.cities()}>{(c) => <option value={c.code} selected={c.code === city()}>{tenant.cityLabel(c.code)} ({c.code})</option>}</For>
        </select>
      </Field>
      <Field for="base-adjust-year" label={t('baseAdjust.start.year')} error={err('policyYear')} testId="base-adjust-year">
        <input id="base-adjust-year" data-testid="base-adjust-year" type="number" min="2000" max="2100" value={year()} onInput={(e) => setYear(e.currentTarget.value)} {...fieldAria('base-adjust-year', err('policyYear'))} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="base-adjust-start-submit" disabled={submission.busy() || !city()}>{t('baseAdjust.start.submit')}</button>
        <button type="button" class="button" data-testid="base-adjust-refresh" onClick={() => void reload(listQuery)}>{t('baseAdjust.refresh')}</button>
      </div>
      <Show when={started()}><p class="notice" role="status" data-testid="base-adjust-started">{t('baseAdjust.start.started')}</p></Show>
      <Show when={submission.error()}>{(message) => <ErrorNotice message={generalMessage(message(), submission.fields())} testId="base-adjust-start-error" />}</Show>
    </form>
  );
}

/** The bureau filings of an applied adjustment's lines, counted; undefined when none went through the interface. */
function filingCounts(lines: readonly BaseAdjustmentLine[]) {
  const filed = lines.filter((l) => l.filing !== null);
  if (!filed.length) return undefined;
  const count = (status: string) => filed.filter((l) => l.filing!.status === status).length;
  return { via: filed.length, confirmed: count('confirmed'), rejected: count('rejected'), pending: count('submitted') + count('not_filed') };
}

/** A line's bureau filing in words; lines with no new base are not filed at all. */
function filingText(l: BaseAdjustmentLine): string {
  if (l.newBaseFen === null) return t('baseAdjust.none');
  const f = l.filing;
  if (f === null) return t('baseAdjust.filing.byHand');
  if (f.heldBack) return t('baseAdjust.filing.heldBack', { from: f.fromMonth ?? '' });
  if (f.status === 'confirmed') return t('baseAdjust.filing.confirmed', { receipt: f.receiptNo ?? '', from: f.fromMonth ?? '' });
  if (f.status === 'rejected') return t('baseAdjust.filing.rejected', { reason: f.rejection?.message ?? '' });
  return t(`baseAdjust.filing.${f.status}`);
}

export function BaseAdjustmentPage() {
  const tenant = useTenant();
  const params = useParams<{ id: string }>();
  usePageTitle(() => t('baseAdjust.title'));
  const allowed = () => canManagePeople(tenant.role());
  const detail = createLoaded(() => (allowed() ? detailQuery(tenant.slug(), params.id, lang()) : undefined));
  const decision = createSubmission();
  const [reason, setReason] = createSignal('');
  const [done, setDone] = createSignal<string>();
  const after = (message: string) => {
    setDone(message);
    setTimeout(() => { void reload(detailQuery); void reload(listQuery); }, 1500);
  };
  async function confirm(): Promise<void> {
    if (await decision.run(() => confirmBaseAdjustment(tenant.slug(), params.id))) after(t('baseAdjust.confirmed'));
  }
  async function cancel(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (await decision.run(() => cancelBaseAdjustment(tenant.slug(), params.id, reason().trim()))) after(t('baseAdjust.cancelled'));
  }
  return (
    <section data-testid="base-adjustment-page">
      <p><A href={`/t/${encodeURIComponent(tenant.slug())}/base-adjustments`}>{t('baseAdjust.back')}</A></p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <Switch fallback={<Loading />}>
          <Match when={detail.error() && !detail.value()}>
            <ErrorNotice title={t('baseAdjust.loadFailed')} message={errorMessage(detail.error())} onRetry={() => void reload(detailQuery)} testId="base-adjustment-error" />
          </Match>
          <Match when={detail.value()}>
            {(a) => (
              <>
                <h1 data-testid="page-title">{t('baseAdjust.detail.title', { city: tenant.cityLabel(a().cityCode), year: String(a().policyYear) })}</h1>
                <p data-testid="base-adjustment-state" data-state={a().state}>
                  <span class="badge">{t(`baseAdjust.state.${a().state}`)}</span>{' '}
                  {t('baseAdjust.detail.summary', { from: a().effectiveMonth, changes: String(a().changes), employees: String(a().employees), employer: signed(a().employerChangeFen), employee: signed(a().employeeChangeFen) })}
                </p>
                <Show when={a().state === 'preview' && a().lockedMonths.length > 0}>
                  <p class="notice" data-testid="base-adjustment-locked">{t('baseAdjust.detail.locked', { months: a().lockedMonths.join(lang() === 'en' ? ', ' : '、') })}</p>
                </Show>
                <Show when={a().state === 'applied'}>
                  <p data-testid="base-adjustment-top-ups">{t('baseAdjust.detail.topUps', { count: String(a().topUpLines) })}</p>
                  <Show when={filingCounts(a().lines)}>
                    {(c) => <p data-testid="base-adjustment-filing">{t('baseAdjust.detail.filing', { via: String(c().via), confirmed: String(c().confirmed), rejected: String(c().rejected), pending: String(c().pending) })}</p>}
                  </Show>
                  <p>
                    <a class="button button-secondary button-small" data-testid="base-adjustment-sheet" href={baseChangeSheetHref(tenant.slug(), a().id)} download="">
                      {t('baseAdjust.sheet')}
                    </a>{' '}
                    {t('baseAdjust.sheetHint')}
                  </p>
                </Show>
                <Show when={a().state === 'cancelled'}><p>{t('baseAdjust.detail.cancelled', { reason: a().cancelReason ?? '' })}</p></Show>
                <ResourceTable
                  testId="base-adjustment-lines"
                  rowTestId="base-adjustment-line"
                  rows={a().lines}
                  empty={t('baseAdjust.empty')}
                  rowAttributes={(l: BaseAdjustmentLine) => ({ 'data-employee': l.employeeId, 'data-reason': l.reason })}
                  columns={[
                    { header: t('baseAdjust.line.name'), rowHeader: true, cell: (l) => l.personName },
                    { header: t('baseAdjust.line.old'), class: 'num', cell: (l) => fen(l.oldBaseFen) },
                    { header: t('baseAdjust.line.new'), class: 'num', cell: (l) => fen(l.newBaseFen) },
                    { header: t('baseAdjust.line.average'), class: 'num', cell: (l) => fen(l.averageWageFen) },
                    { header: t('baseAdjust.line.reason'), cell: (l) => t(`baseAdjust.reason.${l.reason}`) },
                    { header: t('baseAdjust.line.employer'), class: 'num', cell: (l) => signed(l.employerChangeFen) },
                    { header: t('baseAdjust.line.employee'), class: 'num', cell: (l) => signed(l.employeeChangeFen) },
                    ...(a().state === 'applied' ? [{ header: t('baseAdjust.line.filing'), cell: (l: BaseAdjustmentLine) => filingText(l) }] : []),
                  ]}
                />
                <Show when={a().state === 'preview' && !done()}>
                  <div class="form-actions">
                    <button type="button" class="button button-primary" data-testid="base-adjustment-confirm" disabled={decision.busy()} onClick={() => void confirm()}>{t('baseAdjust.confirm')}</button>
                  </div>
                  <form class="card" novalidate data-testid="base-adjustment-cancel" onSubmit={(e) => void cancel(e)}>
                    <Field for="base-adjust-reason" label={t('baseAdjust.cancelReason')} error={decision.fieldError('reason')} testId="base-adjust-reason">
                      <input id="base-adjust-reason" data-testid="base-adjust-reason" value={reason()} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} {...fieldAria('base-adjust-reason', decision.fieldError('reason'))} />
                    </Field>
                    <button type="submit" class="button" data-testid="base-adjustment-cancel-submit" disabled={decision.busy()}>{t('baseAdjust.cancel')}</button>
                  </form>
                </Show>
                <Show when={done()}>{(m) => <p class="notice" role="status" data-testid="base-adjustment-done">{m()}</p>}</Show>
                <Show when={decision.error()}>{(message) => <ErrorNotice message={generalMessage(message(), decision.fields())} testId="base-adjustment-decision-error" />}</Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
