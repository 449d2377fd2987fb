import type { Choice, CustomFieldOptions, CustomFieldType } from './custom-fields.api';

// The custom field definition form's boxes and choice rows, turned into the definition the API takes. Kept out
// of the page so they can be tested; the API checks meaning and names what is wrong.

/** One choice as the admin edits it: its two labels (its stored code is made from them). */
export type ChoiceRow = { zh: string; en: string };

export const emptyChoiceRow = (): ChoiceRow => ({ zh: '', en: '' });

/** The words of a label as a code: "Uniform size" -> "uniform_size", "T-shirt (XL)" -> "t_shirt_xl"; '' without a Latin letter or digit. */
export function codeOf(label: string, max: number): string {
  const words = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.join('_').slice(0, max).replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3`… whichever is not taken. */
function unused(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/**
 * The field code made from its labels, so the admin never has to type one: the English label's
 * words ("Uniform size" -> uniform_size), else field_<n>; it starts with a letter, fits the API's
 * 63 characters and is none of the tenant's codes.
 */
export function keyFromLabels(labels: { en: string }, taken: ReadonlySet<string>): string {
  const words = codeOf(labels.en, 56);
  if (!words) {
    for (let n = taken.size + 1; ; n++) if (!taken.has(`field_${n}`)) return `field_${n}`;
  }
  return unused(/^[a-z]/.test(words) ? words : `field_${words}`.slice(0, 56), taken);
}

/**
 * The choices to send from the rows: blank rows skipped, a missing label filled from the other, and
 * each stored code made from the English label the same way as the field code (choice_<n> without
 * one), distinct within the field.
 */
export function choicesFromRows(rows: readonly ChoiceRow[]): Choice[] {
  const taken = new Set<string>();
  return rows
    .map((row) => ({ zh: row.zh.trim(), en: row.en.trim() }))
    .filter((row) => row.zh !== '' || row.en !== '')
    .map((row, i) => {
      const value = unused(codeOf(row.en, 60) || `choice_${i + 1}`, taken);
      taken.add(value);
      return { value, labels: { 'zh-CN': row.zh || row.en, en: row.en || row.zh } };
    });
}

export type OptionInputs = {
  choices: ChoiceRow[];
  min: string;
  max: string;
  maxLength: string;
  regex: string;
  patternMessageZh: string;
  patternMessageEn: string;
};

/** Empty boxes, with one empty choice row to type into. */
export const emptyOptionInputs = (): OptionInputs => ({ choices: [emptyChoiceRow()], min: '', max: '', maxLength: '', regex: '', patternMessageZh: '', patternMessageEn: '' });

/** A number box: a number when it reads as one, else the text as typed (the API then names the option). */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** Only the options the type uses, from the boxes that were filled in. */
export function optionsFor(type: CustomFieldType, inputs: OptionInputs): CustomFieldOptions | undefined {
  const o: CustomFieldOptions = {};
  if (type === 'single_select' || type === 'multi_select') {
    const choices = choicesFromRows(inputs.choices);
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
