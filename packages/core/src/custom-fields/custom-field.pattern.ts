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

/** Why a tenant's pattern cannot be used, in both languages, or null. */
export function patternProblem(regex: string): LocalizedText | null {
  if ([...regex].length > MAX_PATTERN_LENGTH) return { 'zh-CN': `正则表达式最多 ${MAX_PATTERN_LENGTH} 个字符`, en: `at most ${MAX_PATTERN_LENGTH} characters` };
  try {
    compile(regex);
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return {
      'zh-CN': `不是可用的正则表达式（RE2 语法，不支持前后查找和反向引用）：${detail}`,
      en: `not a usable regular expression (RE2 syntax: no lookaround or backreferences): ${detail}`,
    };
  }
}

/** Whether the whole value matches the pattern (checked in time linear in the value's length). */
export function matchesPattern(regex: string, value: string): boolean {
  return compile(regex).matches(value);
}
