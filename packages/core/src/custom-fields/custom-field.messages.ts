import type { CustomFieldType } from '@lianxu/db';
import type { LocalizedText } from '../shared/index';

// What a tenant admin reads when a field definition is refused, in both languages: the field and
// its settings named as the custom fields page names them (字段编码, 选项, 最小值…), never the
// attribute names, type codes or patterns of the API.

const msg = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** A field's type as the page's type list says it. */
const TYPE_NAME: Record<CustomFieldType, LocalizedText> = {
  text: msg('文本', 'text'),
  number: msg('数字', 'number'),
  date: msg('日期', 'date'),
  single_select: msg('单选', 'single select'),
  multi_select: msg('多选', 'multi select'),
  yes_no: msg('是/否', 'yes/no'),
  pattern_text: msg('格式校验文本', 'pattern-checked text'),
};

/** A setting of a field as the definition form labels it. */
export type OptionName = 'choices' | 'min' | 'max' | 'maxLength' | 'pattern';
const OPTION_NAME: Record<OptionName, LocalizedText> = {
  choices: msg('选项', 'choices'),
  min: msg('最小值', 'a minimum'),
  max: msg('最大值', 'a maximum'),
  maxLength: msg('最多字数', 'a maximum length'),
  pattern: msg('格式', 'a format'),
};

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'An' : 'A');

export const CUSTOM_FIELD_MESSAGES = {
  key: msg(
    '字段编码请以英文小写字母开头，只用小写英文字母、数字和下划线，最多 63 个字符，例如“shoe_size”',
    'The field code must start with a lowercase English letter and use only lowercase English letters, digits and underscores, at most 63 characters, e.g. “shoe_size”',
  ),
  choiceValue: msg('选项代码只能用文字、数字和 _ . - 这几个符号，最多 64 个字符', 'A choice code may use only letters, digits and the signs _ . - (at most 64 characters)'),
  choiceTwice: msg('有两个选项的代码相同，请修改其中一个', 'Two choices have the same code; change one of them'),
  needsChoices: (type: CustomFieldType) => msg(`${TYPE_NAME[type]['zh-CN']}字段至少需要一个选项`, `${article(TYPE_NAME[type].en)} ${TYPE_NAME[type].en} field needs at least one choice`),
  needsPattern: msg('格式校验文本字段需要填写格式', 'A pattern-checked text field needs the format its values must follow'),
  notUsed: (type: CustomFieldType, option: OptionName) => {
    const t = TYPE_NAME[type];
    return msg(`${t['zh-CN']}字段不设${OPTION_NAME[option]['zh-CN']}`, `${article(t.en)} ${t.en} field has no ${OPTION_NAME[option].en.replace(/^an? /, '')}`);
  },
  boundNumber: (bound: 'min' | 'max') => msg(`${OPTION_NAME[bound]['zh-CN']}应为数字`, `The ${bound === 'min' ? 'minimum' : 'maximum'} must be a number`),
  boundDate: (bound: 'min' | 'max') => msg(`${OPTION_NAME[bound]['zh-CN']}应为日期，例如 2026-07-01`, `The ${bound === 'min' ? 'minimum' : 'maximum'} must be a date such as 2026-07-01`),
  maxBelowMin: msg('最大值不能小于最小值', 'The maximum must not be below the minimum'),
  nothingToChange: msg('没有要修改的内容', 'There is nothing to change'),
  keyTwice: (key: string) => msg(`字段编码“${key}”出现了两次`, `The field code “${key}” is listed twice`),
};
