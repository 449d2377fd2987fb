import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { errorMessage } from '../../api';
import { Field, fieldAria, generalMessage } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { createSubmission } from '../../components/submission';
import { createLoaded, query, reload } from '../../data';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { currentMonth } from '../../money-format';
import { listEntities } from '../people/people.api';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { canManagePeople } from '../tenant/tenant-nav';
import { listCloses, openClose, type MonthClose } from './close.api';
import { stageOf } from './close-figures';

/** `/t/:slug/close` (HR, tenant admins): every month's close per entity and city, and starting one. */
const closesQuery = query((slug: string, _lang: string) => listCloses(slug), 'close.list');
const entitiesQuery = query((slug: string) => listEntities(slug), 'close.entities');

export function closeHref(slug: string, m: { entityId: string; cityCode: string; month: string }): string {
  return `/t/${encodeURIComponent(slug)}/close/${encodeURIComponent(m.entityId)}/${encodeURIComponent(m.cityCode)}/${encodeURIComponent(m.month)}`;
}

export function ClosesPage() {
  const tenant = useTenant();
  usePageTitle(() => t('close.title'));
  const allowed = () => canManagePeople(tenant.role());
  const closes = createLoaded(() => (allowed() ? closesQuery(tenant.slug(), lang()) : undefined));
  const entities = createLoaded(() => (allowed() ? entitiesQuery(tenant.slug()) : undefined));
  const entityName = (id: string) => entities.value()?.items.find((e) => e.id === id)?.name ?? id;

  return (
    <section data-testid="closes-page">
      <h1 data-testid="page-title">{t('close.title')}</h1>
      <p class="lead">{t('close.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <OpenCloseForm entities={entities.value()?.items ?? []} />
        <Switch fallback={<Loading />}>
          <Match when={closes.error() && !closes.value()}>
            <ErrorNotice title={t('close.loadFailed')} message={errorMessage(closes.error())} onRetry={() => void reload(closesQuery)} testId="closes-error" />
          </Match>
          <Match when={closes.value()}>
            {(data) => (
              <ResourceTable
                testId="closes-table"
                rowTestId="close-row"
                rows={data().items}
                empty={t('close.empty')}
                rowAttributes={(m: MonthClose) => ({ 'data-month': m.month, 'data-city': m.cityCode, 'data-state': m.state })}
                columns={[
                  { header: t('close.col.month'), rowHeader: true, cell: (m) => <A href={closeHref(tenant.slug(), m)} data-testid="close-link">{m.month}</A> },
                  { header: t('close.col.city'), cell: (m) => tenant.cityLabel(m.cityCode) },
                  { header: t('close.col.entity'), cell: (m) => entityName(m.entityId) },
                  {
                    header: t('close.col.state'),
                    cell: (m) => <span class={`badge${m.state === 'locked' ? ' badge-success' : stageOf(m) === 'differences_open' ? ' badge-warning' : ''}`}>{t(`close.stage.${stageOf(m)}`)}</span>,
                  },
                  { header: t('close.col.bill'), class: 'num', cell: (m) => (m.hasBill ? m.billLines : t('close.summary.noBill')) },
                  { header: t('close.col.deductions'), class: 'num', cell: (m) => m.deductions },
                  { header: t('close.col.differences'), class: 'num', cell: (m) => `${m.openDifferences} / ${m.differences}` },
                ]}
              />
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

/** Entity, city and month; opening is idempotent, so an existing month simply opens. */
function OpenCloseForm(props: { entities: readonly { id: string; name: string; registrations: readonly { cityCode: string }[] }[] }) {
  const tenant = useTenant();
  const navigate = useNavigate();
  const submission = createSubmission();
  const [entityId, setEntityId] = createSignal('');
  const [city, setCity] = createSignal('');
  const [month, setMonth] = createSignal(currentMonth());
  // The entity's registered cities when it has some, else the tenant's cities.
  const cities = () => {
    const entity = props.entities.find((e) => e.id === entityId());
    const registered = entity ? tenant.cities().filter((c) => entity.registrations.some((r) => r.cityCode === c.code)) : [];
    return registered.length ? registered : tenant.cities();
  };
  createEffect(() => {
    if (!props.entities.some((e) => e.id === entityId()) && props.entities[0]) setEntityId(props.entities[0].id);
  });
  createEffect(() => {
    if (!cities().some((c) => c.code === city()) && cities()[0]) setCity(cities()[0]!.code);
  });
  const err = (name: string) => submission.fieldError(name);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const opened = await submission.run(() => openClose(tenant.slug(), { entityId: entityId(), city: city(), month: month().trim() }));
    if (opened) {
      void reload(closesQuery);
      navigate(closeHref(tenant.slug(), opened));
    }
  }

  return (
    <form class="card filter-bar" novalidate data-testid="close-open-form" aria-label={t('close.open.title')} onSubmit={(e) => void submit(e)}>
      <Show when={props.entities.length > 1}>
        <Field for="close-open-entity" label={t('close.open.entity')} error={err('entityId')} testId="close-open-entity">
          <select id="close-open-entity" data-testid="close-open-entity" value={entityId()} onChange={(e) => setEntityId(e.currentTarget.value)} {...fieldAria('close-open-entity', err('entityId'))}>
            <For each={props.entities}>{(e) => <option value={e.id} selected={e.id === entityId()}>{e.name}</option>}</For>
          </select>
        </Field>
      </Show>
      <Field for="close-open-city" label={t('close.open.city')} error={err('city')} testId="close-open-city">
        <select id="close-open-city" data-testid="close-open-city" value={city()} onChange={(e) => setCity(e.currentTarget.value)} {...fieldAria('close-open-city', err('city'))}>
          <For each={cities()}>{(c) => <option value={c.code} selected={c.code === city()}>{tenant.cityLabel(c.code)} ({c.code})</option>}</For>
        </select>
      </Field>
      <Field for="close-open-month" label={t('close.open.month')} error={err('month')} testId="close-open-month">
        <input id="close-open-month" data-testid="close-open-month" type="month" value={month()} onInput={(e) => setMonth(e.currentTarget.value)} {...fieldAria('close-open-month', err('month'))} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="close-open-submit" disabled={submission.busy() || !entityId()}>
          {t('close.open.submit')}
        </button>
      </div>
      <Show when={submission.error()}>
        {(message) => <ErrorNotice message={generalMessage(message(), submission.fields())} testId="close-open-error" />}
      </Show>
    </form>
  );
}
