import { createSignal, For, lazy, Show, Suspense } from 'solid-js';
import { A } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { SourceLinks } from '../policies/policy-figure';
import { Field, fieldAria } from '../../components/form-field';
import { ErrorNotice } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { createLoaded, query } from '../../data';
import { formatList, lang, t } from '../../i18n';
import { currentMonth, formatPercent, formatYuan } from '../../money-format';
import { rateForApi } from '../../rate-input';
import {
  getPolicy,
  listPolicies,
  policyYearOf,
  quoteContributions,
  type Hukou,
  type Insurance,
  type PolicyCity,
  type Quote,
  type QuoteRequest,
} from '../policies/policies.api';
import { cityName } from '../policies/policies.page';

// chart.js is most of the calculator's weight: load it (as a same-origin chunk) only when a quote is shown.
const ContributionChart = lazy(() => import('./contribution-chart').then((m) => ({ default: m.ContributionChart })));

type FieldName = 'city' | 'month' | 'wage' | 'hukou' | 'injuryRate' | 'housingFundRate';

/** Fixed amounts (yuan) per insurance and side, read from the record a quote used. */
type FixedAmounts = Partial<Record<Insurance, { employer?: string; employee?: string }>>;

const citiesQuery = query(async (_lang: string) => (await listPolicies()).items.map((i) => i.city), 'calculator.cities');

/** `/calculator`: wage in, per-insurance breakdown, totals, warnings, sources and a chart out. */
export function CalculatorPage() {
  usePageTitle(() => t('calc.title'));
  const cities = createLoaded(() => citiesQuery(lang()));

  const [city, setCity] = createSignal('110100');
  const [month, setMonth] = createSignal(currentMonth());
  const [wage, setWage] = createSignal('');
  const [hukou, setHukou] = createSignal<Hukou>('local');
  const [injuryRate, setInjuryRate] = createSignal('');
  const [housingFundRate, setHousingFundRate] = createSignal('');

  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [fieldErrors, setFieldErrors] = createSignal<Readonly<Record<string, string>>>({});
  const [quote, setQuote] = createSignal<{ quote: Quote; city: PolicyCity | undefined; fixed: FixedAmounts }>();

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    // Empty optional fields are left out: the API then applies the city's defaults.
    const body: QuoteRequest = { city: city(), month: month().trim(), wage: wage().trim(), hukou: hukou() };
    // A rate is typed as people write it (12%, 12 or 0.12): see rateForApi.
    const injury = rateForApi(injuryRate());
    const housingFund = rateForApi(housingFundRate());
    if (injury !== undefined) body.injuryRate = injury;
    if (housingFund !== undefined) body.housingFundRate = housingFund;
    try {
      const result = await quoteContributions(body);
      setQuote({ quote: result, city: cities.value()?.find((c) => c.code === result.city), fixed: await fixedAmounts(result) });
    } catch (caught) {
      setQuote(undefined);
      setError(errorMessage(caught));
      setFieldErrors(caught instanceof ApiError ? caught.fields : {});
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: FieldName) => fieldErrors()[name];

  return (
    <section class="page">
      <h1 data-testid="page-title">{t('calc.title')}</h1>
      <p class="lead">{t('calc.intro')}</p>

      <form class="card card-form calc-form" novalidate onSubmit={(event) => void onSubmit(event)}>
        <Field for="calc-city" label={t('calc.city')} error={fieldError('city')} testId="calc-city">
          <select id="calc-city" data-testid="calc-city" value={city()} onChange={(event) => setCity(event.currentTarget.value)} {...fieldAria('calc-city', fieldError('city'))}>
            <Show when={cities.value()} fallback={<option value={city()}>{city()}</option>}>
              {(list) => (
                <For each={list()}>
                  {(c) => (
                    <option value={c.code} selected={c.code === city()}>
                      {cityName(c)} ({c.code})
                    </option>
                  )}
                </For>
              )}
            </Show>
          </select>
          <Show when={cities.error()}>
            <p class="field-error">
              {t('calc.citiesFailed')}: {errorMessage(cities.error())}
            </p>
          </Show>
        </Field>

        <Field for="calc-month" label={t('calc.month')} error={fieldError('month')} testId="calc-month">
          <input id="calc-month" data-testid="calc-month" type="month" value={month()} onInput={(event) => setMonth(event.currentTarget.value)} {...fieldAria('calc-month', fieldError('month'))} />
        </Field>

        <Field for="calc-wage" label={t('calc.wage')} error={fieldError('wage')} testId="calc-wage">
          <input
            id="calc-wage"
            data-testid="calc-wage"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            value={wage()}
            onInput={(event) => setWage(event.currentTarget.value)}
            {...fieldAria('calc-wage', fieldError('wage'))}
          />
        </Field>

        <Field for="calc-hukou" label={t('calc.hukou')} error={fieldError('hukou')} testId="calc-hukou">
          <select id="calc-hukou" data-testid="calc-hukou" value={hukou()} onChange={(event) => setHukou(event.currentTarget.value as Hukou)} {...fieldAria('calc-hukou', fieldError('hukou'))}>
            <option value="local">{t('calc.hukouLocal')}</option>
            <option value="non-local">{t('calc.hukouNonLocal')}</option>
          </select>
        </Field>

        <Field for="calc-injury-rate" label={t('calc.injuryRate')} hint={t('calc.injuryRateHint')} error={fieldError('injuryRate')} testId="calc-injury-rate">
          <input
            id="calc-injury-rate"
            data-testid="calc-injury-rate"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            placeholder="0.4%"
            value={injuryRate()}
            onInput={(event) => setInjuryRate(event.currentTarget.value)}
            {...fieldAria('calc-injury-rate', fieldError('injuryRate'), true)}
          />
        </Field>

        <Field for="calc-housing-fund-rate" label={t('calc.housingFundRate')} hint={t('calc.housingFundRateHint')} error={fieldError('housingFundRate')} testId="calc-housing-fund-rate">
          <input
            id="calc-housing-fund-rate"
            data-testid="calc-housing-fund-rate"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            placeholder="12%"
            value={housingFundRate()}
            onInput={(event) => setHousingFundRate(event.currentTarget.value)}
            {...fieldAria('calc-housing-fund-rate', fieldError('housingFundRate'), true)}
          />
        </Field>

        <div class="calc-actions">
          <button type="submit" class="button button-primary" data-testid="calc-submit" disabled={busy()}>
            {busy() ? t('calc.submitting') : t('calc.submit')}
          </button>
        </div>
      </form>

      <Show when={error()}>{(message) => <ErrorNotice title={t('calc.failed')} message={message()} testId="calc-error" />}</Show>

      <Show when={quote()}>{(q) => <QuoteResult quote={q().quote} city={q().city} fixed={q().fixed} />}</Show>
    </section>
  );
}

/** Reads the fixed amounts of the record a quote used; the quote folds them into the side's amount. */
async function fixedAmounts(q: Quote): Promise<FixedAmounts> {
  const year = policyYearOf(q.policyId);
  if (year === null) return {};
  try {
    const record = await getPolicy(q.city, year);
    if (record.id !== q.policyId) return {};
    const out: FixedAmounts = {};
    for (const ins of record.insurances) {
      const employer = ins.employer?.fixed?.status === 'given' ? ins.employer.fixed.value : null;
      const employee = ins.employee?.fixed?.status === 'given' ? ins.employee.fixed.value : null;
      if (employer || employee) out[ins.insurance] = { ...(employer ? { employer } : {}), ...(employee ? { employee } : {}) };
    }
    return out;
  } catch {
    // Only an annotation: the quote stands without it.
    return {};
  }
}

/** The missing insurances grouped by the policy year that lacks them (null: no record covers the month). */
function missingByYear(missing: Quote['missing']): { year: number | null; insurances: Insurance[] }[] {
  const out: { year: number | null; insurances: Insurance[] }[] = [];
  for (const m of missing) {
    const group = out.find((g) => g.year === m.policyYear);
    if (group) group.insurances.push(m.insurance);
    else out.push({ year: m.policyYear, insurances: [m.insurance] });
  }
  return out;
}

function QuoteResult(props: { quote: Quote; city: PolicyCity | undefined; fixed: FixedAmounts }) {
  const q = () => props.quote;
  const sources = () => new Map(q().sources.map((s) => [s.id, s]));
  const year = () => policyYearOf(q().policyId);
  // What is missing is said once, plainly, above (the engine's own notes name record fields).
  const warnings = () => q().warnings.filter((w) => w.code !== 'incomplete' && w.code !== 'figure_not_found');
  const fixedNote = (ins: Insurance, side: 'employer' | 'employee') => {
    const amount = props.fixed[ins]?.[side];
    return amount ? t('calc.fixedIncluded', { amount: formatYuan(amount) }) : undefined;
  };

  return (
    <div class="calc-result" data-testid="calc-result" data-policy-id={q().policyId}>
      <h2>
        {t('calc.resultTitle', { city: props.city ? cityName(props.city) : q().city, month: q().month })}{' '}
        <Show when={q().provisional}>
          <span class="badge badge-warning" data-testid="calc-provisional" title={t('calc.provisionalTitle')}>
            {t('calc.provisional')}
          </span>
        </Show>
      </h2>
      <p class="hint">
        <Show when={year()} fallback={t('calc.policy', { policyId: q().policyId })}>
          {(y) => (
            <A href={`/policies?city=${encodeURIComponent(q().city)}&year=${y()}`}>{t('calc.policy', { policyId: q().policyId })}</A>
          )}
        </Show>
      </p>

      {/* What could not be priced, named: never a 0.00 that looks like a result. */}
      <Show when={q().missing.length > 0}>
        <div class="notice notice-error" role="status" data-testid="calc-missing" data-complete={q().complete ? 'true' : 'false'}>
          <p class="notice-title">{q().lines.length > 0 ? t('calc.partlyUnavailable') : t('calc.unavailable')}</p>
          <ul>
            <For each={missingByYear(q().missing)}>
              {(m) => (
                <li>
                  {t('calc.missingData', {
                    city: props.city ? cityName(props.city) : q().city,
                    year: m.year === null ? q().month : String(m.year),
                    insurances: formatList(m.insurances.map((i) => t(`insurance.${i}`))),
                  })}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>

      <Show when={warnings().length > 0}>
        <div class="notice notice-warning" data-testid="calc-warnings">
          <p class="notice-title">{t('calc.warnings')}</p>
          <ul>
            <For each={warnings()}>{(w) => <li data-code={w.code}>{w.message}</li>}</For>
          </ul>
        </div>
      </Show>

      <div class="card table-scroll">
        {/* On a phone each row becomes a card whose values carry their column's label (data-label). */}
        <table class="table calc-table resource-table">
          <caption class="visually-hidden">{t('calc.resultTitle', { city: props.city ? cityName(props.city) : q().city, month: q().month })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calc.col.insurance')}</th>
              <th scope="col" class="num">{t('calc.col.base')}</th>
              <th scope="col" class="num">{t('calc.col.employerRate')}</th>
              <th scope="col" class="num">{t('calc.col.employer')}</th>
              <th scope="col" class="num">{t('calc.col.employeeRate')}</th>
              <th scope="col" class="num">{t('calc.col.employee')}</th>
            </tr>
          </thead>
          <tbody>
            <Show when={q().lines.length > 0} fallback={<tr><td colspan="6" class="empty" data-testid="calc-no-lines">{t('calc.unavailable')}</td></tr>}>
              <For each={q().lines}>
                {(line) => (
                  <tr data-insurance={line.insurance}>
                    <th scope="row" class="cell-strong" data-label={t('calc.col.insurance')}>
                      {t(`insurance.${line.insurance}`)}
                    </th>
                    <td class="num" data-label={t('calc.col.base')}>{formatYuan(line.base)}</td>
                    <td class="num" data-label={t('calc.col.employerRate')}>{formatPercent(line.employerRate)}</td>
                    <td class="num" data-label={t('calc.col.employer')}>
                      {formatYuan(line.employer)}
                      <Show when={fixedNote(line.insurance, 'employer')}>{(note) => <span class="cell-sub">{note()}</span>}</Show>
                    </td>
                    <td class="num" data-label={t('calc.col.employeeRate')}>{formatPercent(line.employeeRate)}</td>
                    <td class="num" data-label={t('calc.col.employee')}>
                      {formatYuan(line.employee)}
                      <Show when={fixedNote(line.insurance, 'employee')}>{(note) => <span class="cell-sub">{note()}</span>}</Show>
                    </td>
                  </tr>
                )}
              </For>
            </Show>
          </tbody>
          {/* No total without the data behind it: none when nothing could be priced, a labelled subtotal when some insurance lacks figures. */}
          <Show when={q().lines.length > 0}>
          <tfoot>
            <tr data-complete={q().complete ? 'true' : 'false'}>
              <th scope="row">{q().complete ? t('calc.total') : t('calc.partialTotal')}</th>
              <td class="cell-blank" />
              <td class="cell-blank" />
              <td class="num cell-strong" data-testid="calc-total-employer" data-label={t('calc.col.employer')}>
                {formatYuan(q().totals.employer)}
              </td>
              <td class="cell-blank" />
              <td class="num cell-strong" data-testid="calc-total-employee" data-label={t('calc.col.employee')}>
                {formatYuan(q().totals.employee)}
              </td>
            </tr>
          </tfoot>
          </Show>
        </table>
      </div>

      <Show when={q().lines.length > 0}>
        <Suspense>
          <ContributionChart lines={q().lines} />
        </Suspense>
      </Show>

      <h3>{t('calc.sources')}</h3>
      <ol class="source-list" data-testid="calc-sources">
        <For each={q().sources}>
          {(s) => (
            <li id={`source-${s.id}`}>
              <SourceLinks ids={[s.id]} lookup={(id) => sources().get(id)} /> {s.title}
              <Show when={s.grade}>{(g) => <span class="badge badge-grade">{t('policies.sourceGrade', { grade: g() })}</span>}</Show>
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}
