import type { Localized } from './extension-points';

// Hints schema authors wrote in English beside a pattern (`.regex(re, 'a time HH:MM')`), said for
// a reader of Chinese, and where the English reads like a spec, in plainer English too. A hint not
// listed here still reaches a Chinese reader in Chinese: the plain text of its kind of issue.

const ID: Localized = { 'zh-CN': '编号无效', en: 'This id is not valid' };
const CITY: Localized = { 'zh-CN': '城市代码应为 6 位数字，例如 310100', en: 'A city code has six digits, such as 310100' };
const MOBILE: Localized = { 'zh-CN': '请填写 11 位手机号码', en: 'Enter an 11-digit mobile number' };
const MONTH: Localized = { 'zh-CN': '请填写月份，例如 2026-03', en: 'Enter a month such as 2026-03' };
const DATE: Localized = { 'zh-CN': '请填写日期，例如 2026-07-01', en: 'Enter a date such as 2026-07-01' };

export const AUTHOR_HINTS: Readonly<Record<string, Localized>> = {
  'a migration run id': { 'zh-CN': '迁移批次编号无效', en: 'This migration run id is not valid' },
  'a run id': { 'zh-CN': '迁移批次编号无效', en: 'This migration run id is not valid' },
  'an employee id': { 'zh-CN': '员工编号无效', en: 'This employee id is not valid' },
  'a user id': ID,
  'a tenant id': ID,
  'a finding id': ID,
  'a difference id': ID,
  'a base adjustment id': ID,
  'a plugin id': { 'zh-CN': '没有这个插件', en: 'There is no such plugin' },
  'a time HH:MM': { 'zh-CN': '请填写时间，例如 08:30', en: 'Enter a time such as 08:30' },
  'an 11-digit mainland China mobile number': MOBILE,
  'an 11-digit mainland mobile number': MOBILE,
  'a GB/T 2260 city code has six digits': CITY,
  'a 6-digit city code': CITY,
  'a date YYYY-MM-DD': DATE,
  'a month YYYY-MM': MONTH,
  'an employing entity id': { 'zh-CN': '请选择本公司的用工主体', en: 'Choose an employing entity of this company' },
  'a reason code': { 'zh-CN': '没有这个原因，请从列表中选择', en: 'There is no such reason; choose one from the list' },
  'must be a date YYYY-MM-DD': DATE,
  'a postgres:// URL of the old system (read-only login)': { 'zh-CN': '请填写旧系统数据库的连接地址（以 postgres:// 开头，使用只读账号）', en: 'Enter the old system’s database address (starting postgres://, with a read-only login)' },
  '16 hex digits': { 'zh-CN': '密钥编号无效，请使用打包命令生成的密钥文件', en: 'The key id is not valid; use the key file the pack command made' },
  base64: { 'zh-CN': '密钥内容无效，请使用打包命令生成的密钥文件', en: 'The key is not valid; use the key file the pack command made' },
  '32 bytes as base64': { 'zh-CN': '传输密钥无效，请使用打包命令生成的密钥', en: 'The transfer key is not valid; use the key the pack command made' },
  'must not be before validFrom': { 'zh-CN': '不能早于开始日期', en: 'Must not be before the start date' },
  'the switch must be signed off': { 'zh-CN': '切换需要签核确认', en: 'The switch must be signed off' },
  'lowercase letters, digits, _ and -, at most 40': { 'zh-CN': '只能使用小写字母、数字、_ 和 -，最多 40 个字符', en: 'Use lowercase letters, digits, _ or -, at most 40 characters' },
  missing: { 'zh-CN': '缺少此项', en: 'Missing' },
};
