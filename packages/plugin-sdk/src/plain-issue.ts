// zod's built-in issues in plain words for the people who filled the form, in both languages: no
// type names ("string"), no regular expressions, no schema vocabulary. A message written for people
// (`addLocalizedIssue`, or any custom message) is kept as written.
import type { z } from 'zod';
import type { Localized } from './extension-points';

const KIND: Record<string, Localized> = {
  string: { 'zh-CN': '文字', en: 'text' },
  number: { 'zh-CN': '数字', en: 'a number' },
  int: { 'zh-CN': '整数', en: 'a whole number' },
  bigint: { 'zh-CN': '整数', en: 'a whole number' },
  boolean: { 'zh-CN': '“是”或“否”', en: 'yes or no' },
  array: { 'zh-CN': '列表', en: 'a list' },
  object: { 'zh-CN': '一组字段', en: 'a group of fields' },
  date: { 'zh-CN': '日期', en: 'a date' },
};

const FORMAT: Record<string, Localized> = {
  email: { 'zh-CN': '请输入有效的电子邮箱地址', en: 'Enter a valid e-mail address' },
  url: { 'zh-CN': '请输入有效的网址', en: 'Enter a valid web address' },
  uuid: { 'zh-CN': '编号无效', en: 'This id is not valid' },
  date: { 'zh-CN': '请填写日期，例如 2026-07-01', en: 'Enter a date such as 2026-07-01' },
  datetime: { 'zh-CN': '请填写日期和时间', en: 'Enter a date and time' },
};

const NOT_UNDERSTOOD: Localized = { 'zh-CN': '填写的内容无法识别，请检查格式', en: 'This value is not understood; check how it is written' };

function both(zh: string, en: string): Localized {
  return { 'zh-CN': zh, en };
}

/** The plain message of a built-in zod issue (undefined for a custom issue: its own text stands). */
export function plainIssue(issue: z.core.$ZodIssue): Localized | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      // zod drops the input from the issues it reports; its message still says what was received.
      if (/received (undefined|null)$/.test(issue.message)) return both('必填', 'Required');
      const kind = KIND[issue.expected];
      return kind ? both(`应填写${kind['zh-CN']}`, `Must be ${kind.en}`) : NOT_UNDERSTOOD;
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? both('必填，不能为空', 'Required; must not be empty') : both(`至少 ${n} 个字`, `Must be at least ${n} characters`);
      if (issue.origin === 'array' || issue.origin === 'set') return both(`至少 ${n} 项`, `Must have at least ${n} ${n === 1 ? 'item' : 'items'}`);
      return issue.inclusive === false ? both(`应大于 ${n}`, `Must be more than ${n}`) : both(`不能小于 ${n}`, `Must be at least ${n}`);
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return both(`最多 ${n} 个字`, `Must be at most ${n} characters`);
      if (issue.origin === 'array' || issue.origin === 'set') return both(`最多 ${n} 项`, `Must have at most ${n} ${n === 1 ? 'item' : 'items'}`);
      return issue.inclusive === false ? both(`应小于 ${n}`, `Must be less than ${n}`) : both(`不能大于 ${n}`, `Must be at most ${n}`);
    }
    case 'invalid_format':
      return FORMAT[issue.format] ?? NOT_UNDERSTOOD;
    case 'invalid_value': {
      const choices = issue.values.map(String);
      if (choices.length === 1) return both(`应为“${choices[0]}”`, `Must be "${choices[0]}"`);
      // Code values (tenant_admin, single_select) are not words for people: the form offers the choices.
      // English words (male, local) are codes to a reader of Chinese: listed in English only.
      if (choices.length > 0 && choices.length <= 12 && choices.every((c) => /^[\p{L}\p{N} -]+$/u.test(c) && !/_/.test(c))) {
        const zh = choices.every((c) => !/[A-Za-z]/.test(c)) ? `请从以下选项中选择：${choices.join('、')}` : '请从可选项中选择';
        return both(zh, `Choose one of: ${choices.join(', ')}`);
      }
      return both('请从可选项中选择', 'Choose one of the offered options');
    }
    case 'unrecognized_keys':
      return both('不接受此字段', 'This field is not accepted here');
    case 'not_multiple_of':
      return both(`应为 ${String(issue.divisor)} 的整数倍`, `Must be a multiple of ${String(issue.divisor)}`);
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return NOT_UNDERSTOOD;
    default:
      return undefined;
  }
}
