import { createEffect, createSignal, For, Index, Show } from 'solid-js';
import { errorMessage } from '../../api';
import { failureOf, Field, fieldAria, generalMessage, OtherFieldErrors, type Failure } from '../../components/form-field';
import { ErrorNotice } from '../../components/status';
import { useTenant } from '../tenant/tenant-layout';
import { choicesFromRows, emptyChoiceRow, emptyOptionInputs, keyFromLabels, optionBoxes, optionsFor, type ChoiceRow, type OptionInputs } from './custom-field-form';
import { addPresets, createCustomField, CUSTOM_FIELD_TYPES, fieldLabel, type CustomField, type CustomFieldType, type ShowIn } from './custom-fields.api';
import { formatList, lang, t } from '../../i18n';
import type { PluginItem } from '../plugins/plugins.api';
import { pluginName } from '../../plugin-kit/registry';

// The custom fields page's forms: adding a plugin's presets, defining a new field.
export function Presets(props: { existing: ReadonlySet<string>; onAdded: (message: string) => void }) {
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

/** The choices of a select field, one row each: its Chinese and English label, with add and remove. */
function ChoiceRows(props: { rows: ChoiceRow[]; onChange: (rows: ChoiceRow[]) => void; error: string | undefined }) {
  const set = (i: number, side: keyof ChoiceRow, value: string) => props.onChange(props.rows.map((row, j) => (j === i ? { ...row, [side]: value } : row)));
  return (
    <fieldset class="form-wide cf-choices" data-testid="cf-choices" aria-describedby={['cf-choices-hint', props.error ? 'cf-choices-error' : ''].filter(Boolean).join(' ')}>
      <legend>{t('customFields.choices')}</legend>
      <p class="field-hint" id="cf-choices-hint">
        {t('customFields.choicesHint')}
      </p>
      <Index each={props.rows}>
        {(row, i) => (
          <div class="cf-choice-row" data-testid="cf-choice-row">
            <input
              data-testid="cf-choice-zh"
              aria-label={t('customFields.choiceZh', { n: i + 1 })}
              placeholder={t('customFields.labelZh')}
              value={row().zh}
              onInput={(e) => set(i, 'zh', e.currentTarget.value)}
            />
            <input
              data-testid="cf-choice-en"
              aria-label={t('customFields.choiceEn', { n: i + 1 })}
              placeholder={t('customFields.labelEn')}
              value={row().en}
              onInput={(e) => set(i, 'en', e.currentTarget.value)}
            />
            <button
              type="button"
              class="button button-secondary"
              data-testid="cf-choice-remove"
              aria-label={t('customFields.removeChoice', { n: i + 1 })}
              disabled={props.rows.length === 1}
              onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}
            >
              {t('customFields.remove')}
            </button>
          </div>
        )}
      </Index>
      <p>
        <button type="button" class="button button-secondary" data-testid="cf-choice-add" onClick={() => props.onChange([...props.rows, emptyChoiceRow()])}>
          {t('customFields.addChoice')}
        </button>
      </p>
      <Show when={props.error}>
        {(message) => (
          <p class="field-error" id="cf-choices-error" data-testid="cf-choices-error">
            {message()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}

export function NewFieldForm(props: { existing: ReadonlySet<string>; onCreated: (field: CustomField) => void }) {
  const tenant = useTenant();
  // The code is made from the English label until the admin writes one under 高级设置.
  const [typedKey, setTypedKey] = createSignal<string>();
  const key = () => typedKey() ?? keyFromLabels({ en: en() }, props.existing);
  const [advanced, setAdvanced] = createSignal(false);
  const [type, setType] = createSignal<CustomFieldType>('text');
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [required, setRequired] = createSignal(false);
  const [searchable, setSearchable] = createSignal(false);
  const [showIn, setShowIn] = createSignal<ShowIn>({ form: true, list: false, export: true });
  const [inputs, setInputs] = createSignal<OptionInputs>(emptyOptionInputs());
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<Failure>();
  const err = (name: string) => failure()?.fields[name];
  // A message under `options.choices.3.value` or `options.choices` shows beside the choices box.
  const errUnder = (prefix: string) => Object.entries(failure()?.fields ?? {}).find(([name]) => name === prefix || name.startsWith(`${prefix}.`) || name.startsWith(`${prefix}[`))?.[1];
  const setInput = <K extends keyof OptionInputs>(name: K, value: OptionInputs[K]) => setInputs({ ...inputs(), [name]: value });
  // A refused code is shown where it can be changed.
  createEffect(() => {
    if (err('key')) setAdvanced(true);
  });
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
      setTypedKey(undefined);
      setAdvanced(false);
      setZh('');
      setEn('');
      setRequired(false);
      setSearchable(false);
      setInputs(emptyOptionInputs());
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
        <ChoiceRows rows={inputs().choices} onChange={(rows) => setInput('choices', rows)} error={errUnder('options.choices')} />
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

      <details class="form-wide cf-advanced" data-testid="cf-advanced" open={advanced()} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary data-testid="cf-advanced-toggle">{t('customFields.advanced')}</summary>
        <Field for="cf-key" label={t('customFields.key')} error={err('key')} hint={t('customFields.keyHint')} testId="cf-key">
          <input
            id="cf-key"
            data-testid="cf-key"
            autocomplete="off"
            spellcheck={false}
            value={key()}
            // Emptied, it goes back to the code made from the label.
            onInput={(e) => setTypedKey(e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value)}
            {...fieldAria('cf-key', err('key'), true)}
          />
        </Field>
        <Show when={boxes().includes('choices') && choicesFromRows(inputs().choices).length > 0}>
          <p class="hint" data-testid="cf-choice-codes">
            {t('customFields.choiceCodes', { codes: formatList(choicesFromRows(inputs().choices).map((c) => c.value)) })}
          </p>
        </Show>
      </details>
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
