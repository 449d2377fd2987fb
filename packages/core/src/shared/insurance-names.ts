import type { LocalizedText } from './localized';

/** The insurances in their usual order, each with its name as HR reads it. */
export const INSURANCE_NAMES: Readonly<Record<string, LocalizedText>> = {
  pension: { 'zh-CN': '养老保险', en: 'pension' },
  medical: { 'zh-CN': '医疗保险', en: 'medical insurance' },
  maternity: { 'zh-CN': '生育保险', en: 'maternity insurance' },
  unemployment: { 'zh-CN': '失业保险', en: 'unemployment insurance' },
  workInjury: { 'zh-CN': '工伤保险', en: 'work-injury insurance' },
  housingFund: { 'zh-CN': '住房公积金', en: 'housing fund' },
};

/** Names the insurances, in their usual order, joined for a sentence in each language. */
export function insuranceList(insurances: Iterable<string>): LocalizedText {
  const set = new Set(insurances);
  const names = Object.keys(INSURANCE_NAMES).filter((i) => set.has(i)).map((i) => INSURANCE_NAMES[i]!);
  const en = names.map((n) => n.en);
  return {
    'zh-CN': names.map((n) => n['zh-CN']).join('、'),
    en: en.length <= 1 ? (en[0] ?? '') : `${en.slice(0, -1).join(', ')} and ${en.at(-1)}`,
  };
}
