import { describe, expect, it } from 'vitest';
import { choicesFromRows, codeOf, emptyOptionInputs, keyFromLabels, optionBoxes, optionsFor } from './custom-field-form';
import { formatFieldValue, parseFieldInput, type CustomField } from './custom-fields.api';

describe('custom field definition form', () => {
  it('makes the field code from the English label, else field_<n>, never a code the tenant has', () => {
    const none = new Set<string>();
    expect(keyFromLabels({ en: 'Uniform size' }, none)).toBe('uniform_size');
    expect(keyFromLabels({ en: '  T-shirt (XL) café ' }, none)).toBe('t_shirt_xl_cafe');
    expect(keyFromLabels({ en: '2nd phone' }, none)).toBe('field_2nd_phone');
    expect(keyFromLabels({ en: '工服尺码' }, new Set(['a', 'b']))).toBe('field_3');
    expect(keyFromLabels({ en: '' }, new Set(['a', 'field_3']))).toBe('field_4');
    expect(keyFromLabels({ en: 'Uniform size' }, new Set(['uniform_size', 'uniform_size_2']))).toBe('uniform_size_3');
    const long = keyFromLabels({ en: 'a very long English label '.repeat(5) }, none);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
    expect(codeOf('！？', 60)).toBe('');
  });

  it('turns choice rows into choices: blank rows skipped, a missing label from the other, codes from the English label and distinct', () => {
    expect(
      choicesFromRows([
        { zh: ' 小号 ', en: 'Small' },
        { zh: '', en: '' },
        { zh: '中号', en: '' },
        { zh: '', en: 'Large' },
        { zh: '小', en: 'small' },
      ]),
    ).toEqual([
      { value: 'small', labels: { 'zh-CN': '小号', en: 'Small' } },
      { value: 'choice_2', labels: { 'zh-CN': '中号', en: '中号' } },
      { value: 'large', labels: { 'zh-CN': 'Large', en: 'Large' } },
      { value: 'small_2', labels: { 'zh-CN': '小', en: 'small' } },
    ]);
    expect(choicesFromRows(emptyOptionInputs().choices)).toEqual([]);
  });

  it('sends only the options the type uses, numbers as numbers and anything unreadable as typed', () => {
    const inputs = { ...emptyOptionInputs(), choices: [{ zh: '甲', en: 'A' }], min: '1', max: 'ten', maxLength: '20', regex: '[A-Z]+', patternMessageZh: '大写', patternMessageEn: 'capitals' };
    expect(optionsFor('single_select', inputs)).toEqual({ choices: [{ value: 'a', labels: { 'zh-CN': '甲', en: 'A' } }] });
    expect(optionsFor('number', inputs)).toEqual({ min: 1, max: 'ten' });
    expect(optionsFor('date', { ...inputs, min: '2024-01-01', max: '' })).toEqual({ min: '2024-01-01' });
    expect(optionsFor('text', inputs)).toEqual({ maxLength: 20 });
    expect(optionsFor('pattern_text', inputs)).toEqual({ maxLength: 20, pattern: { regex: '[A-Z]+', message: { 'zh-CN': '大写', en: 'capitals' } } });
    expect(optionsFor('yes_no', inputs)).toBeUndefined();
    expect(optionsFor('text', emptyOptionInputs())).toBeUndefined();
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
