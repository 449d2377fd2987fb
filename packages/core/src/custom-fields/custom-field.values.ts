import { z } from 'zod';
import type { LocalizedText } from '../shared/index';
import { normalizeText, textProblem } from '@lianxu/plugin-sdk';
import { businessDateProblem, isRealDate } from '../shared/index';
import { DEFAULT_MAX_LENGTH, type CustomFieldDefinition } from './custom-field.definition';
import { matchesPattern } from './custom-field.pattern';

// Values of custom fields: the zod schema built from a tenant's definitions, the problems it finds
// (each in zh-CN and en, named `customFields.<key>`), and the two text forms a value takes: a
// list filter (`cf.<key>=value`) and an Excel cell.

export type CustomFieldValue = string | number | boolean | string[];
export type CustomFieldValues = Record<string, CustomFieldValue>;

const msg = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

function choiceList(d: CustomFieldDefinition): string {
  return (d.options.choices ?? []).map((c) => c.value).join(', ');
}

/** What is wrong with one value of a field (never null/absent: those are "no value"), or null. */
export function valueProblem(d: CustomFieldDefinition, value: unknown): LocalizedText | null {
  switch (d.type) {
    case 'text':
    case 'pattern_text': {
      if (typeof value !== 'string') return msg('应为文字', 'must be text');
      // The one text rule; a free text field may span lines, a patterned one is a single line.
      const problem = textProblem(value, { max: d.options.maxLength ?? DEFAULT_MAX_LENGTH, min: 0, multiline: d.type === 'text' });
      if (problem) return problem;
      if (d.type === 'pattern_text' && d.options.pattern && !matchesPattern(d.options.pattern.regex, value)) return d.options.pattern.message;
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return msg('应为数字', 'must be a number');
      const { min, max } = d.options;
      if (typeof min === 'number' && value < min) return msg(`不能小于 ${min}`, `must be at least ${min}`);
      if (typeof max === 'number' && value > max) return msg(`不能大于 ${max}`, `must be at most ${max}`);
      return null;
    }
    case 'date': {
      const problem = businessDateProblem(value);
      if (problem || typeof value !== 'string') return problem;
      const { min, max } = d.options;
      if (typeof min === 'string' && value < min) return msg(`日期不能早于 ${min}`, `must not be before ${min}`);
      if (typeof max === 'string' && value > max) return msg(`日期不能晚于 ${max}`, `must not be after ${max}`);
      return null;
    }
    case 'single_select':
      if (typeof value !== 'string' || !(d.options.choices ?? []).some((c) => c.value === value)) {
        return msg(`应为以下选项之一：${choiceList(d)}`, `must be one of: ${choiceList(d)}`);
      }
      return null;
    case 'multi_select': {
      if (!Array.isArray(value)) return msg('应为选项列表', 'must be a list of choices');
      const bad = value.find((v) => typeof v !== 'string' || !(d.options.choices ?? []).some((c) => c.value === v));
      if (bad !== undefined) return msg(`每一项应为以下选项之一：${choiceList(d)}`, `each item must be one of: ${choiceList(d)}`);
      if (new Set(value).size !== value.length) return msg('有重复的选项', 'lists a choice twice');
      return null;
    }
    case 'yes_no':
      return typeof value === 'boolean' ? null : msg('应为 true（是）或 false（否）', 'must be true (yes) or false (no)');
  }
}

/** A value as stored: text trimmed; an empty text or an empty list is "no value" (null). */
function normalize(d: CustomFieldDefinition, value: unknown): unknown {
  if (typeof value === 'string' && (d.type === 'text' || d.type === 'pattern_text' || d.type === 'date' || d.type === 'single_select')) {
    const t = d.type === 'text' || d.type === 'pattern_text' ? normalizeText(value, d.type === 'text') : value.trim();
    return t === '' ? null : t;
  }
  if (d.type === 'multi_select' && Array.isArray(value) && value.length === 0) return null;
  return value;
}

const REQUIRED = msg('此项必填', 'is required');
const UNKNOWN = msg('没有这个自定义字段', 'no such custom field');

/**
 * The zod schema of a tenant's custom field values, built from its definitions. `partial`: a
 * change of some fields (absent ones stay as they are; null removes a value); otherwise the whole
 * set, where every required field needs a value. Output: the values to store, nulls meaning "remove".
 */
export function customFieldValuesSchema(definitions: readonly CustomFieldDefinition[], { partial }: { partial: boolean }) {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    const out: Record<string, CustomFieldValue | null> = {};
    const problem = (key: string, m: LocalizedText) => ctx.addIssue({ code: 'custom', path: [key], message: m.en, params: { 'zh-CN': m['zh-CN'] } });
    for (const [key, raw] of Object.entries(input)) {
      const d = byKey.get(key);
      if (!d) {
        problem(key, UNKNOWN);
        continue;
      }
      const value = normalize(d, raw);
      if (value === null || value === undefined) {
        if (d.required) problem(key, REQUIRED);
        else out[key] = null;
        continue;
      }
      const p = valueProblem(d, value);
      if (p) problem(key, p);
      else out[key] = value as CustomFieldValue;
    }
    if (!partial) {
      for (const d of definitions) if (d.required && !(d.key in input)) problem(d.key, REQUIRED);
    }
    return out;
  });
}

/** Checks values against the definitions: the values to store (null = remove) or problems by `<prefix>.<key>`. */
export function checkCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  input: unknown,
  options: { partial: boolean; prefix?: string },
): { values: Record<string, CustomFieldValue | null>; problems: Record<string, LocalizedText> } {
  const prefix = options.prefix ?? 'customFields';
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { values: {}, problems: { [prefix]: msg('应为以字段键为名的对象', 'must be an object keyed by field key') } };
  }
  const result = customFieldValuesSchema(definitions, options).safeParse(input);
  if (result.success) return { values: result.data, problems: {} };
  const problems: Record<string, LocalizedText> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? `${prefix}.${String(issue.path[0])}` : prefix;
    const zh = (issue as { params?: { 'zh-CN'?: string } }).params?.['zh-CN'];
    problems[key] ??= zh ? { 'zh-CN': zh, en: issue.message } : msg('应为以字段键为名的对象', issue.message);
  }
  return { values: {}, problems };
}

/** Only the values of live (not deleted) fields: deleted fields' values stay stored but are never shown. */
export function visibleValues(definitions: readonly CustomFieldDefinition[], stored: Record<string, unknown> | null | undefined): CustomFieldValues {
  const out: CustomFieldValues = {};
  if (!stored) return out;
  for (const d of definitions) if (stored[d.key] !== undefined && stored[d.key] !== null) out[d.key] = stored[d.key] as CustomFieldValue;
  return out;
}

const YES = new Set(['true', 'yes', 'y', '1', '是']);
const NO = new Set(['false', 'no', 'n', '0', '否']);

/** Finds a choice by its value or either label (Excel cells and filters may use the label). */
function choiceOf(d: CustomFieldDefinition, text: string): string | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  return (d.options.choices ?? []).find((c) => c.value === t || c.labels['zh-CN'] === t || c.labels.en.toLowerCase() === lower)?.value;
}

/**
 * A list filter's text as the JSON value `custom_fields @> {"key": value}` looks for: the exact
 * value, a number, a yes/no, or (multi_select) a list holding the choice. Null with a problem when
 * the text cannot be a value of the field.
 */
export function filterValue(d: CustomFieldDefinition, text: string): { value: CustomFieldValue } | { problem: LocalizedText } {
  const t = text.trim();
  switch (d.type) {
    case 'number': {
      const n = t === '' ? Number.NaN : Number(t);
      return Number.isFinite(n) ? { value: n } : { problem: msg('应为数字', 'must be a number') };
    }
    case 'yes_no':
      if (YES.has(t.toLowerCase())) return { value: true };
      if (NO.has(t.toLowerCase())) return { value: false };
      return { problem: msg('应为 true 或 false', 'must be true or false') };
    case 'single_select':
    case 'multi_select': {
      const choice = choiceOf(d, t);
      if (!choice) return { problem: msg(`应为以下选项之一：${choiceList(d)}`, `must be one of: ${choiceList(d)}`) };
      return { value: d.type === 'multi_select' ? [choice] : choice };
    }
    case 'date':
      return isRealDate(t) ? { value: t } : { problem: msg('日期应为 YYYY-MM-DD', 'must be a date, YYYY-MM-DD') };
    default: {
      if (!t) return { problem: msg('请填写要查找的值', 'give the value to look for') };
      // The value goes into a jsonb containment query: only text a stored value could be.
      const problem = textProblem(t, { max: 2000 });
      return problem ? { problem } : { value: normalizeText(t) };
    }
  }
}

/** An Excel cell as a value of the field (labels of choices and 是/否 accepted); undefined for an empty cell. */
export function valueFromCell(d: CustomFieldDefinition, cell: unknown): unknown {
  if (cell === null || cell === undefined || cell === '') return undefined;
  if (cell instanceof Date) {
    const iso = cell.toISOString().slice(0, 10);
    return iso;
  }
  if (typeof cell === 'object') {
    // Rich text, hyperlinks and formula results.
    const c = cell as { richText?: { text: string }[]; text?: string; result?: unknown };
    if (Array.isArray(c.richText)) return valueFromCell(d, c.richText.map((r) => r.text).join(''));
    if (c.result !== undefined) return valueFromCell(d, c.result);
    if (typeof c.text === 'string') return valueFromCell(d, c.text);
    return cell;
  }
  const text = String(cell).trim();
  if (text === '') return undefined;
  switch (d.type) {
    case 'number':
      return typeof cell === 'number' ? cell : Number.isFinite(Number(text)) ? Number(text) : text;
    case 'yes_no':
      if (typeof cell === 'boolean') return cell;
      if (YES.has(text.toLowerCase())) return true;
      if (NO.has(text.toLowerCase())) return false;
      return text;
    case 'single_select':
      return choiceOf(d, text) ?? text;
    case 'multi_select':
      return text
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => choiceOf(d, s) ?? s);
    default:
      return text;
  }
}

/** A value as an Excel cell: choices by their zh-CN label, yes/no as 是/否. */
export function cellFromValue(d: CustomFieldDefinition, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  const label = (v: unknown) => d.options.choices?.find((c) => c.value === v)?.labels['zh-CN'] ?? String(v);
  switch (d.type) {
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'yes_no':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'single_select':
      return label(value);
    case 'multi_select':
      return Array.isArray(value) ? value.map(label).join('、') : String(value);
    default:
      return String(value);
  }
}
