import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { errorMessage } from '../../api';
import { FigureValue, Provenance, UnverifiedBadge, type SourceLookup } from './policy-figure';
import { PolicyRevisionForm } from './policy-revision-form';
import { ErrorNotice, LoadedView, Loading } from '../../components/status';
import { signedInMe, useSession } from '../../session';
import { usePageTitle } from '../../document-title';
import { formatDateTime, lang, t } from '../../i18n';
import { getPolicy, listPolicies, yearNeedsCheck, type PolicyCity, type PolicyList, type PolicyRecord } from './policies.api';
import { InsuranceRow } from './policy-rates';
import { createLoaded, query, reload } from '../../data';
import { PolicyLegend } from './policy-legend';
import { currentMonth } from '../../money-format';

/** Whole months from the end of a carried-forward policy year to this month (its age). */
function carriedMonths(effectiveTo: string): number {
  const [y, m] = effectiveTo.slice(0, 7).split('-').map(Number) as [number, number];
  const [cy, cm] = currentMonth().split('-').map(Number) as [number, number];
  return Math.max(0, (cy - y) * 12 + cm - m);
}

const policiesQuery = query((_lang: string) => listPolicies(), 'policies.list');
const policyQuery = query((city: string, year: string, revision: string | undefined, _lang: string) => getPolicy(city, year, revision), 'policies.record');

export const cityName = (city: PolicyCity) => (lang() === 'en' ? city.nameEn : city.name);

const policyHref = (code: string, year: number, revision?: number) =>
  `/policies?city=${encodeURIComponent(code)}&year=${year}${revision === undefined ? '' : `&revision=${revision}`}`;

/** `/policies`: every city and policy year (left), one record with every figure's source (right). */
export function PoliciesPage() {
  const [search] = useSearchParams<{ city?: string; year?: string; revision?: string }>();
  const list = createLoaded(() => policiesQuery(lang()));
  const refetch = () => reload(policiesQuery);
  const session = useSession();
  const navigate = useNavigate();
  // Consultants (and platform admins) may file revisions; the API checks again.
  const canRevise = () => {
    const role = signedInMe(session.state())?.user.platformRole;
    return role === 'consultant' || role === 'platform_admin';
  };
  const [saved, setSaved] = createSignal<string | undefined>();

  // Without a choice in the address bar, show the first city's latest year.
  const selected = createMemo(() => {
    const city = typeof search.city === 'string' ? search.city : undefined;
    const year = typeof search.year === 'string' ? search.year : undefined;
    if (city && year) return { city, year, ...(typeof search.revision === 'string' ? { revision: search.revision } : {}) };
    const first = list.value()?.items[0];
    const latest = first?.years[first.years.length - 1];
    return first && latest ? { city: first.city.code, year: String(latest.year) } : undefined;
  });
  const record = createLoaded(() => {
    const s = selected();
    return s ? policyQuery(s.city, s.year, s.revision, lang()) : undefined;
  });

  const onSaved = (id: string) => {
    const r = record.value();
    setSaved(id);
    void reload(policiesQuery, policyQuery);
    if (r) navigate(policyHref(r.city.code, r.year));
  };

  usePageTitle(() => t('policies.title'));

  return (
    <section class="page">
      <h1 data-testid="page-title">{t('policies.title')}</h1>
      <p class="lead">{t('policies.intro')}</p>
      <PolicyLegend />
      <LoadedView
        failed={list.error()}
        failure={<ErrorNotice title={t('policies.loadFailed')} message={errorMessage(list.error())} onRetry={() => void refetch()} testId="policy-list-error" />}
        data={list.value()}
      >
        {(page) => (
          <div class="policy-layout">
            <CityList page={page()} selected={selected()} />
            <div class="policy-main">
              <Switch>
                <Match when={record.error()}>
                  <ErrorNotice
                    title={t('policies.recordFailed')}
                    message={errorMessage(record.error())}
                    onRetry={() => void reload(policyQuery)}
                    testId="policy-detail-error"
                  />
                </Match>
                <Match when={record.value()}>
                  {(r) => (
                    <>
                      <Show when={saved() && saved() === r().id}>
                        <div class="notice notice-success" role="status" data-testid="policy-revise-saved">
                          <p class="notice-message">{t('revise.saved', { id: r().id })}</p>
                        </div>
                      </Show>
                      <PolicyDetail record={r()} busy={record.pending()} />
                      <Show when={canRevise() && r().effective}>
                        <PolicyRevisionForm record={r()} onSaved={onSaved} />
                      </Show>
                    </>
                  )}
                </Match>
                <Match when={!selected()}>
                  <p class="empty card">{t('policies.choose')}</p>
                </Match>
                <Match when={true}>
                  <Loading />
                </Match>
              </Switch>
            </div>
          </div>
        )}
      </LoadedView>
    </section>
  );
}

function CityList(props: { page: PolicyList; selected: { city: string; year: string } | undefined }) {
  return (
    <nav class="policy-list card" data-testid="policy-list" aria-label={t('policies.listLabel')}>
      <ul>
        <For each={props.page.items}>
          {(item) => (
            <li class="policy-city" data-city={item.city.code}>
              <span class="policy-city-name">{cityName(item.city)}</span> <code class="muted">{item.city.code}</code>
              <ul class="policy-years">
                <For each={[...item.years].reverse()}>
                  {(y) => (
                    <li>
                      <A
                        href={policyHref(item.city.code, y.year)}
                        class="policy-year"
                        classList={{ selected: props.selected?.city === item.city.code && props.selected?.year === String(y.year) }}
                        aria-current={props.selected?.city === item.city.code && props.selected?.year === String(y.year) ? 'page' : undefined}
                        data-testid="policy-year"
                        data-policy-id={y.policyId}
                      >
                        <span>{t('policies.yearLabel', { year: y.year })}</span>
                        <span class="policy-year-meta">
                          <Show when={y.lowestGrade}>
                            {(g) => <span class="badge badge-grade" title={t('figure.gradeTitle', { grade: g() })}>{g()}</span>}
                          </Show>
                          <Show when={y.carriedForward}>
                            <span class="badge badge-accent">{t('policies.latest')}</span>
                          </Show>
                          <Show when={yearNeedsCheck(y)}>
                            <UnverifiedBadge />
                          </Show>
                        </span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}

function PolicyDetail(props: { record: PolicyRecord; busy: boolean }) {
  const sources = createMemo(() => new Map(props.record.sources.map((s) => [s.id, s])));
  const lookup: SourceLookup = (id) => sources().get(id);
  const r = () => props.record;
  const housingRules = () => r().insurances.find((i) => i.insurance === 'housingFund')?.rules ?? null;

  return (
    <article class="policy-detail" data-testid="policy-detail" data-policy-id={r().id} aria-busy={props.busy}>
      <h2 class="policy-heading">{t('policies.heading', { city: cityName(r().city), year: r().year })}</h2>
      <dl class="facts card">
        <div>
          <dt>{t('policies.policyId')}</dt>
          <dd>
            <code>{r().id}</code>
          </dd>
        </div>
        <div>
          <dt>{t('policies.effective')}</dt>
          <dd>{t('policies.period', { from: r().effectiveFrom, to: r().effectiveTo })}</dd>
        </div>
        <div>
          <dt>{t('policies.cutOffDay')}</dt>
          <dd>
            <Show when={r().cutOffDay.status === 'given'} fallback={<span class="figure-missing">{t('policies.cutOffDayNone')}</span>}>
              <FigureValue figure={r().cutOffDay} lookup={lookup} />
            </Show>
          </dd>
        </div>
      </dl>

      <Show when={!r().effective}>
        <div class="notice notice-warning" data-testid="policy-superseded">
          <p class="notice-message">{t('revisions.superseded', { id: r().id })}</p>
        </div>
      </Show>
      <Show when={r().revisions.length > 1}>
        <h3>{t('revisions.title')}</h3>
        <ol class="revision-list" data-testid="policy-revisions">
          <For each={r().revisions}>
            {(rev) => (
              <li data-policy-id={rev.id}>
                <A href={policyHref(r().city.code, r().year, rev.effective ? undefined : rev.revision)} aria-current={rev.id === r().id ? 'page' : undefined}>
                  <code>{rev.id}</code>
                </A>{' '}
                <Show when={rev.effective}>
                  <span class="badge badge-accent">{t('revisions.effective')}</span>
                </Show>{' '}
                <span class="muted">
                  {rev.shipped ? t('revisions.shipped') : rev.createdAt ? formatDateTime(rev.createdAt) : ''}
                </span>
                <Show when={rev.note}>{(note) => <span class="cell-sub">{note()}</span>}</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>

      <Show when={r().carriedForward}>
        <div class="notice notice-warning" data-testid="policy-provisional" data-months={carriedMonths(r().effectiveTo)}>
          <p class="notice-title">
            {t('policies.provisionalTitle')}
            <Show when={carriedMonths(r().effectiveTo) > 0}>
              {' · '}
              <span data-testid="policy-provisional-age">{t('policies.provisionalAge', { months: carriedMonths(r().effectiveTo) })}</span>
            </Show>
          </p>
          <p class="notice-message">{t('policies.provisionalBody', { city: cityName(r().city), to: r().effectiveTo })}</p>
        </div>
      </Show>
      <Show when={yearNeedsCheck(r())}>
        <div class="notice notice-warning">
          <p class="notice-message">{t('policies.needsCheck')}</p>
        </div>
      </Show>

      <div class="card table-scroll">
        <table class="table resource-table policy-table">
          <caption class="visually-hidden">{t('policies.heading', { city: cityName(r().city), year: r().year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policies.col.insurance')}</th>
              <th scope="col">{t('policies.col.floor')}</th>
              <th scope="col">{t('policies.col.cap')}</th>
              <th scope="col">{t('policies.col.employerRate')}</th>
              <th scope="col">{t('policies.col.employeeRate')}</th>
              <th scope="col">{t('policies.col.fixed')}</th>
              <th scope="col">{t('policies.col.rounding')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={r().insurances}>{(ins) => <InsuranceRow insurance={ins} lookup={lookup} />}</For>
          </tbody>
        </table>
      </div>

      <Show when={housingRules()}>
        {(rules) => (
          <ul class="rule-list">
            <Show when={rules().integerPercent?.value === 'true'}>
              <li>
                {t('policies.integerPercent')} <Provenance {...rules().integerPercent!} lookup={lookup} />
              </li>
            </Show>
            <Show when={rules().employeeNotBelowEmployer?.value === 'true'}>
              <li>
                {t('policies.employeeNotBelowEmployer')} <Provenance {...rules().employeeNotBelowEmployer!} lookup={lookup} />
              </li>
            </Show>
            <Show when={rules().note}>{(note) => <li class="muted">{note()}</li>}</Show>
          </ul>
        )}
      </Show>

      <Show when={r().notes.length > 0 || r().codeNote}>
        <h3>{t('policies.notes')}</h3>
        <ul class="note-list">
          <For each={r().notes}>{(note) => <li>{note}</li>}</For>
          <Show when={r().codeNote}>
            {(note) => (
              <li>
                {t('policies.codeNote')}: {note()}
              </li>
            )}
          </Show>
        </ul>
      </Show>

      <h3>{t('policies.sources')}</h3>
      <ol class="source-list" data-testid="policy-sources">
        <For each={r().sources}>
          {(s) => (
            <li id={`source-${s.id}`}>
              <code>{s.id}</code>{' '}
              <Show when={s.url} fallback={<span>{s.title}</span>}>
                {(url) => (
                  <a href={url()} target="_blank" rel="noopener noreferrer">
                    {s.title || url()}
                  </a>
                )}
              </Show>
              <Show when={s.grade}>{(g) => <span class="badge badge-grade">{t('policies.sourceGrade', { grade: g() })}</span>}</Show>
            </li>
          )}
        </For>
      </ol>
    </article>
  );
}

