import { z } from 'zod';
import type { Localized } from './extension-points';
import { addLocalizedIssue } from './localized-issue';

export interface TextOptions {
  /** Most characters (Unicode code points) after trimming. */
  max: number;
  /** Fewest characters after trimming; default 1 (an empty text is "required"). */
  min?: number;
  /** Allows line breaks (\n; \r\n is stored as \n) and tabs. */
  multiline?: boolean;
}

// C0 controls, DEL, C1 controls and the Unicode line/paragraph separators. Tab and line feed are
// allowed only in multiline text.
const CONTROL_SINGLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_MULTI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

// String.prototype.isWellFormed is in Node 20; the ES2023 lib does not declare it yet.
const isWellFormed = (value: string): boolean => (value as string & { isWellFormed(): boolean }).isWellFormed();

/** The stored form of a text: CRLF as LF (multiline), NFC, trimmed. Only for well-formed text. */
export function normalizeText(value: string, multiline = false): string {
  return (multiline ? value.replace(/\r\n?/g, '\n') : value).normalize('NFC').trim();
}

/**
 * What is wrong with a text as given (before normalizing), in both languages, or null. Checks in
 * the order a user can act on: broken characters, NUL, other controls, then length.
 */
export function textProblem(value: string, { max, min = 1, multiline = false }: TextOptions): Localized | null {
  if (!isWellFormed(value)) return { 'zh-CN': '含有无法识别的字符（不完整的 Unicode 字符），请重新输入', en: 'contains a broken character (an unpaired Unicode surrogate); please type it again' };
  if (value.includes('\u0000')) return { 'zh-CN': '不能包含空字符（NUL）', en: 'must not contain the NUL character' };
  const normalized = normalizeText(value, multiline);
  if ((multiline ? CONTROL_MULTI : CONTROL_SINGLE).test(normalized)) {
    return multiline
      ? { 'zh-CN': '除换行和制表符外不能包含控制字符', en: 'must not contain control characters other than line breaks and tabs' }
      : { 'zh-CN': '不能包含换行、制表符等控制字符', en: 'must not contain line breaks, tabs or other control characters' };
  }
  const length = [...normalized].length;
  if (length < min) return min <= 1 ? { 'zh-CN': '此项必填', en: 'This field is required' } : { 'zh-CN': `至少 ${min} 个字`, en: `at least ${min} characters` };
  if (length > max) return { 'zh-CN': `最多 ${max} 个字`, en: `at most ${max} characters` };
  return null;
}

/**
 * The one text rule of Lianxu for stored free text: well-formed Unicode (no lone surrogates), no
 * NUL, no control characters (multiline text may hold line breaks and tabs), stored NFC-normalized
 * and trimmed, from `min` (default 1) to `max` characters. A bad value is a 400 naming the field,
 * in zh-CN and en.
 *
 * @example
 * const NewBranch = z.object({ name: text({ max: 100 }), notes: text({ max: 2000, multiline: true, min: 0 }).optional() });
 * text({ max: 10 }).parse('  Cafe\u0301 ') // 'Café' (NFC, trimmed)
 */
export function text(options: TextOptions) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, options);
      if (problem) addLocalizedIssue(ctx, problem);
    })
    .overwrite((value) => (isWellFormed(value) ? normalizeText(value, options.multiline) : value))
    // The bounds, for the OpenAPI and JSON Schema documents (the check above enforces them).
    .meta({ minLength: options.min ?? 1, maxLength: options.max });
}
