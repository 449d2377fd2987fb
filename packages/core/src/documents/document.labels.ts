import type { DocumentLanguage, RiskReportScope, StatementInsurance } from './documents.types';

// Every word a rendered document prints, in both languages. One place, so the PDF and the workbook
// of one report say the same thing.

type Pair = { 'zh-CN': string; en: string };
const pick = (lang: DocumentLanguage, p: Pair): string => p[lang];

export const RISK_COLUMNS = [
  { key: 'employeeName', label: { 'zh-CN': '姓名', en: 'Employee' }, width: 14 },
  { key: 'idNumberMasked', label: { 'zh-CN': '身份证号', en: 'ID number' }, width: 22 },
  { key: 'city', label: { 'zh-CN': '城市', en: 'City' }, width: 10 },
  { key: 'entity', label: { 'zh-CN': '用工主体', en: 'Entity' }, width: 24 },
  { key: 'branch', label: { 'zh-CN': '门店/分支', en: 'Branch' }, width: 14 },
  { key: 'ruleTitle', label: { 'zh-CN': '风险', en: 'Risk' }, width: 28 },
  { key: 'since', label: { 'zh-CN': '起始日', en: 'Since' }, width: 12 },
  { key: 'daysOpen', label: { 'zh-CN': '持续天数', en: 'Days open' }, width: 10 },
  { key: 'moneyAtStakeFen', label: { 'zh-CN': '涉及金额（元）', en: 'At stake (CNY)' }, width: 16 },
  { key: 'suggestedAction', label: { 'zh-CN': '建议操作', en: 'Suggested action' }, width: 30 },
] as const;

export function riskColumnLabel(lang: DocumentLanguage, key: (typeof RISK_COLUMNS)[number]['key']): string {
  return pick(lang, RISK_COLUMNS.find((c) => c.key === key)!.label);
}

export function scopeLabel(lang: DocumentLanguage, scope: RiskReportScope): string {
  switch (scope.kind) {
    case 'tenant':
      return pick(lang, { 'zh-CN': '全部', en: 'Whole company' });
    case 'entity':
      return `${pick(lang, { 'zh-CN': '用工主体', en: 'Entity' })}: ${scope.name}`;
    case 'city':
      return `${pick(lang, { 'zh-CN': '城市', en: 'City' })}: ${scope.name}`;
    case 'branch':
      return `${pick(lang, { 'zh-CN': '门店/分支', en: 'Branch' })}: ${scope.name}`;
  }
}

const INSURANCE: Record<StatementInsurance, Pair> = {
  pension: { 'zh-CN': '养老保险', en: 'Pension' },
  medical: { 'zh-CN': '医疗保险', en: 'Medical' },
  maternity: { 'zh-CN': '生育保险', en: 'Maternity' },
  unemployment: { 'zh-CN': '失业保险', en: 'Unemployment' },
  workInjury: { 'zh-CN': '工伤保险', en: 'Work injury' },
  housingFund: { 'zh-CN': '住房公积金', en: 'Housing fund' },
};

export const insuranceLabel = (lang: DocumentLanguage, insurance: StatementInsurance): string => pick(lang, INSURANCE[insurance]);

const WORDS = {
  tenant: { 'zh-CN': '公司', en: 'Company' },
  scope: { 'zh-CN': '范围', en: 'Scope' },
  generatedAt: { 'zh-CN': '生成时间', en: 'Generated' },
  total: { 'zh-CN': '合计', en: 'Total' },
  findings: { 'zh-CN': '条风险', en: 'findings' },
  noFindings: { 'zh-CN': '没有未处理的风险。', en: 'No open findings.' },
  page: { 'zh-CN': '第 {n} 页', en: 'Page {n}' },
  // The coverage statement.
  statementTitle: { 'zh-CN': '参保情况说明（非官方参保证明）', en: 'Coverage statement (not an official certificate)' },
  watermark: { 'zh-CN': '非官方证明', en: 'NOT AN OFFICIAL CERTIFICATE' },
  statementNotice: {
    'zh-CN': '本说明由连续（Lianxu）根据用人单位在本系统中的记录生成，仅供参考，不是社会保险经办机构出具的参保证明，不加盖电子印章。',
    en: 'This statement is produced by Lianxu from the records the employer keeps in it. It is for reference only: it is not a certificate issued by the social insurance bureau and bears no electronic seal.',
  },
  officialAt: { 'zh-CN': '加盖电子印章的官方参保证明请到：', en: 'For the official, sealed certificate, use:' },
  notSourced: { 'zh-CN': '（未核实来源）', en: '(not sourced)' },
  name: { 'zh-CN': '姓名', en: 'Name' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  employer: { 'zh-CN': '用人单位', en: 'Employer' },
  issuedAt: { 'zh-CN': '出具日期', en: 'Issued' },
  monthsCounted: { 'zh-CN': '累计参保月数', en: 'Months counted' },
  periods: { 'zh-CN': '参保期间', en: 'Coverage periods' },
  insurance: { 'zh-CN': '险种', en: 'Insurance' },
  city: { 'zh-CN': '城市', en: 'City' },
  from: { 'zh-CN': '起始月', en: 'From' },
  to: { 'zh-CN': '截止月', en: 'To' },
  ongoing: { 'zh-CN': '至今', en: 'ongoing' },
  monthly: { 'zh-CN': '月度缴费明细', en: 'Monthly contributions' },
  month: { 'zh-CN': '月份', en: 'Month' },
  base: { 'zh-CN': '缴费基数（元）', en: 'Base (CNY)' },
  employerAmount: { 'zh-CN': '单位缴纳（元）', en: 'Employer (CNY)' },
  employeeAmount: { 'zh-CN': '个人缴纳（元）', en: 'Employee (CNY)' },
  provisional: { 'zh-CN': '暂估', en: 'provisional' },
  withoutFigures: { 'zh-CN': '以下月份缺少政策数据，未计算金额：', en: 'No policy figures for these months, so no amounts are shown: ' },
  verification: { 'zh-CN': '验证码', en: 'Verification code' },
  verifyAt: { 'zh-CN': '可在此核验真伪（仅显示出具日期及是否真实）：', en: 'Check it at (shows only the issue date and whether it is genuine): ' },
} satisfies Record<string, Pair>;

export function word(lang: DocumentLanguage, key: keyof typeof WORDS, vars: Record<string, string | number> = {}): string {
  return pick(lang, WORDS[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** A date-time as Asia/Shanghai shows it: 2026-03-05 14:07 (core/shared's one copy). */
export { shanghaiDateTime } from '../shared/index';

/** Integer fen as yuan with thousands separators: 123456789 -> 1,234,567.89. */
export function yuan(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${negative ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
