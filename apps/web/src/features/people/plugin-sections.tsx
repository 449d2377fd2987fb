import { createSignal, For, Show, type Accessor } from 'solid-js';
import { api, errorMessage, path } from '../../api';
import { request, type Schema } from '../../api/types';
import { createLoaded, query, reload } from '../../data';
import { lang, t } from '../../i18n';

// What the tenant's enabled plugins add to the people pages (the API's employeeForm and
// employeeListColumns extension points): form sections on the hire form and the employee page,
// saved through each plugin's own route, and columns of the employee list. Types come from
// /api/openapi.json (src/api/schema.d.ts).

export type PluginFormSection = Schema<'PluginFormSection'>;
export type PluginFormField = PluginFormSection['fields'][number];
export type PluginListColumn = Schema<'PluginListColumn'>;
type FieldValue = NonNullable<PluginFormField['value']> | null;

export const localized = (text: PluginFormSection['title']) => text[lang()] || text['zh-CN'];

// A plugin whose sections cannot be listed leaves the form as it is (no sections), never blocks it.
const sectionsQuery = query(
  (slug: string, employeeId: string | null, _lang: string) =>
    request('get', '/api/t/{tenant}/employee-form/sections', { params: { tenant: slug }, query: employeeId ? { employeeId } : {} }).catch(() => ({ items: [] as PluginFormSection[] })),
  'people.pluginSections',
);

/**
 * Saves one section through its plugin's own route (`savePath`, declared by the plugin at run
 * time, so no route of the generated types): the answer is not read, only success or an ApiError.
 */
function saveSection(slug: string, section: PluginFormSection, employeeId: string, values: Record<string, FieldValue>): Promise<unknown> {
  const target = section.savePath!.split('/').map((part) => (part === '{employeeId}' ? employeeId : part));
  return api(path('/api/t', slug, 'plugins', section.pluginId, ...target), { method: 'PUT', body: { values } });
}

const valueKey = (section: PluginFormSection, field: PluginFormField) => `${section.pluginId}/${section.key}/${field.key}`;

/**
 * The plugins' sections of one form: the sections as the API gives them, the values being edited,
 * and `save(employeeId)`, which sends each editable section to its plugin (answers the errors, one
 * line per section that failed).
 */
export function createPluginSections(slug: Accessor<string>, employeeId: Accessor<string | null>) {
  const sections = createLoaded(() => sectionsQuery(slug(), employeeId(), lang()));
  const data = sections.value;
  const [edits, setEdits] = createSignal<Record<string, FieldValue>>({});
  const list = () => data()?.items ?? [];
  const valueOf = (section: PluginFormSection, field: PluginFormField): FieldValue => {
    const key = valueKey(section, field);
    return key in edits() ? edits()[key]! : field.value ?? null;
  };
  return {
    list,
    valueOf,
    set: (section: PluginFormSection, field: PluginFormField, value: FieldValue) => setEdits({ ...edits(), [valueKey(section, field)]: value }),
    async save(id: string): Promise<string[]> {
      const problems: string[] = [];
      for (const section of list()) {
        const editable = section.fields.filter((f) => f.editable);
        if (!section.savePath || !editable.length) continue;
        const values = Object.fromEntries(editable.map((f) => [f.key, valueOf(section, f) === '' ? null : valueOf(section, f)]));
        try {
          await saveSection(slug(), section, id, values);
        } catch (error) {
          problems.push(`${localized(section.title)}: ${errorMessage(error)}`);
        }
      }
      setEdits({});
      if (employeeId()) await reload(sectionsQuery);
      return problems;
    },
  };
}
export type PluginSections = ReturnType<typeof createPluginSections>;

/** The plugins' sections as fieldsets: editable fields as inputs, the rest as text. */
export function PluginSectionFields(props: { sections: PluginSections; prefix: string; readOnly?: boolean }) {
  return (
    <For each={props.sections.list()}>
      {(section) => (
        <fieldset class="form-wide form-grid form-section" data-testid="plugin-section" data-plugin={section.pluginId} data-key={section.key}>
          <legend>{localized(section.title)}</legend>
          <For each={section.fields}>
            {(field) => {
              const id = `${props.prefix}-${section.pluginId}-${section.key}-${field.key}`;
              const value = () => props.sections.valueOf(section, field);
              const text = () => {
                const v = value();
                if (v === null || v === undefined || v === '') return '—';
                const option = field.options?.find((o) => o.value === v);
                return option ? localized(option.label) : String(v);
              };
              return (
                <div class="field" data-testid="plugin-field" data-key={field.key}>
                  <label for={id}>{localized(field.label)}</label>
                  <Show when={field.editable && !props.readOnly} fallback={<output id={id} data-testid="plugin-field-value">{text()}</output>}>
                    <Show
                      when={field.type === 'single_select'}
                      fallback={
                        <input id={id} data-testid="plugin-field-input" type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text'} value={value() === null ? '' : String(value())} onInput={(e) => props.sections.set(section, field, e.currentTarget.value)} />
                      }
                    >
                      <select id={id} data-testid="plugin-field-input" value={value() === null ? '' : String(value())} onChange={(e) => props.sections.set(section, field, e.currentTarget.value || null)}>
                        <option value="">—</option>
                        <For each={field.options ?? []}>{(o) => <option value={o.value} selected={o.value === value()}>{localized(o.label)}</option>}</For>
                      </select>
                    </Show>
                  </Show>
                </div>
              );
            }}
          </For>
        </fieldset>
      )}
    </For>
  );
}

/** The plugins' sections on an employee's page, with a save button when the role may change them. */
export function EmployeePluginSections(props: { slug: string; employeeId: string; canEdit: boolean }) {
  const sections = createPluginSections(() => props.slug, () => props.employeeId);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const editable = () => props.canEdit && sections.list().some((s) => s.savePath && s.fields.some((f) => f.editable));
  return (
    <Show when={sections.list().length > 0}>
      <form
        class="card card-form form-grid"
        data-testid="employee-plugin-sections"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void sections.save(props.employeeId).then((problems) => {
            setBusy(false);
            setMessage(problems.length ? { ok: false, text: problems.join('; ') } : { ok: true, text: t('employee.pluginSaved') });
          });
        }}
      >
        <PluginSectionFields sections={sections} prefix="employee-plugin" readOnly={!props.canEdit} />
        <Show when={message()}>
          {(m) => (
            <p class={`notice form-wide ${m().ok ? 'notice-success' : 'notice-error'}`} role={m().ok ? 'status' : 'alert'} data-testid="employee-plugin-message">
              {m().text}
            </p>
          )}
        </Show>
        <Show when={editable()}>
          <div class="form-actions form-wide">
            <button type="submit" class="button button-secondary" data-testid="employee-plugin-save" disabled={busy()}>
              {t('employee.pluginSave')}
            </button>
          </div>
        </Show>
      </form>
    </Show>
  );
}
