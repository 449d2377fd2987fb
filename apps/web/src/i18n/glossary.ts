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
