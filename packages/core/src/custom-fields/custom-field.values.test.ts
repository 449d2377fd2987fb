import { describe, expect, it } from 'vitest';
import { customFieldListSchema, customFieldSpecSchema, definitionOf, specOf, specFromPreset } from './custom-field.definition';
import { matchesPattern, patternProblem } from './custom-field.pattern';
import { cellFromValue, checkCustomFieldValues, filterValue, valueFromCell } from './custom-field.values';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const team = definitionOf(
  { key: 'team', type: 'multi_select', labels: label('班组', 'Team'), options: { choices: [{ value: 'a', labels: label('甲班', 'Alpha') }, { value: 'b', labels: label('乙班', 'Beta') }] } },
  0,
);
const night = definitionOf({ key: 'night', type: 'yes_no', labels: label('夜班', 'Night') }, 1);
const size = definitionOf({ key: 'size', type: 'number', labels: label('鞋码', 'Size'), required: true, options: { min: 30 } }, 2);

describe('custom field values', () => {
  it('checks a whole set (required fields) or a change (null removes), naming customFields.<key>', () => {
    expect(checkCustomFieldValues([team, size], { team: ['a'] }, { partial: false }).problems).toEqual({ 'customFields.size': { 'zh-CN': '此项必填', en: 'is required' } });
    expect(checkCustomFieldValues([team, size], { team: null }, { partial: true })).toEqual({ values: { team: null }, problems: {} });
    expect(Object.keys(checkCustomFieldValues([team, size], { size: 12, team: ['c'] }, { partial: true }).problems)).toEqual(['customFields.size', 'customFields.team']);
    expect(checkCustomFieldValues([team], 'x', { partial: true }).problems).toHaveProperty('customFields');
  });

  it('reads filters and cells with the field type: labels, 是/否, lists', () => {
    expect(filterValue(team, 'Beta')).toEqual({ value: ['b'] });
    expect(filterValue(night, '否')).toEqual({ value: false });
    expect(filterValue(size, '4x')).toHaveProperty('problem');
    expect(valueFromCell(team, '甲班、Beta')).toEqual(['a', 'b']);
    expect(valueFromCell(night, '是')).toBe(true);
    expect(valueFromCell(size, '41')).toBe(41);
    expect(valueFromCell(size, '')).toBeUndefined();
    expect(cellFromValue(team, ['a', 'b'])).toBe('甲班、乙班');
    expect(cellFromValue(night, false)).toBe('否');
  });
});

describe('custom field definitions', () => {
  it('compiles patterns with RE2 and names what it cannot compile, in both languages', () => {
    expect(patternProblem('B-[0-9]{4}')).toBeNull();
    expect(patternProblem('[\\u4e00-\\u9fff]{2,4}')).toBeNull();
    expect(patternProblem('([')).toEqual({ en: 'this format rule cannot be used: a bracket is not closed: the matching “]” is missing', 'zh-CN': '无法使用这条格式规则：括号没有成对：缺少与之配对的“]”' });
    expect(patternProblem('(?=a)b')?.en).toBe('this format rule cannot be used: looking ahead or behind is not supported: “(?=”');
    expect(patternProblem('(a)\\1')?.en).toBe('this format rule cannot be used: this backslash sequence is not supported (a rule cannot refer back to what it matched): “\\1”');
    // Said in business words: the engine's vocabulary never reaches the admin.
    for (const bad of ['([', '(?=a)b', '(?<=a)b', '(a)\\1', '*a', '[z-a]', 'a{2,1}', 'a**']) {
      const problem = patternProblem(bad)!;
      expect(problem['zh-CN']).not.toMatch(/正则|regexp|Perl/);
      expect(problem.en).not.toMatch(/regular expression|regexp|Perl|RE2/);
    }
    expect(patternProblem('a'.repeat(201))?.en).toBe('at most 200 characters');
    // Nested quantifiers are fine in a linear-time engine.
    expect(patternProblem('(a+)+b')).toBeNull();
  });

  it('checks a value against the worst backtracking pattern in linear time', () => {
    const hostile = `${'a'.repeat(200)}c`;
    for (const regex of ['(a|a)*b', '(a+)+b', '(?:(?:a*)*)*b']) {
      const started = performance.now();
      expect(matchesPattern(regex, hostile)).toBe(false);
      expect(performance.now() - started).toBeLessThan(50);
    }
    expect(matchesPattern('[A-Z]{2}-[0-9]{4}', 'BJ-0012')).toBe(true);
    // The whole value must match, not a part of it.
    expect(matchesPattern('[A-Z]{2}-[0-9]{4}', 'xBJ-0012')).toBe(false);
    expect(matchesPattern('a|b', 'ab')).toBe(false);
  });

  it('names a NUL, a broken character or an unknown option key inside a definition', () => {
    const base = { key: 'k', type: 'pattern_text', labels: label('甲', 'A') };
    const issues = (spec: unknown) => {
      const r = customFieldSpecSchema.safeParse(spec);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}${i.code === 'unrecognized_keys' ? `.${i.keys.join(',')}` : ''}`);
    };
    expect(issues({ ...base, options: { pattern: { regex: 'a\u0000b', message: label('x', 'x') } } })).toEqual(['options.pattern.regex']);
    expect(issues({ ...base, labels: label('\ud800', 'A'), options: { pattern: { regex: 'a', message: label('x', 'x') } } })).toEqual(['labels.zh-CN']);
    expect(issues({ ...base, options: { pattern: { regex: 'a', message: label('x', 'x') }, bogus: 1 } })).toEqual(['options.bogus']);
    expect(issues({ ...base, showIn: { form: true, sidebar: true }, options: { pattern: { regex: 'a', message: label('x', 'x') } } })).toEqual(['showIn.sidebar']);
  });

  it('writes defaults out of a spec and back in unchanged; a plugin preset becomes a spec', () => {
    const spec = specOf(definitionOf({ key: 'k', type: 'text', labels: label('甲', 'A'), required: false, showIn: { form: true } }, 0));
    expect(spec).toEqual({ key: 'k', type: 'text', labels: label('甲', 'A') });
    expect(specFromPreset({ key: 'code', label: label('编码', 'Code'), type: 'pattern', pattern: { regex: 'X\\d+', message: label('x', 'x') }, showIn: ['list'] })).toEqual({
      key: 'code',
      type: 'pattern_text',
      labels: label('编码', 'Code'),
      required: false,
      searchable: false,
      showIn: { form: false, list: true, export: false },
      options: { pattern: { regex: 'X\\d+', message: label('x', 'x') } },
    });
    const dup = customFieldListSchema.safeParse([spec, spec]);
    expect(dup.success).toBe(false);
  });
});
