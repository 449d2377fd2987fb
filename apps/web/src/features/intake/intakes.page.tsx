import { createSignal, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createLoaded, query, reload } from '../../data';
import { ApiError, errorMessage } from '../../api';
import { Field, fieldAria } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { ResourceTable } from '../../components/resource-table';
import { usePageTitle } from '../../document-title';
import { t, type PlainMessageKey } from '../../i18n';
import { useTenant } from '../tenant/tenant-layout';
import { WorkCitySelect } from '../people/work-city-select';
import { createIntake, listIntakes } from './intake.api';
import './intake.css';

/** `/t/:slug/intakes` (HR, tenant admins): send an onboarding link from an offer; the intakes and their state. */
const intakesQuery = query((slug: string) => listIntakes(slug), 'intakes.list');

export function IntakesPage() {
  const params = useParams<{ slug: string }>();
  usePageTitle(() => t('intakes.title'));
  const tenant = useTenant();
  const list = createLoaded(() => intakesQuery(params.slug));
  const [v, setV] = createSignal<Record<string, string>>({ delivery: 'sms', cityCode: tenant.cities()[0]?.code ?? '' });
  const [fields, setFields] = createSignal<Readonly<Record<string, string>>>({});
  const [error, setError] = createSignal<string>();
  const [link, setLink] = createSignal<{ url: string; sms: boolean }>();
  const set = (name: string, value: string) => setV((x) => ({ ...x, [name]: value }));
  const input = (name: string, label: PlainMessageKey, type = 'text') => (
    <Field for={`offer-${name}`} label={t(label)} error={fields()[name]} testId={`offer-${name}`}>
      <input id={`offer-${name}`} data-testid={`offer-${name}`} type={type} value={v()[name] ?? ''} onInput={(e) => set(name, e.currentTarget.value)} {...fieldAria(`offer-${name}`, fields()[name])} />
    </Field>
  );

  async function onCreate(event: SubmitEvent) {
    event.preventDefault();
    setFields({});
    setError(undefined);
    setLink(undefined);
    const x = v();
    try {
      const created = await createIntake(params.slug, {
        name: x.name ?? '', mobile: x.mobile ?? '', cityCode: x.cityCode ?? '', startDate: x.startDate ?? '', monthlyWage: x.monthlyWage ?? '',
        delivery: x.delivery === 'copy' ? 'copy' : 'sms',
      });
      setLink({ url: `${location.origin}${created.linkPath ?? ''}`, sms: x.delivery !== 'copy' });
      await reload(intakesQuery);
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fields).length) setFields(caught.fields);
      else setError(errorMessage(caught));
    }
  }

  return (
    <section data-testid="intakes-page">
      <h1 data-testid="page-title">{t('intakes.title')}</h1>
      <p>{t('intakes.intro')}</p>
      <form class="card card-form" data-testid="offer-form" novalidate onSubmit={(e) => void onCreate(e)}>
        <h2>{t('intakes.new')}</h2>
        <Show when={error()}>{(m) => <ErrorNotice message={m()} testId="offer-error" />}</Show>
        {input('name', 'intakes.name')}
        {input('mobile', 'intakes.mobile', 'tel')}
        <WorkCitySelect id="offer-cityCode" label={t('intakes.city')} error={fields().cityCode} cities={tenant.cities()} value={v().cityCode ?? ''} onChange={(code) => set('cityCode', code)} />
        {input('startDate', 'intakes.startDate', 'date')}
        {input('monthlyWage', 'intakes.wage')}
        <Field for="offer-delivery" label={t('intakes.delivery')} testId="offer-delivery">
          <select id="offer-delivery" data-testid="offer-delivery" value={v().delivery} onChange={(e) => set('delivery', e.currentTarget.value)}>
            <option value="sms">{t('intakes.delivery.sms')}</option>
            <option value="copy">{t('intakes.delivery.copy')}</option>
          </select>
        </Field>
        <button type="submit" class="primary" data-testid="offer-submit">{t('intakes.create')}</button>
        <Show when={link()}>
          {(l) => (
            <p class="notice notice-info intake-link" data-testid="offer-link">
              {l().sms ? t('intakes.smsSent') : t('intakes.link')} <a href={l().url} data-testid="offer-link-url">{l().url}</a>
            </p>
          )}
        </Show>
      </form>
      <Show when={list.error()}><ErrorNotice message={t("intakes.loadFailed")} testId="intakes-error" /></Show>
      <Show when={list.value()} fallback={<Show when={!list.error()}><Loading /></Show>}>
        {(page) => (
          <ResourceTable
            testId="intakes-table"
            rowTestId="intakes-row"
            rows={page().items}
            empty={t('intakes.empty')}
            emptyTestId="intakes-empty"
            columns={[
              { header: t('intakes.col.name'), rowHeader: true, cell: (i) => <A href={`/t/${params.slug}/intakes/${i.id}`}>{i.name}</A> },
              { header: t('intakes.col.state'), cell: (i) => t(`intakes.state.${i.state}` as PlainMessageKey), cellAttributes: () => ({ 'data-testid': 'intakes-state' }) },
              { header: t('intakes.col.start'), cell: (i) => i.startDate },
              { header: t('intakes.col.city'), cell: (i) => tenant.cityLabel(i.cityCode) },
            ]}
          />
        )}
      </Show>
    </section>
  );
}
