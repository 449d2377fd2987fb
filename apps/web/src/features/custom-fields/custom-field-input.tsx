import { For, Match, Switch } from 'solid-js';
import { fieldLabel, type CustomField } from './custom-fields.api';
import { lang, t } from '../../i18n';
import { Field, fieldAria } from '../../components/form-field';

/** What an input holds: text for most types, the chosen values of a multi-select. */
export type FieldInputValue = string | string[];

/**
 * One custom field as a form input of its type, labelled in the current language, with the API's
 * message for `customFields.<key>` below it. Test ids: `<prefix>-<key>` and `<prefix>-<key>-error`.
 */
export function CustomFieldInput(props: { field: CustomField; value: FieldInputValue; onChange: (value: FieldInputValue) => void; error: string | undefined; prefix: string }) {
  const id = () => `${props.prefix}-${props.field.key}`;
  const text = () => (typeof props.value === 'string' ? props.value : '');
  const chosen = () => (Array.isArray(props.value) ? props.value : []);
  const choiceLabel = (c: { labels: Record<'zh-CN' | 'en', string> }) => c.labels[lang()] || c.labels['zh-CN'];
  const label = () => `${fieldLabel(props.field, lang())}${props.field.required ? ` ${t('customFields.requiredMark')}` : ''}`;
  return (
    <Field for={id()} label={label()} error={props.error} testId={id()}>
      <Switch
        fallback={
          <input
            id={id()}
            data-testid={id()}
            autocomplete="off"
            inputmode={props.field.type === 'number' ? 'decimal' : undefined}
            type={props.field.type === 'date' ? 'date' : 'text'}
            value={text()}
            onInput={(e) => props.onChange(e.currentTarget.value)}
            {...fieldAria(id(), props.error)}
          />
        }
      >
        <Match when={props.field.type === 'single_select'}>
          <select id={id()} data-testid={id()} value={text()} onChange={(e) => props.onChange(e.currentTarget.value)} {...fieldAria(id(), props.error)}>
            <option value="">{t('customFields.noValue')}</option>
            <For each={props.field.options.choices ?? []}>
              {(c) => (
                <option value={c.value} selected={c.value === text()}>
                  {choiceLabel(c)}
                </option>
              )}
            </For>
          </select>
        </Match>
        <Match when={props.field.type === 'yes_no'}>
          <select id={id()} data-testid={id()} value={text()} onChange={(e) => props.onChange(e.currentTarget.value)} {...fieldAria(id(), props.error)}>
            <option value="">{t('customFields.noValue')}</option>
            <option value="true" selected={text() === 'true'}>
              {t('common.yes')}
            </option>
            <option value="false" selected={text() === 'false'}>
              {t('common.no')}
            </option>
          </select>
        </Match>
        <Match when={props.field.type === 'multi_select'}>
          <div id={id()} class="check-group" role="group" data-testid={id()} {...fieldAria(id(), props.error)}>
            <For each={props.field.options.choices ?? []}>
              {(c) => (
                <label class="check">
                  <input
                    type="checkbox"
                    value={c.value}
                    checked={chosen().includes(c.value)}
                    onChange={(e) => props.onChange(e.currentTarget.checked ? [...chosen(), c.value] : chosen().filter((v) => v !== c.value))}
                  />{' '}
                  {choiceLabel(c)}
                </label>
              )}
            </For>
          </div>
        </Match>
      </Switch>
    </Field>
  );
}
