// The one zh/en glossary of the domain. Every message file follows it: a message whose Chinese
// uses a term says it in English with the term's English words (glossary.test.ts checks all of
// them), and words that belong to developers or to the platform stay off the pages HR and
// employees read.

export interface GlossaryTerm {
  zh: string;
  en: string;
  /** How the English of a message using the term must read (a word form may vary: "enrol", "enrollment"). */
  enPattern: RegExp;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { zh: '增员', en: 'enrollment', enPattern: /enrol/i },
  { zh: '减员', en: 'stop contributions', enPattern: /\bstop/i },
  { zh: '停缴', en: 'stop contributions', enPattern: /\bstop/i },
  { zh: '缴费基数', en: 'contribution base', enPattern: /\bbase/i },
  { zh: '最后工作日', en: 'last working day', enPattern: /last working day/i },
  { zh: '经办机构', en: 'bureau', enPattern: /bureau/i },
];

/**
 * Words HR and employees never read: 租户 (say 单位), 标识 (a developer's "slug" or "key"), 离职日期
 * (the form and the page say 最后工作日).
 */
export const NOT_FOR_USERS: readonly { word: string; instead: string }[] = [
  { word: '租户', instead: '单位' },
  { word: '标识', instead: '编码 / 代码' },
  { word: '离职日期', instead: '最后工作日' },
];

/**
 * Other words for a glossary term, which pages, messages, SMS texts and exports do not use (the
 * glossary's own word is said instead): 社保局 and "agency" for 经办机构 / bureau, 停保 for 停缴,
 * 社保基数 / 缴纳基数 / 工资基数 for 缴费基数, "leaving date" for the last working day.
 */
export const SYNONYMS: readonly { term: string; zh?: string; en?: RegExp }[] = [
  { term: '经办机构 / bureau', zh: '社保局' },
  { term: '经办机构 / bureau', en: /\b(social insurance|social security|SI) (agency|office)\b/i },
  { term: '停缴 / stop contributions', zh: '停保' },
  { term: '停缴 / stop contributions', en: /\bsuspen(d|ded|sion)\b/i },
  { term: '缴费基数 / contribution base', zh: '社保基数' },
  { term: '缴费基数 / contribution base', zh: '缴纳基数' },
  { term: '缴费基数 / contribution base', zh: '工资基数' },
  { term: '缴费基数 / contribution base', en: /\b(contribution basis|salary base|insured (wage|salary))\b/i },
  { term: '最后工作日 / last working day', en: /\b(leaving|termination|separation) date\b/i },
];
