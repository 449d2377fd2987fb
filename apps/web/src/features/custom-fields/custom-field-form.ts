import type { Choice, CustomFieldOptions, CustomFieldType } from './custom-fields.api';

// The custom field definition form's text boxes, turned into the options the API takes. Kept out
// of the page so they can be tested; the API checks meaning and names what is wrong.

/**
 * Choices typed one per line as `value | 中文 | English` (the English label defaults to the
 * Chinese one, the Chinese one to the value). Blank lines are skipped.
 */
export function parseChoices(text: string): Choice[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [value = '', zh, en] = line.split('|').map((part) => part.trim());
      const zhLabel = zh || value;
      return { value, labels: { 'zh-CN': zhLabel, en: en || zhLabel } };
    });
}

export function formatChoices(choices: readonly Choice[] | undefined): string {
  return (choices ?? []).map((c) => `${c.value} | ${c.labels['zh-CN']} | ${c.labels.en}`).join('\n');
}

export type OptionInputs = {
  choices: string;
  min: string;
  max: string;
  maxLength: string;
  regex: string;
  patternMessageZh: string;
  patternMessageEn: string;
};

export const EMPTY_OPTION_INPUTS: OptionInputs = { choices: '', min: '', max: '', maxLength: '', regex: '', patternMessageZh: '', patternMessageEn: '' };

/** A number box: a number when it reads as one, else the text as typed (the API then names the option). */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** Only the options the type uses, from the boxes that were filled in. */
export function optionsFor(type: CustomFieldType, inputs: OptionInputs): CustomFieldOptions | undefined {
  const o: CustomFieldOptions = {};
  if (type === 'single_select' || type === 'multi_select') {
    const choices = parseChoices(inputs.choices);
    if (choices.length) o.choices = choices;
  }
  if (type === 'number') {
    if (inputs.min.trim()) o.min = numberOrText(inputs.min.trim());
    if (inputs.max.trim()) o.max = numberOrText(inputs.max.trim());
  }
  if (type === 'date') {
    if (inputs.min.trim()) o.min = inputs.min.trim();
    if (inputs.max.trim()) o.max = inputs.max.trim();
  }
  if ((type === 'text' || type === 'pattern_text') && inputs.maxLength.trim()) {
    // Text that is not a number goes as typed: the API names options.maxLength.
    (o as Record<string, unknown>).maxLength = numberOrText(inputs.maxLength.trim());
  }
  if (type === 'pattern_text' && (inputs.regex || inputs.patternMessageZh || inputs.patternMessageEn)) {
    o.pattern = { regex: inputs.regex, message: { 'zh-CN': inputs.patternMessageZh.trim(), en: inputs.patternMessageEn.trim() } };
  }
  return Object.keys(o).length ? o : undefined;
}

/** Which option boxes a type shows. */
export function optionBoxes(type: CustomFieldType): ('choices' | 'range' | 'maxLength' | 'pattern')[] {
  switch (type) {
    case 'single_select':
    case 'multi_select':
      return ['choices'];
    case 'number':
    case 'date':
      return ['range'];
    case 'text':
      return ['maxLength'];
    case 'pattern_text':
      return ['pattern', 'maxLength'];
    case 'yes_no':
      return [];
  }
}
