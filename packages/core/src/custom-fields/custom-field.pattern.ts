import { RE2JS } from 're2js';
import type { LocalizedText } from '../shared/index';

// Tenant-supplied patterns (pattern_text fields) run in RE2JS, a linear-time engine: no pattern a
// tenant admin writes can make checking a value take exponential time and stall the shared API
// (V8's backtracking engine takes seconds on `(a|a)*b` against 30 characters). RE2 has no
// lookaround and no backreferences; such a pattern is refused when the field is defined.

/** Longest pattern a tenant may give. */
export const MAX_PATTERN_LENGTH = 200;
const CACHE_SIZE = 500;

/** Compiled patterns by source text: each definition's pattern is compiled once per process. */
const compiled = new Map<string, RE2JS>();

function compile(regex: string): RE2JS {
  const hit = compiled.get(regex);
  if (hit) {
    // Most recently used last, so the oldest is evicted first.
    compiled.delete(regex);
    compiled.set(regex, hit);
    return hit;
  }
  // translateRegExp accepts the JavaScript spelling of escapes (\u4e00, named groups) tenants know.
  const pattern = RE2JS.compile(RE2JS.translateRegExp(regex));
  compiled.set(regex, pattern);
  if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  return pattern;
}

/**
 * What RE2 says is wrong with a pattern, in the words of the people who write one (the format rule
 * of a field, 格式规则): never the engine's vocabulary. The piece RE2 points at is quoted back.
 */
const PROBLEMS: [RegExp, (piece: string) => LocalizedText][] = [
  [/^missing closing (.)/, (p) => ({ 'zh-CN': `括号没有成对：缺少与之配对的“${p}”`, en: `a bracket is not closed: the matching “${p}” is missing` })],
  [/^missing argument to repetition operator/, (p) => ({ 'zh-CN': `表示重复的符号“${p}”前面缺少要重复的内容`, en: `the repeat mark “${p}” has nothing before it to repeat` })],
  [/^invalid nested repetition operator/, (p) => ({ 'zh-CN': `重复符号不能连写：“${p}”`, en: `repeat marks cannot follow each other: “${p}”` })],
  [/^invalid repeat count/, (p) => ({ 'zh-CN': `重复次数不对（最多 1000 次，且前一个数不大于后一个数）：“${p}”`, en: `the repeat count is wrong (at most 1000, the first number not above the second): “${p}”` })],
  [/^invalid character class range/, (p) => ({ 'zh-CN': `字符范围写法不对（应从小到大，如 A-Z）：“${p}”`, en: `the character range is wrong (it must run upwards, as A-Z): “${p}”` })],
  [/^invalid escape/, (p) => ({ 'zh-CN': `不支持这个反斜杠写法（不能引用前面已匹配的内容）：“${p}”`, en: `this backslash sequence is not supported (a rule cannot refer back to what it matched): “${p}”` })],
  [/^(invalid or unsupported Perl syntax|invalid named capture)/, (p) => ({ 'zh-CN': `不支持“向前/向后查看”等写法：“${p}”`, en: `looking ahead or behind is not supported: “${p}”` })],
];

/** Why a tenant's pattern cannot be used, in both languages (business words: a format rule), or null. */
export function patternProblem(regex: string): LocalizedText | null {
  if ([...regex].length > MAX_PATTERN_LENGTH) return { 'zh-CN': `格式规则最多 ${MAX_PATTERN_LENGTH} 个字符`, en: `at most ${MAX_PATTERN_LENGTH} characters` };
  try {
    compile(regex);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    const piece = /: `(.*)`$/.exec(message)?.[1] ?? '';
    const found = PROBLEMS.find(([kind]) => kind.test(message));
    const m = /^missing closing (.)/.exec(message);
    const why = found ? found[1](m ? m[1]! : piece) : { 'zh-CN': `括号、方括号或特殊符号的写法有误：“${piece}”`, en: `brackets or special marks are not written correctly: “${piece}”` };
    return { 'zh-CN': `无法使用这条格式规则：${why['zh-CN']}`, en: `this format rule cannot be used: ${why.en}` };
  }
}

/** Whether the whole value matches the pattern (checked in time linear in the value's length). */
export function matchesPattern(regex: string, value: string): boolean {
  return compile(regex).matches(value);
}
