import { api, path } from '../../api';
import type { Lang } from '../../i18n';

// Types mirror apps/api/src/routes/custom-fields.routes.ts.

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern_text'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export type Labels = Record<Lang, string>;
export type ShowIn = { form: boolean; list: boolean; export: boolean };
export type Choice = { value: string; labels: Labels };

export type CustomFieldOptions = {
  choices?: Choice[];
  min?: number | string;
  max?: number | string;
  maxLength?: number;
  pattern?: { regex: string; message: Labels };
};

export type CustomField = {
  key: string;
  type: CustomFieldType;
  labels: Labels;
  required: boolean;
  searchable: boolean;
  showIn: ShowIn;
  options: CustomFieldOptions;
  position: number;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type NewCustomField = {
  key: string;
  type: CustomFieldType;
  labels: Labels;
  required?: boolean;
  searchable?: boolean;
  showIn?: Partial<ShowIn>;
  options?: CustomFieldOptions;
};

export type CustomFieldPatch = Partial<Pick<CustomField, 'labels' | 'required' | 'searchable' | 'options' | 'position'>> & { showIn?: Partial<ShowIn> };

/** A value as the employee record holds it. */
export type CustomFieldValue = string | number | boolean | string[];

const fieldsPath = (slug: string, ...segments: string[]) => path('/api/t', slug, 'custom-fields', ...segments);

/** Tenant admins, HR and consultants read the definitions, in display order. */
export function listCustomFields(slug: string): Promise<{ items: CustomField[] }> {
  return api(fieldsPath(slug));
}

export function createCustomField(slug: string, body: NewCustomField): Promise<CustomField> {
  return api(fieldsPath(slug), { body });
}

/** Labels, required, where it shows, options or position; renaming a label keeps every value. */
export function updateCustomField(slug: string, key: string, patch: CustomFieldPatch): Promise<CustomField> {
  return api(fieldsPath(slug, key), { method: 'PATCH', body: patch });
}

/**
 * Without `confirm` the API answers 409 confirmation_required, its message saying how many
 * employees hold a value; with it the field is deleted (values kept and hidden, audited).
 */
export function deleteCustomField(slug: string, key: string, confirm: boolean): Promise<{ key: string; deleted: true; employeesWithValues: number }> {
  return api(fieldsPath(slug, key) + (confirm ? '?confirm=true' : ''), { method: 'DELETE' });
}

/** Adds an enabled plugin's presets the tenant lacks (409 plugin_not_enabled otherwise). */
export function addPresets(slug: string, pluginId: string): Promise<{ added: CustomField[]; skipped: { key: string; reason: 'exists' | 'key_used' }[] }> {
  return api(path('/api/t', slug, 'custom-fields', 'presets', pluginId), { body: {} });
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
