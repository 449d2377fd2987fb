import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { useParams } from '@solidjs/router';
import { createLoaded, query } from '../../data';
import { ApiError, errorMessage } from '../../api';
import { Field, fieldAria } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { t, type PlainMessageKey } from '../../i18n';
import { formContext, submitForm, type IntakeAnswers, type IntakeGap } from './intake.api';
import './intake.css';

/** `/intake/:slug/:token` (public, no account): the candidate's 入职登记表 on a phone. */
const contextQuery = query((slug: string, token: string) => formContext(slug, token), 'intake.context');

type Values = Record<string, string>;
const CHOICES: Record<string, readonly string[]> = {
  idType: ['resident_id', 'hmt_residence_permit'],
  sex: ['male', 'female'],
  hukouType: ['local-urban', 'local-rural', 'non-local-urban', 'non-local-rural'],
  education: ['junior-high', 'high-school', 'vocational', 'associate', 'bachelor', 'master', 'doctorate'],
  maritalStatus: ['single', 'married', 'divorced', 'widowed'],
  firstInsured: ['yes', 'no'],
};

export function GapNotice(props: { gap: IntakeGap }) {
  return (
    <Show when={props.gap.gapMonths > 0} fallback={<p class="notice notice-info" data-testid="intake-no-gap">{t('intake.gap.none')}</p>}>
      <div class="notice notice-warning" role="alert" data-testid="intake-gap-warning">
        <p>{t('intake.gap.warning', { from: props.gap.gapFrom ?? '', to: props.gap.gapTo ?? '', months: props.gap.gapMonths })}</p>
        <Show when={!props.gap.costUnavailable} fallback={<p>{t('intake.gap.costUnavailable')}</p>}>
          <p data-testid="intake-gap-cost">
            {t('intake.gap.cost', { amount: props.gap.pensionShortfall ?? '', base: props.gap.pensionBase ?? '', rate: `${Number(props.gap.pensionEmployeeRate ?? 0) * 100}%`, months: props.gap.gapMonths })}
          </p>
        </Show>
      </div>
    </Show>
  );
}

export function IntakeFormPage() {
  const params = useParams<{ slug: string; token: string }>();
  usePageTitle(() => t('intake.title'));
  const context = createLoaded(() => contextQuery(params.slug, params.token));
  const [values, setValues] = createSignal<Values>({ idType: 'resident_id' });
  const [fields, setFields] = createSignal<Readonly<Record<string, string>>>({});
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [gap, setGap] = createSignal<IntakeGap>();
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const input = (name: string, label: PlainMessageKey, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <Field for={`intake-${name}`} label={t(label)} error={fields()[name]} hint={hint} testId={`intake-${name}`}>
      <input id={`intake-${name}`} data-testid={`intake-${name}`} value={values()[name] ?? ''} onInput={(e) => set(name, e.currentTarget.value)} {...extra} {...fieldAria(`intake-${name}`, fields()[name], Boolean(hint))} />
    </Field>
  );
  const select = (name: string, label: PlainMessageKey) => (
    <Field for={`intake-${name}`} label={t(label)} error={fields()[name]} testId={`intake-${name}`}>
      <select id={`intake-${name}`} data-testid={`intake-${name}`} value={values()[name] ?? ''} onChange={(e) => set(name, e.currentTarget.value)} {...fieldAria(`intake-${name}`, fields()[name])}>
        <option value="">{t('intake.choose')}</option>
        <For each={CHOICES[name]}>{(c) => <option value={c}>{t(`${label}.${c}` as PlainMessageKey)}</option>}</For>
      </select>
    </Field>
  );

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setFields({});
    const v = values();
    const first = v.firstInsured === 'yes';
    const body = {
      idType: v.idType, idNumber: v.idNumber ?? '', name: v.name ?? context.value()?.name ?? '', sex: v.sex, birthDate: v.birthDate ?? '',
      ethnicity: v.ethnicity ?? '', hukouType: v.hukouType, hukouAddress: v.hukouAddress ?? '', mobile: v.mobile ?? '', education: v.education,
      maritalStatus: v.maritalStatus, previousSiAccount: v.previousSiAccount || null, previousHfAccount: v.previousHfAccount || null,
      firstInsured: v.firstInsured === undefined || v.firstInsured === '' ? undefined : first, lastPaidMonth: first ? null : v.lastPaidMonth || null,
      bankName: v.bankName ?? '', bankCard: v.bankCard ?? '',
    } as unknown as IntakeAnswers;
    try {
      const done = await submitForm(params.slug, params.token, body);
      if (done.gap) setGap(done.gap);
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fields).length) setFields(caught.fields);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="intake-form narrow" data-testid="intake-form-page">
      <h1 data-testid="page-title">{t('intake.title')}</h1>
      <Switch fallback={<Loading label={t('intake.loading')} />}>
        <Match when={gap()}>
          {(g) => (
            <div class="card" data-testid="intake-done">
              <h2>{t('intake.done.title')}</h2>
              <GapNotice gap={g()} />
              <p>{t('intake.done.body')}</p>
            </div>
          )}
        </Match>
        <Match when={context.error()}>
          <ErrorNotice title={context.error() instanceof ApiError && (context.error() as ApiError).status === 410 ? t('intake.gone') : undefined} message={errorMessage(context.error())} testId="intake-invalid" />
        </Match>
        <Match when={context.value()}>
          {(c) => {
            if (values().name === undefined) setValues((v) => ({ ...v, name: c().name }));
            return (
              <form class="card card-form" data-testid="intake-form" novalidate onSubmit={(e) => void onSubmit(e)}>
                <p data-testid="intake-intro">{t('intake.intro', { tenant: c().tenantName, entity: c().entityName, date: c().startDate, city: c().cityName })}</p>
                <p class="hint">{t('intake.expires', { date: c().expiresAt.slice(0, 10) })}</p>
                <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="intake-error" />}</Show>
                <fieldset>
                  <legend>{t('intake.section.id')}</legend>
                  {select('idType', 'intake.idType')}
                  {input('idNumber', 'intake.idNumber', { autocomplete: 'off', inputmode: 'text' })}
                  {input('name', 'intake.name', { autocomplete: 'name' })}
                  {select('sex', 'intake.sex')}
                  {input('birthDate', 'intake.birthDate', { type: 'date' })}
                </fieldset>
                <fieldset>
                  <legend>{t('intake.section.hukou')}</legend>
                  {input('ethnicity', 'intake.ethnicity')}
                  {select('hukouType', 'intake.hukouType')}
                  {input('hukouAddress', 'intake.hukouAddress')}
                  {input('mobile', 'intake.mobile', { type: 'tel', autocomplete: 'tel', inputmode: 'numeric' })}
                  {select('education', 'intake.education')}
                  {select('maritalStatus', 'intake.maritalStatus')}
                </fieldset>
                <fieldset>
                  <legend>{t('intake.section.insurance')}</legend>
                  {select('firstInsured', 'intake.firstInsured')}
                  <Show when={values().firstInsured === 'no'}>
                    {input('lastPaidMonth', 'intake.lastPaidMonth', { type: 'month', placeholder: 'YYYY-MM' }, t('intake.lastPaidMonthHint'))}
                    {input('previousSiAccount', 'intake.previousSiAccount')}
                    {input('previousHfAccount', 'intake.previousHfAccount')}
                  </Show>
                </fieldset>
                <fieldset>
                  <legend>{t('intake.section.bank')}</legend>
                  {input('bankName', 'intake.bankName')}
                  {input('bankCard', 'intake.bankCard', { inputmode: 'numeric', autocomplete: 'off' })}
                </fieldset>
                <button type="submit" class="primary" data-testid="intake-submit" disabled={busy()}>{busy() ? t('intake.submitting') : t('intake.submit')}</button>
              </form>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
