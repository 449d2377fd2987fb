import { z } from 'zod';
import type { CustomFieldDefinitionRow, CustomFieldType } from '@lianxu/db';
import { addLocalizedIssue, text, textProblem, type CustomFieldPreset } from '@lianxu/plugin-sdk';
import type { CustomFieldSpec } from './custom-field.spec';
import { businessDate, type LocalizedText } from '../shared/index';
import { CUSTOM_FIELD_MESSAGES as M } from './custom-field.messages';
import { MAX_PATTERN_LENGTH, patternProblem } from './custom-field.pattern';


// What a custom field is: its definition as the API and tenant.yaml declare it, checked here once
// for both, and its canonical form (defaults filled, only what its type uses), which plan and
// apply compare so that an exported file plans as "no change".

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern_text'] as const satisfies readonly CustomFieldType[];
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;
/** Default and largest length of a text value. */
export const DEFAULT_MAX_LENGTH = 200;
const MAX_TEXT_LENGTH = 2000;

// Labels and pattern messages follow the one text rule (well-formed, no control characters, NFC, trimmed).
const label = text({ max: 100 });
export const localizedLabels = z.object({ 'zh-CN': label, en: label }).strict();

const isoDate = businessDate();
/** A string checked against a pattern, refused in both languages (the pattern documented, never shown). */
function patterned(pattern: RegExp, message: LocalizedText) {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (!pattern.test(value)) addLocalizedIssue(ctx, message);
    })
    .meta({ pattern: pattern.source });
}

const choiceValue = patterned(/^[\p{L}\p{N}_.-]{1,64}$/u, M.choiceValue);

/** A pattern's source: no NUL, broken or control characters (it is not trimmed: spaces may matter), and RE2 must compile it. */
const patternRegex = z.string().superRefine((regex, ctx) => {
  const shape = textProblem(regex, { max: MAX_PATTERN_LENGTH });
  const problem = shape ?? (regex === regex.trim() ? patternProblem(regex) : { 'zh-CN': '首尾不能有空格', en: 'must not start or end with spaces' });
  if (problem) addLocalizedIssue(ctx, problem);
})
  // Documents the bounds (the check above enforces them, in both languages).
  .meta({ minLength: 1, maxLength: MAX_PATTERN_LENGTH });

const options = z
  .object({
    choices: z
      .array(z.object({ value: choiceValue, labels: localizedLabels }).strict())
      .min(1)
      .max(200)
      .superRefine((list, ctx) => {
        if (new Set(list.map((c) => c.value)).size !== list.length) addLocalizedIssue(ctx, M.choiceTwice);
      })
      .optional(),
    min: z.union([z.number().finite(), isoDate]).optional(),
    max: z.union([z.number().finite(), isoDate]).optional(),
    maxLength: z.number().int().min(1).max(MAX_TEXT_LENGTH).optional(),
    pattern: z
      .object({
        regex: patternRegex,
        message: localizedLabels,
      })
      .strict()
      .optional(),
  })
  .strict();

const showIn = z.object({ form: z.boolean().optional(), list: z.boolean().optional(), export: z.boolean().optional() }).strict();

/** Which options each type uses; any other option is a mistake worth naming. */
const USES: Record<CustomFieldType, (keyof NonNullable<CustomFieldSpec['options']>)[]> = {
  text: ['maxLength'],
  number: ['min', 'max'],
  date: ['min', 'max'],
  single_select: ['choices'],
  multi_select: ['choices'],
  yes_no: [],
  pattern_text: ['pattern', 'maxLength'],
};

function checkOptions(spec: { type: CustomFieldType; options?: CustomFieldSpec['options'] }, ctx: z.RefinementCtx): void {
  const o = spec.options ?? {};
  for (const name of Object.keys(o) as (keyof typeof o)[]) {
    if (o[name] !== undefined && !USES[spec.type].includes(name)) {
      addLocalizedIssue(ctx, M.notUsed(spec.type, name), ['options', name]);
    }
  }
  if ((spec.type === 'single_select' || spec.type === 'multi_select') && !o.choices) {
    addLocalizedIssue(ctx, M.needsChoices(spec.type), ['options', 'choices']);
  }
  if (spec.type === 'pattern_text' && !o.pattern) addLocalizedIssue(ctx, M.needsPattern, ['options', 'pattern']);
  for (const bound of ['min', 'max'] as const) {
    const v = o[bound];
    if (v === undefined) continue;
    if (spec.type === 'number' && typeof v !== 'number') addLocalizedIssue(ctx, M.boundNumber(bound), ['options', bound]);
    if (spec.type === 'date' && typeof v !== 'string') addLocalizedIssue(ctx, M.boundDate(bound), ['options', bound]);
  }
  if (o.min !== undefined && o.max !== undefined && typeof o.min === typeof o.max && o.min > o.max) {
    addLocalizedIssue(ctx, M.maxBelowMin, ['options', 'max']);
  }
}

/** A custom field definition (API body and tenant.yaml `customFields[]`). */
export const customFieldSpecSchema = z
  .object({
    key: patterned(CUSTOM_FIELD_KEY, M.key),
    type: z.enum(CUSTOM_FIELD_TYPES),
    labels: localizedLabels,
    required: z.boolean().optional(),
    searchable: z.boolean().optional(),
    showIn: showIn.optional(),
    options: options.optional(),
  })
  .strict()
  .superRefine(checkOptions);

/** A change of a definition (PATCH): everything but the key and the type, which never change. */
export const customFieldPatchSchema = z
  .object({
    labels: localizedLabels.optional(),
    required: z.boolean().optional(),
    searchable: z.boolean().optional(),
    showIn: showIn.optional(),
    options: options.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (Object.keys(p).length === 0) addLocalizedIssue(ctx, M.nothingToChange, ['(body)']);
  });
export type CustomFieldPatch = z.output<typeof customFieldPatchSchema>;

/** A list of fields with distinct keys (tenant.yaml `customFields`). */
export const customFieldListSchema = z
  .array(customFieldSpecSchema)
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((f, i) => {
      if (seen.has(f.key)) addLocalizedIssue(ctx, M.keyTwice(f.key), [i, 'key']);
      seen.add(f.key);
    });
  });

export interface ShowIn {
  form: boolean;
  list: boolean;
  export: boolean;
}
export const DEFAULT_SHOW_IN: ShowIn = { form: true, list: false, export: true };

/** A definition with every default filled in: what the validator and the API work with. */
export interface CustomFieldDefinition {
  key: string;
  type: CustomFieldType;
  labels: { 'zh-CN': string; en: string };
  required: boolean;
  searchable: boolean;
  showIn: ShowIn;
  options: NonNullable<CustomFieldSpec['options']>;
  position: number;
}

/** Only the options the type uses, in a fixed key order (so equal definitions print equal). */
export function canonicalOptions(type: CustomFieldType, o: CustomFieldSpec['options'] = {}): NonNullable<CustomFieldSpec['options']> {
  const out: NonNullable<CustomFieldSpec['options']> = {};
  for (const name of ['choices', 'min', 'max', 'maxLength', 'pattern'] as const) {
    if (o[name] !== undefined && USES[type].includes(name)) (out as Record<string, unknown>)[name] = o[name];
  }
  if (out.choices) out.choices = out.choices.map((c) => ({ value: c.value, labels: { 'zh-CN': c.labels['zh-CN'], en: c.labels.en } }));
  if (out.pattern) out.pattern = { regex: out.pattern.regex, message: { 'zh-CN': out.pattern.message['zh-CN'], en: out.pattern.message.en } };
  return out;
}

export function definitionOf(spec: CustomFieldSpec, position: number): CustomFieldDefinition {
  return {
    key: spec.key,
    type: spec.type,
    labels: { 'zh-CN': spec.labels['zh-CN'], en: spec.labels.en },
    required: spec.required ?? false,
    searchable: spec.searchable ?? false,
    showIn: { ...DEFAULT_SHOW_IN, ...stripUndefined(spec.showIn ?? {}) },
    options: canonicalOptions(spec.type, spec.options),
    position,
  };
}

export function definitionFromRow(row: Pick<CustomFieldDefinitionRow, 'key' | 'type' | 'labels' | 'required' | 'searchable' | 'show_in' | 'options' | 'position'>): CustomFieldDefinition {
  return {
    key: row.key,
    type: row.type,
    labels: { 'zh-CN': row.labels['zh-CN'], en: row.labels.en },
    required: row.required,
    searchable: row.searchable,
    showIn: { ...DEFAULT_SHOW_IN, ...row.show_in },
    options: canonicalOptions(row.type, row.options as CustomFieldSpec['options']),
    position: row.position,
  };
}

/** The definition as tenant.yaml writes it: defaults left out. */
export function specOf(d: CustomFieldDefinition): CustomFieldSpec {
  const spec: CustomFieldSpec = { key: d.key, type: d.type, labels: d.labels };
  if (d.required) spec.required = true;
  if (d.searchable) spec.searchable = true;
  if (d.showIn.form !== DEFAULT_SHOW_IN.form || d.showIn.list !== DEFAULT_SHOW_IN.list || d.showIn.export !== DEFAULT_SHOW_IN.export) spec.showIn = { ...d.showIn };
  if (Object.keys(d.options).length) spec.options = d.options;
  return spec;
}

/** A plugin's preset (customFieldPresets in its manifest) as a field definition. */
export function specFromPreset(p: CustomFieldPreset): CustomFieldSpec {
  const type: CustomFieldType = p.type === 'pattern' ? 'pattern_text' : p.type;
  const options: NonNullable<CustomFieldSpec['options']> = {};
  if (p.options?.length) options.choices = p.options.map((o) => ({ value: o.value, labels: o.label }));
  if (p.pattern) options.pattern = { regex: p.pattern.regex, message: p.pattern.message };
  const spec: CustomFieldSpec = { key: p.key, type, labels: p.label, required: p.required ?? false, searchable: p.searchable ?? false };
  if (p.showIn) spec.showIn = { form: p.showIn.includes('form'), list: p.showIn.includes('list'), export: p.showIn.includes('export') };
  if (Object.keys(options).length) spec.options = options;
  return spec;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
