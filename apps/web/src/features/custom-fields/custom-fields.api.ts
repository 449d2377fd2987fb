import { request, type ResponseOf, type Schema } from '../../api/types';
import type { Lang } from '../../i18n';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type CustomField = Schema<'CustomField'>;
export type CustomFieldType = CustomField['type'];
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = ['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern_text'];

export type Labels = CustomField['labels'];
export type ShowIn = CustomField['showIn'];
export type CustomFieldOptions = Schema<'CustomFieldOptions'>;
export type Choice = NonNullable<CustomFieldOptions['choices']>[number];
export type NewCustomField = Schema<'CustomFieldRequest'>;
export type CustomFieldPatch = Schema<'CustomFieldPatch'>;
export type PresetsAdded = ResponseOf<'/api/t/{tenant}/custom-fields/presets/{pluginId}', 'post'>;

/** A value as the employee record holds it. */
export type CustomFieldValue = string | number | boolean | string[];

/** Tenant admins, HR and consultants read the definitions, in display order. */
export function listCustomFields(slug: string) {
  return request('get', '/api/t/{tenant}/custom-fields', { params: { tenant: slug } });
}

export function createCustomField(slug: string, body: NewCustomField) {
  return request('post', '/api/t/{tenant}/custom-fields', { params: { tenant: slug }, body });
}

/** Labels, required, where it shows, options or position; renaming a label keeps every value. */
export function updateCustomField(slug: string, key: string, patch: CustomFieldPatch) {
  return request('patch', '/api/t/{tenant}/custom-fields/{key}', { params: { tenant: slug, key }, body: patch });
}

/**
 * Without `confirm` the API answers 409 confirmation_required, its message saying how many
 * employees hold a value; with it the field is deleted (values kept and hidden, audited).
 */
export function deleteCustomField(slug: string, key: string, confirm: boolean) {
  return request('delete', '/api/t/{tenant}/custom-fields/{key}', { params: { tenant: slug, key }, query: confirm ? { confirm: 'true' } : {} });
}

/** Adds an enabled plugin's presets the tenant lacks (409 plugin_not_enabled otherwise). */
export function addPresets(slug: string, pluginId: string) {
  return request('post', '/api/t/{tenant}/custom-fields/presets/{pluginId}', { params: { tenant: slug, pluginId }, body: {} });
}

/** The label in the current language, falling back to the other one. */
export function fieldLabel(field: { labels: Labels }, lang: Lang): string {
  return field.labels[lang] || field.labels['zh-CN'] || field.labels.en;
}

/** Input of the filter box or form as the API wants the value: numbers as numbers, yes/no as booleans. */
export function parseFieldInput(type: CustomFieldType, text: string | string[] | boolean): CustomFieldValue | undefined {
  if (type === 'multi_select') {
    const list = Array.isArray(text) ? text : typeof text === 'string' && text ? [text] : [];
    return list.length ? list : undefined;
  }
  if (type === 'yes_no') {
    if (typeof text === 'boolean') return text;
    return text === 'true' ? true : text === 'false' ? false : undefined;
  }
  const value = typeof text === 'string' ? text.trim() : '';
  if (value === '') return undefined;
  if (type === 'number') {
    const n = Number(value);
    // Not a number: sent as typed, so the API names the field with its own message.
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** How a stored value reads in a list cell, choices by their label. */
export function formatFieldValue(field: Pick<CustomField, 'type' | 'options'>, value: unknown, lang: Lang, yesNo: { yes: string; no: string }): string {
  if (value === null || value === undefined) return '';
  const choice = (v: unknown) => {
    const c = field.options.choices?.find((x) => x.value === v);
    return c ? c.labels[lang] || c.labels['zh-CN'] : String(v);
  };
  if (field.type === 'yes_no') return value === true ? yesNo.yes : value === false ? yesNo.no : String(value);
  if (field.type === 'single_select') return choice(value);
  if (field.type === 'multi_select') return Array.isArray(value) ? value.map(choice).join(', ') : choice(value);
  return String(value);
}
