import { describe, expect, it } from 'vitest';
import { EMPTY_OPTION_INPUTS, formatChoices, optionBoxes, optionsFor, parseChoices } from './custom-field-form';
import { formatFieldValue, parseFieldInput, type CustomField } from './custom-fields.api';

describe('custom field definition form', () => {
  it('reads choices one per line as value | 中文 | English, defaulting missing labels', () => {
    expect(parseChoices('welder | 焊工 | Welder\n\n  operator | 普工  \nx')).toEqual([
      { value: 'welder', labels: { 'zh-CN': '焊工', en: 'Welder' } },
      { value: 'operator', labels: { 'zh-CN': '普工', en: '普工' } },
      { value: 'x', labels: { 'zh-CN': 'x', en: 'x' } },
    ]);
    const choices = parseChoices('a | 甲 | A\nb | 乙 | B');
    expect(parseChoices(formatChoices(choices))).toEqual(choices);
  });

  it('sends only the options the type uses, numbers as numbers and anything unreadable as typed', () => {
    const inputs = { ...EMPTY_OPTION_INPUTS, choices: 'a | 甲 | A', min: '1', max: 'ten', maxLength: '20', regex: '[A-Z]+', patternMessageZh: '大写', patternMessageEn: 'capitals' };
    expect(optionsFor('single_select', inputs)).toEqual({ choices: [{ value: 'a', labels: { 'zh-CN': '甲', en: 'A' } }] });
    expect(optionsFor('number', inputs)).toEqual({ min: 1, max: 'ten' });
    expect(optionsFor('date', { ...inputs, min: '2024-01-01', max: '' })).toEqual({ min: '2024-01-01' });
    expect(optionsFor('text', inputs)).toEqual({ maxLength: 20 });
    expect(optionsFor('pattern_text', inputs)).toEqual({ maxLength: 20, pattern: { regex: '[A-Z]+', message: { 'zh-CN': '大写', en: 'capitals' } } });
    expect(optionsFor('yes_no', inputs)).toBeUndefined();
    expect(optionsFor('text', EMPTY_OPTION_INPUTS)).toBeUndefined();
    expect(optionBoxes('pattern_text')).toEqual(['pattern', 'maxLength']);
    expect(optionBoxes('yes_no')).toEqual([]);
  });
});

describe('custom field values', () => {
  it('turns form input into the value the API takes, leaving empty boxes out', () => {
    expect(parseFieldInput('number', ' 12.5 ')).toBe(12.5);
    expect(parseFieldInput('number', 'abc')).toBe('abc');
    expect(parseFieldInput('text', '  ')).toBeUndefined();
    expect(parseFieldInput('yes_no', 'true')).toBe(true);
    expect(parseFieldInput('yes_no', 'false')).toBe(false);
    expect(parseFieldInput('yes_no', '')).toBeUndefined();
    expect(parseFieldInput('multi_select', ['a', 'b'])).toEqual(['a', 'b']);
    expect(parseFieldInput('multi_select', [])).toBeUndefined();
    expect(parseFieldInput('date', '2025-03-01')).toBe('2025-03-01');
  });

  it('shows stored values by their labels in the current language', () => {
    const field = { type: 'multi_select', options: { choices: [{ value: 'a', labels: { 'zh-CN': '甲', en: 'A' } }] } } as Pick<CustomField, 'type' | 'options'>;
    const yesNo = { yes: '是', no: '否' };
    expect(formatFieldValue(field, ['a', 'z'], 'en', yesNo)).toBe('A, z');
    expect(formatFieldValue({ ...field, type: 'single_select' }, 'a', 'zh-CN', yesNo)).toBe('甲');
    expect(formatFieldValue({ type: 'yes_no', options: {} }, false, 'zh-CN', yesNo)).toBe('否');
    expect(formatFieldValue({ type: 'number', options: {} }, 3, 'zh-CN', yesNo)).toBe('3');
    expect(formatFieldValue({ type: 'text', options: {} }, undefined, 'zh-CN', yesNo)).toBe('');
  });
});
