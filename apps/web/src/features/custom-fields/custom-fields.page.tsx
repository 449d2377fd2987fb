import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria, generalMessage, OtherFieldErrors } from '../../components/form-field';
import { ErrorNotice, Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { EMPTY_OPTION_INPUTS, optionBoxes, optionsFor, type OptionInputs } from './custom-field-form';
import {
  addPresets,
  createCustomField,
  CUSTOM_FIELD_TYPES,
  deleteCustomField,
  fieldLabel,
  listCustomFields,
  updateCustomField,
  type CustomField,
  type CustomFieldType,
  type ShowIn,
} from './custom-fields.api';
import { usePageTitle } from '../../document-title';
import { formatList, lang, t } from '../../i18n';
import { lastGood } from '../../resource-value';
import { canAdministerTenant } from '../tenant/tenant-nav';
import type { PluginItem } from '../plugins/plugins.api';
import { pluginName } from '../../plugin-kit/registry';

type Failure = { message: string; fields: Readonly<Record<string, string>> };

function failureOf(caught: unknown): Failure {
  return { message: errorMessage(caught), fields: caught instanceof ApiError ? caught.fields : {} };
}

/**
 * `/t/:slug/custom-fields`: the tenant's own fields on the employee record. Tenant admins add,
 * rename and delete them and add plugin presets; a consultant reads. Values live with each
 * employee; renaming a label keeps them, deleting hides them (kept, audited) after a confirmation.
 */
export function CustomFieldsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('customFields.title'));
  const readable = () => tenant.role() === 'tenant_admin' || tenant.role() === 'consultant';
  const admin = () => canAdministerTenant(tenant.role());
  const [fields, { refetch }] = createResource(
    () => (readable() ? { slug: tenant.slug(), lang: lang() } : undefined),
    ({ slug }) => listCustomFields(slug),
  );
  const fieldsData = lastGood(fields);
  const [notice, setNotice] = createSignal<string>();

  return (
    <section data-testid="custom-fields-page">
      <h1 data-testid="page-title">{t('customFields.title')}</h1>
      <p class="lead">{t('customFields.intro')}</p>
      <Show when={readable()} fallback={<RoleNotice />}>
        <Show when={notice()}>
          {(message) => (
            <p class="notice notice-success" role="status" data-testid="cf-notice">
              {message()}
            </p>
          )}
        </Show>
        <Switch fallback={<Loading />}>
          <Match when={fields.state === 'errored' && !fieldsData()}>
            <ErrorNotice title={t('customFields.loadFailed')} message={errorMessage(fields.error)} onRetry={() => void refetch()} testId="cf-error" />
          </Match>
          <Match when={fieldsData()}>
            {(data) => (
              <div class="card table-scroll">
                <table class="table" data-testid="cf-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('customFields.col.label')}</th>
                      <th scope="col">{t('customFields.col.key')}</th>
                      <th scope="col">{t('customFields.col.type')}</th>
                      <th scope="col">{t('customFields.col.rules')}</th>
                      <th scope="col">{t('customFields.col.showIn')}</th>
                      <Show when={admin()}>
                        <th scope="col">
                          <span class="visually-hidden">{t('customFields.col.actions')}</span>
                        </th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <Show
                      when={data().items.length > 0}
                      fallback={
                        <tr>
                          <td colspan="6" class="empty" data-testid="cf-empty">
                            {t('customFields.empty')}
                          </td>
                        </tr>
                      }
                    >
                      <For each={data().items}>
                        {(field) => (
                          <FieldRow
                            field={field}
                            admin={admin()}
                            onChanged={(message) => {
                              setNotice(message);
                              void refetch();
                            }}
                          />
                        )}
                      </For>
                    </Show>
                  </tbody>
                </table>
              </div>
            )}
          </Match>
        </Switch>
        <Show when={admin()}>
          <Presets
            existing={new Set((fieldsData()?.items ?? []).map((f) => f.key))}
            onAdded={(message) => {
              setNotice(message);
              void refetch();
            }}
          />
          <NewFieldForm
            onCreated={(field) => {
              setNotice(t('customFields.created', { label: fieldLabel(field, lang()) }));
              void refetch();
            }}
          />
        </Show>
      </Show>
    </section>
  );
}

function showInList(showIn: ShowIn): string {
  const places = (['form', 'list', 'export'] as const).filter((p) => showIn[p]).map((p) => t(`customFields.showIn.${p}`));
  return places.length ? formatList(places) : t('customFields.showIn.nowhere');
}

function FieldRow(props: { field: CustomField; admin: boolean; onChanged: (message: string) => void }) {
  const tenant = useTenant();
  const f = () => props.field;
  const [renaming, setRenaming] = createSignal(false);
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure>();
  const [deleting, setDeleting] = createSignal(false);
  const other = () => (lang() === 'en' ? f().labels['zh-CN'] : f().labels.en);

  async function rename(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await updateCustomField(tenant.slug(), f().key, { labels: { 'zh-CN': zh().trim(), en: en().trim() } });
      setRenaming(false);
      props.onChanged(t('customFields.renamed', { label: fieldLabel(updated, lang()) }));
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove(): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await deleteCustomField(tenant.slug(), f().key, true);
      setDeleting(false);
      props.onChanged(t('customFields.deleted', { label: fieldLabel(f(), lang()), count: result.employeesWithValues }));
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid="cf-row" data-key={f().key} data-type={f().type}>
      <th scope="row" class="cell-strong">
        <Show
          when={renaming()}
          fallback={
            <>
              <span data-testid="cf-label">{fieldLabel(f(), lang())}</span>
              <span class="cell-sub" lang={lang() === 'en' ? 'zh-CN' : 'en'}>
                {other()}
              </span>
            </>
          }
        >
          <form class="inline-form" data-testid="cf-rename-form" novalidate onSubmit={(e) => void rename(e)}>
            <Field for={`cf-${f().key}-zh`} label={t('customFields.labelZh')} error={failure()?.fields['labels.zh-CN']} testId="cf-rename-zh">
              <input id={`cf-${f().key}-zh`} data-testid="cf-rename-zh" value={zh()} onInput={(e) => setZh(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-zh`, failure()?.fields['labels.zh-CN'])} />
            </Field>
            <Field for={`cf-${f().key}-en`} label={t('customFields.labelEn')} error={failure()?.fields['labels.en']} testId="cf-rename-en">
              <input id={`cf-${f().key}-en`} data-testid="cf-rename-en" value={en()} onInput={(e) => setEn(e.currentTarget.value)} {...fieldAria(`cf-${f().key}-en`, failure()?.fields['labels.en'])} />
            </Field>
            <div class="form-actions">
              <button type="submit" class="button button-primary button-small" data-testid="cf-rename-save" disabled={busy()}>
                {t('customFields.save')}
              </button>
              <button type="button" class="button button-quiet button-small" data-testid="cf-rename-cancel" onClick={() => setRenaming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </Show>
      </th>
      <td>
        <code>{f().key}</code>
      </td>
      <td data-testid="cf-type">{t(`customFields.type.${f().type}`)}</td>
      <td>
        <Show when={f().required}>
          <span class="badge">{t('customFields.required')}</span>{' '}
        </Show>
        <Show when={f().searchable}>
          <span class="badge badge-accent" data-testid="cf-searchable">
            {t('customFields.searchable')}
          </span>{' '}
        </Show>
        <Show when={f().options.choices}>{(choices) => <span class="cell-sub">{formatList(choices().map((c) => c.labels[lang()] || c.labels['zh-CN']))}</span>}</Show>
        <Show when={f().options.pattern}>{(p) => <code class="cell-sub">{p().regex}</code>}</Show>
      </td>
      <td data-testid="cf-show-in">{showInList(f().showIn)}</td>
      <Show when={props.admin}>
        <td class="cell-actions">
          <Show when={!renaming()}>
            <button
              type="button"
              class="button button-secondary button-small"
              data-testid="cf-rename"
              onClick={() => {
                setZh(f().labels['zh-CN']);
                setEn(f().labels.en);
                setFailure(undefined);
                setRenaming(true);
              }}
            >
              {t('customFields.rename')}
            </button>{' '}
            <button
              type="button"
              class="button button-danger button-small"
              data-testid="cf-delete"
              onClick={() => {
                setFailure(undefined);
                setDeleting(true);
              }}
            >
              {t('customFields.delete')}
            </button>
          </Show>
          <Show when={failure() && !deleting()}>
            <p class="field-error" role="alert" data-testid="cf-row-error">
              {generalMessage(failure()!.message, failure()!.fields)}
            </p>
          </Show>
          <ConfirmDialog
            open={deleting()}
            title={t('customFields.deleteTitle', { label: fieldLabel(f(), lang()) })}
            confirmLabel={t('customFields.deleteConfirm')}
            danger
            busy={busy()}
            error={deleting() ? failure()?.message : undefined}
            onCancel={() => setDeleting(false)}
            onConfirm={() => void remove()}
            testId="cf-delete-dialog"
          >
            <p>{t('customFields.deleteBody')}</p>
          </ConfirmDialog>
        </td>
      </Show>
    </tr>
  );
}

/** One button per enabled plugin with custom-field presets the tenant does not have yet. */
function Presets(props: { existing: ReadonlySet<string>; onAdded: (message: string) => void }) {
  const tenant = useTenant();
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const missing = (plugin: PluginItem) => plugin.customFieldPresets.filter((p) => !props.existing.has(p.key));
  const offering = () => (tenant.plugins() ?? []).filter((p) => p.enabled && missing(p).length > 0);

  async function add(pluginId: string): Promise<void> {
    if (busy()) return;
    setBusy(pluginId);
    setError(undefined);
    try {
      const result = await addPresets(tenant.slug(), pluginId);
      props.onAdded(
        t('customFields.presetsAdded', {
          added: result.added.length ? formatList(result.added.map((f) => fieldLabel(f, lang()))) : t('customFields.presetsNone'),
          skipped: result.skipped.length,
        }),
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Show when={offering().length > 0}>
      <div class="card section" data-testid="cf-presets">
        <h2>{t('customFields.presetsTitle')}</h2>
        <For each={offering()}>
          {(plugin) => (
            <p>
              <button
                type="button"
                class="button button-secondary"
                data-testid={`cf-presets-${plugin.id}`}
                disabled={!!busy()}
                onClick={() => void add(plugin.id)}
              >
                {t('customFields.addPresets', { plugin: pluginName(plugin.id) })}
              </button>{' '}
              <span class="hint">{formatList(missing(plugin).map((p) => p.label[lang()] || p.label['zh-CN']))}</span>
            </p>
          )}
        </For>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="cf-presets-error" />}</Show>
      </div>
    </Show>
  );
}

const FORM_FIELDS = ['key', 'type', 'labels.zh-CN', 'labels.en', 'options.choices', 'options.min', 'options.max', 'options.maxLength', 'options.pattern', 'options.pattern.regex', 'options.pattern.message.zh-CN', 'options.pattern.message.en'];

function NewFieldForm(props: { onCreated: (field: CustomField) => void }) {
  const tenant = useTenant();
  const [key, setKey] = createSignal('');
  const [type, setType] = createSignal<CustomFieldType>('text');
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [required, setRequired] = createSignal(false);
  const [searchable, setSearchable] = createSignal(false);
  const [showIn, setShowIn] = createSignal<ShowIn>({ form: true, list: false, export: true });
  const [inputs, setInputs] = createSignal<OptionInputs>({ ...EMPTY_OPTION_INPUTS });
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure>();
  const err = (name: string) => failure()?.fields[name];
  // A message under `options.choices.3.value` or `options.choices` shows beside the choices box.
  const errUnder = (prefix: string) => Object.entries(failure()?.fields ?? {}).find(([name]) => name === prefix || name.startsWith(`${prefix}.`) || name.startsWith(`${prefix}[`))?.[1];
  const setInput = (name: keyof OptionInputs, value: string) => setInputs({ ...inputs(), [name]: value });
  const boxes = () => optionBoxes(type());

  async function onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const options = optionsFor(type(), inputs());
      const field = await createCustomField(tenant.slug(), {
        key: key().trim(),
        type: type(),
        labels: { 'zh-CN': zh().trim(), en: en().trim() },
        required: required(),
        searchable: searchable(),
        showIn: showIn(),
        ...(options ? { options } : {}),
      });
      setKey('');
      setZh('');
      setEn('');
      setRequired(false);
      setSearchable(false);
      setInputs({ ...EMPTY_OPTION_INPUTS });
      props.onCreated(field);
    } catch (caught) {
      setFailure(failureOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const shownFields = () => [...FORM_FIELDS, ...Object.keys(failure()?.fields ?? {}).filter((n) => n.startsWith('options.choices'))];

  return (
    <form class="card card-form form-grid section" data-testid="cf-create-form" novalidate onSubmit={(e) => void onSubmit(e)}>
      <h2 class="form-wide">{t('customFields.createTitle')}</h2>
      <Field for="cf-key" label={t('customFields.key')} error={err('key')} hint={t('customFields.keyHint')} testId="cf-key">
        <input id="cf-key" data-testid="cf-key" autocomplete="off" spellcheck={false} value={key()} onInput={(e) => setKey(e.currentTarget.value)} {...fieldAria('cf-key', err('key'), true)} />
      </Field>
      <Field for="cf-type" label={t('customFields.typeLabel')} error={err('type')} testId="cf-type-select">
        <select id="cf-type" data-testid="cf-type-select" value={type()} onChange={(e) => setType(e.currentTarget.value as CustomFieldType)} {...fieldAria('cf-type', err('type'))}>
          <For each={CUSTOM_FIELD_TYPES}>
            {(ty) => (
              <option value={ty} selected={ty === type()}>
                {t(`customFields.type.${ty}`)}
              </option>
            )}
          </For>
        </select>
      </Field>
      <Field for="cf-label-zh" label={t('customFields.labelZh')} error={err('labels.zh-CN')} testId="cf-label-zh">
        <input id="cf-label-zh" data-testid="cf-label-zh" value={zh()} onInput={(e) => setZh(e.currentTarget.value)} {...fieldAria('cf-label-zh', err('labels.zh-CN'))} />
      </Field>
      <Field for="cf-label-en" label={t('customFields.labelEn')} error={err('labels.en')} testId="cf-label-en">
        <input id="cf-label-en" data-testid="cf-label-en" value={en()} onInput={(e) => setEn(e.currentTarget.value)} {...fieldAria('cf-label-en', err('labels.en'))} />
      </Field>

      <Show when={boxes().includes('choices')}>
        <div class="form-wide">
          <Field for="cf-choices" label={t('customFields.choices')} error={errUnder('options.choices')} hint={t('customFields.choicesHint')} testId="cf-choices">
            <textarea id="cf-choices" data-testid="cf-choices" rows={4} value={inputs().choices} onInput={(e) => setInput('choices', e.currentTarget.value)} {...fieldAria('cf-choices', errUnder('options.choices'), true)} />
          </Field>
        </div>
      </Show>
      <Show when={boxes().includes('range')}>
        <Field for="cf-min" label={t('customFields.min')} error={err('options.min')} testId="cf-min">
          <input id="cf-min" data-testid="cf-min" type={type() === 'date' ? 'date' : 'text'} inputmode={type() === 'number' ? 'decimal' : undefined} value={inputs().min} onInput={(e) => setInput('min', e.currentTarget.value)} {...fieldAria('cf-min', err('options.min'))} />
        </Field>
        <Field for="cf-max" label={t('customFields.max')} error={err('options.max')} testId="cf-max">
          <input id="cf-max" data-testid="cf-max" type={type() === 'date' ? 'date' : 'text'} inputmode={type() === 'number' ? 'decimal' : undefined} value={inputs().max} onInput={(e) => setInput('max', e.currentTarget.value)} {...fieldAria('cf-max', err('options.max'))} />
        </Field>
      </Show>
      <Show when={boxes().includes('pattern')}>
        <div class="form-wide">
          <Field for="cf-pattern" label={t('customFields.pattern')} error={err('options.pattern.regex') ?? err('options.pattern')} hint={t('customFields.patternHint')} testId="cf-pattern">
            <input id="cf-pattern" data-testid="cf-pattern" spellcheck={false} value={inputs().regex} onInput={(e) => setInput('regex', e.currentTarget.value)} {...fieldAria('cf-pattern', err('options.pattern.regex') ?? err('options.pattern'), true)} />
          </Field>
        </div>
        <Field for="cf-pattern-zh" label={t('customFields.patternMessageZh')} error={err('options.pattern.message.zh-CN')} testId="cf-pattern-zh">
          <input id="cf-pattern-zh" data-testid="cf-pattern-zh" value={inputs().patternMessageZh} onInput={(e) => setInput('patternMessageZh', e.currentTarget.value)} {...fieldAria('cf-pattern-zh', err('options.pattern.message.zh-CN'))} />
        </Field>
        <Field for="cf-pattern-en" label={t('customFields.patternMessageEn')} error={err('options.pattern.message.en')} testId="cf-pattern-en">
          <input id="cf-pattern-en" data-testid="cf-pattern-en" value={inputs().patternMessageEn} onInput={(e) => setInput('patternMessageEn', e.currentTarget.value)} {...fieldAria('cf-pattern-en', err('options.pattern.message.en'))} />
        </Field>
      </Show>
      <Show when={boxes().includes('maxLength')}>
        <Field for="cf-max-length" label={t('customFields.maxLength')} error={err('options.maxLength')} testId="cf-max-length">
          <input id="cf-max-length" data-testid="cf-max-length" inputmode="numeric" value={inputs().maxLength} onInput={(e) => setInput('maxLength', e.currentTarget.value)} {...fieldAria('cf-max-length', err('options.maxLength'))} />
        </Field>
      </Show>

      <fieldset class="form-wide check-group">
        <legend>{t('customFields.rules')}</legend>
        <label class="check">
          <input type="checkbox" data-testid="cf-required" checked={required()} onChange={(e) => setRequired(e.currentTarget.checked)} /> {t('customFields.required')}
        </label>
        <label class="check">
          <input type="checkbox" data-testid="cf-searchable-check" checked={searchable()} onChange={(e) => setSearchable(e.currentTarget.checked)} /> {t('customFields.searchableHint')}
        </label>
      </fieldset>
      <fieldset class="form-wide check-group">
        <legend>{t('customFields.col.showIn')}</legend>
        <For each={['form', 'list', 'export'] as const}>
          {(place) => (
            <label class="check">
              <input type="checkbox" data-testid={`cf-show-${place}`} checked={showIn()[place]} onChange={(e) => setShowIn({ ...showIn(), [place]: e.currentTarget.checked })} /> {t(`customFields.showIn.${place}`)}
            </label>
          )}
        </For>
      </fieldset>

      <Show when={failure()}>
        {(f) => (
          <div class="notice notice-error form-wide" role="alert" data-testid="cf-create-error">
            <p class="notice-message">{generalMessage(f().message, f().fields)}</p>
            <OtherFieldErrors fields={f().fields} shown={shownFields()} />
          </div>
        )}
      </Show>
      <div class="form-actions form-wide">
        <button type="submit" class="button button-primary" data-testid="cf-create" disabled={busy()}>
          {busy() ? t('customFields.creating') : t('customFields.create')}
        </button>
      </div>
    </form>
  );
}
