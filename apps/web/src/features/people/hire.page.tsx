import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { errorMessage } from '../../api';
import { Field, fieldAria, SubmissionError, SubmitActions } from '../../components/form-field';
import { ErrorNotice } from '../../components/status';
import { createPreviewCommit } from '../../components/submission';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { businessToday } from '../../now';
import { hireEmployee, previewHire, type Employee, type HirePreview, type HireRequest, type Hukou } from './people.api';
import { CustomFieldInput, type FieldInputValue } from '../custom-fields/custom-field-input';
import { parseFieldInput, type CustomFieldValue } from '../custom-fields/custom-fields.api';
import { canManagePeople } from '../tenant/tenant-nav';
import { WorkCitySelect } from './work-city-select';
import { HirePreviewPanel } from './hire-preview';
import { createLoaded } from '../../data';
import { customFieldsQuery, entitiesQuery } from './people.queries';
import { createPluginSections, PluginSectionFields } from './plugin-sections';

const SHOWN_FIELDS = ['entityId', 'name', 'idNumber', 'mobile', 'hukou', 'workCity', 'hireDate', 'monthlyWage'];

/** `/t/:slug/employees/new`: HR hires; the API records the hire and starts the enrollment (增员). */
export function HirePage() {
  const tenant = useTenant();
  usePageTitle(() => t('hire.title'));
  return (
    <section data-testid="hire-page">
      <h1 data-testid="page-title">{t('hire.title')}</h1>
      <Show when={canManagePeople(tenant.role())} fallback={<RoleNotice />}>
        <HireForm />
      </Show>
    </section>
  );
}

function HireForm() {
  const tenant = useTenant();
  const navigate = useNavigate();
  const entities = createLoaded(() => entitiesQuery(tenant.slug(), lang()));
  const entitiesData = entities.value;

  const [entityId, setEntityId] = createSignal('');
  const [name, setName] = createSignal('');
  const [idNumber, setIdNumber] = createSignal('');
  const [mobile, setMobile] = createSignal('');
  const [hukou, setHukou] = createSignal<Hukou>('local');
  const [workCity, setWorkCity] = createSignal(tenant.cities()[0]?.code ?? '');
  const [hireDate, setHireDate] = createSignal(businessToday());
  const [monthlyWage, setMonthlyWage] = createSignal('');

  // The tenant's custom fields shown in the form (their settings say where each shows).
  const customFields = createLoaded(() => customFieldsQuery(tenant.slug(), lang()));
  const customFieldsData = customFields.value;
  const formFields = () => (customFieldsData()?.items ?? []).filter((f) => f.showIn.form);
  const [fieldValues, setFieldValues] = createSignal<Record<string, FieldInputValue>>({});
  // The enabled plugins' sections (shift, branch…): saved through each plugin once the hire is recorded.
  const pluginSections = createPluginSections(() => tenant.slug(), () => null);

  const entityList = () => entitiesData()?.items ?? [];
  // The entity select appears only when there is a choice; with one entity the API takes it.
  const chooseEntity = () => entityList().length > 1;
  createEffect(() => {
    const list = entityList();
    if (list.length > 1 && !list.some((e) => e.id === entityId())) setEntityId(list[0]!.id);
  });

  // The tenant's cities; where the chosen entity is registered in some of them, only those.
  const cities = createMemo(() => {
    const all = tenant.cities();
    const entity = entityList().find((e) => e.id === entityId());
    const registered = entity ? all.filter((c) => entity.registrations.some((r) => r.cityCode === c.code)) : [];
    return registered.length > 0 ? registered : all;
  });
  createEffect(() => {
    const list = cities();
    if (list.length > 0 && !list.some((c) => c.code === workCity())) setWorkCity(list[0]!.code);
  });

  // Nothing is saved on submit: the preview is read (the same checks as the hire, a 400 naming each
  // bad field) and shown in a side panel; its confirm hires with the commit's Idempotency-Key, so a
  // double click or a retry after a lost answer hires one employee.
  const flow = createPreviewCommit<HirePreview, Employee>({
    preview: () => previewHire(tenant.slug(), body()),
    commit: (key) => hireEmployee(tenant.slug(), body(), key),
    onDone: (employee) => void afterHire(employee),
    focusBackId: 'hire-hire-date',
  });
  const submission = flow.submission;
  const err = submission.fieldError;

  function body(): HireRequest {
    const out: HireRequest = {
      name: name().trim(),
      idNumber: idNumber().trim(),
      mobile: mobile().trim(),
      hukou: hukou(),
      workCity: workCity(),
      hireDate: hireDate(),
      monthlyWage: monthlyWage().trim(),
    };
    if (chooseEntity()) out.entityId = entityId();
    const values: Record<string, CustomFieldValue> = {};
    for (const field of formFields()) {
      const value = parseFieldInput(field.type, fieldValues()[field.key] ?? '');
      if (value !== undefined) values[field.key] = value;
    }
    if (Object.keys(values).length) out.customFields = values;
    return out;
  }

  async function afterHire(employee: Employee): Promise<void> {
    const problems = await pluginSections.save(employee.id);
    // The hire stands either way; what a plugin could not save is said on the employee page, where it can be redone.
    navigate(`/t/${encodeURIComponent(tenant.slug())}/employees/${employee.id}?hired=1${problems.length ? `&pluginProblems=${encodeURIComponent(problems.join('; '))}` : ''}`);
  }

  return (
    <form class="card card-form form-grid" novalidate data-testid="hire-form" onSubmit={(event) => void flow.onSubmit(event)}>
      <HirePreviewPanel preview={flow.preview()} busy={flow.commit.busy()} error={flow.commit.error()} onConfirm={() => void flow.onConfirm()} onBack={flow.onBack} />
      <p class="lead form-wide">{t('hire.intro')}</p>
      <Show when={entities.error()}>
        <div class="form-wide">
          <ErrorNotice message={errorMessage(entities.error())} testId="hire-entities-error" />
        </div>
      </Show>
      <Show when={chooseEntity()}>
        <div class="form-wide">
          <Field for="hire-entity" label={t('hire.entity')} error={err('entityId')} testId="hire-entity">
            <select id="hire-entity" data-testid="hire-entity" value={entityId()} onChange={(e) => setEntityId(e.currentTarget.value)} {...fieldAria('hire-entity', err('entityId'))}>
              <For each={entityList()}>
                {(entity) => (
                  <option value={entity.id} selected={entity.id === entityId()}>
                    {entity.name}
                  </option>
                )}
              </For>
            </select>
          </Field>
        </div>
      </Show>

      <Field for="hire-name" label={t('hire.name')} error={err('name')} testId="hire-name">
        <input id="hire-name" data-testid="hire-name" autocomplete="off" value={name()} onInput={(e) => setName(e.currentTarget.value)} {...fieldAria('hire-name', err('name'))} />
      </Field>

      <Field for="hire-id-number" label={t('hire.idNumber')} error={err('idNumber')} hint={t('hire.idNumberHint')} testId="hire-id-number">
        <input
          id="hire-id-number"
          data-testid="hire-id-number"
          autocomplete="off"
          spellcheck={false}
          maxlength={18}
          value={idNumber()}
          onInput={(e) => setIdNumber(e.currentTarget.value)}
          {...fieldAria('hire-id-number', err('idNumber'), true)}
        />
      </Field>

      <Field for="hire-mobile" label={t('hire.mobile')} error={err('mobile')} testId="hire-mobile">
        <input id="hire-mobile" data-testid="hire-mobile" type="tel" inputmode="numeric" autocomplete="off" value={mobile()} onInput={(e) => setMobile(e.currentTarget.value)} {...fieldAria('hire-mobile', err('mobile'))} />
      </Field>

      <Field for="hire-hukou" label={t('hire.hukou')} error={err('hukou')} testId="hire-hukou">
        <select id="hire-hukou" data-testid="hire-hukou" value={hukou()} onChange={(e) => setHukou(e.currentTarget.value as Hukou)} {...fieldAria('hire-hukou', err('hukou'))}>
          <option value="local">{t('hukou.local')}</option>
          <option value="non-local">{t('hukou.non-local')}</option>
        </select>
      </Field>

      <WorkCitySelect id="hire-work-city" label={t('hire.workCity')} error={err('workCity')} cities={cities()} value={workCity()} onChange={setWorkCity} />

      <Field for="hire-hire-date" label={t('hire.hireDate')} error={err('hireDate')} testId="hire-hire-date">
        <input id="hire-hire-date" data-testid="hire-hire-date" type="date" value={hireDate()} onInput={(e) => setHireDate(e.currentTarget.value)} {...fieldAria('hire-hire-date', err('hireDate'))} />
      </Field>

      <Field for="hire-monthly-wage" label={t('hire.monthlyWage')} error={err('monthlyWage')} testId="hire-monthly-wage">
        <input
          id="hire-monthly-wage"
          data-testid="hire-monthly-wage"
          inputmode="decimal"
          autocomplete="off"
          placeholder="8500.00"
          value={monthlyWage()}
          onInput={(e) => setMonthlyWage(e.currentTarget.value)}
          {...fieldAria('hire-monthly-wage', err('monthlyWage'))}
        />
      </Field>

      <Show when={formFields().length > 0}>
        <fieldset class="form-wide form-grid form-section" data-testid="hire-custom-fields">
          <legend>{t('hire.customFields')}</legend>
          <For each={formFields()}>
            {(field) => (
              <CustomFieldInput
                field={field}
                prefix="hire-cf"
                value={fieldValues()[field.key] ?? (field.type === 'multi_select' ? [] : '')}
                onChange={(value) => setFieldValues({ ...fieldValues(), [field.key]: value })}
                error={err(`customFields.${field.key}`)}
              />
            )}
          </For>
        </fieldset>
      </Show>

      <PluginSectionFields sections={pluginSections} prefix="hire-plugin" />

      <SubmissionError
        submission={submission}
        shown={[...(chooseEntity() ? SHOWN_FIELDS : SHOWN_FIELDS.filter((f) => f !== 'entityId')), ...formFields().map((f) => `customFields.${f.key}`)]}
        testId="hire-error"
        wide
      />

      <SubmitActions busy={submission.busy()} label={t('hire.submit')} busyLabel={t('hire.submitting')} testId="hire-submit" wide>
        <A class="button button-quiet" href={`/t/${encodeURIComponent(tenant.slug())}/employees`} data-testid="hire-cancel">
          {t('common.cancel')}
        </A>
      </SubmitActions>
    </form>
  );
}
