import { normalizeText, textProblem } from '@lianxu/plugin-sdk';
import { checkCityShape, checkIdNumber, checkName, checkWage, MAX_DAYS_AHEAD, normalizeMobile } from '../people/index';
import { addDays, isRealDate, monthOf, type FieldProblems } from '../shared/index';
import { EDUCATION_LEVELS, HUKOU_TYPES, ID_TYPES, MARITAL_STATUSES, type CandidateAnswers, type OfferInput } from './intake.types';
import { monthsBetween } from './intake.gap';

// The intake's field checks that need no transaction. Each problem is named by the request's field,
// in zh-CN and en, so one answer names every bad field and nothing is written.

/** An intake may be sent for a start date this many days back (a late hire is still one to file). */
export const MAX_START_DAYS_BACK = 30;
const MOBILE = /^1[3-9]\d{9}$/;

export function checkMobile(problems: FieldProblems, field: string, value: unknown): string {
  const mobile = typeof value === 'string' ? normalizeMobile(value) : '';
  if (!MOBILE.test(mobile)) problems.add(field, '手机号应为 11 位中国大陆手机号', 'must be an 11-digit mainland China mobile number');
  return mobile;
}

/** A start date: real, at most `MAX_START_DAYS_BACK` days back and `MAX_DAYS_AHEAD` days ahead. */
export function checkStartDate(problems: FieldProblems, field: string, value: unknown, today: string): string {
  if (!isRealDate(value)) {
    problems.add(field, '请填写真实存在的日期，例如 2026-07-01', 'Enter a real date such as 2026-07-01');
    return '';
  }
  const earliest = addDays(today, -MAX_START_DAYS_BACK);
  const latest = addDays(today, MAX_DAYS_AHEAD);
  if (value < earliest) problems.add(field, `入职日期不能早于 ${earliest}（${MAX_START_DAYS_BACK} 天前）`, `must not be more than ${MAX_START_DAYS_BACK} days ago (${earliest})`);
  else if (value > latest) problems.add(field, `入职日期不能晚于 ${latest}（${MAX_DAYS_AHEAD} 天后）`, `must not be more than ${MAX_DAYS_AHEAD} days ahead (${latest})`);
  return value;
}

/** The one text rule (well-formed, no control characters, bounded), stored normalized. */
export function checkText(problems: FieldProblems, field: string, value: unknown, max: number, zhName: string, min = 1): string {
  if (typeof value !== 'string') {
    problems.add(field, `请填写${zhName}`, 'is required');
    return '';
  }
  const problem = textProblem(value, { max, min });
  if (problem) problems.add(field, `${zhName}：${problem['zh-CN']}`, problem.en);
  return problem ? '' : normalizeText(value);
}

function checkChoice<T extends string>(problems: FieldProblems, field: string, value: unknown, choices: readonly T[], zh: string, en: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) problems.add(field, zh, en);
  return value as T;
}

export interface CheckedOffer {
  name: string;
  mobile: string;
  cityCode: string;
  entityInput: string | null;
  startDate: string;
  wageFen: bigint;
  expiresInDays: number;
}

export function checkOffer(problems: FieldProblems, input: Partial<OfferInput>, today: string): CheckedOffer {
  const name = checkName(problems, 'name', input.name);
  const mobile = checkMobile(problems, 'mobile', input.mobile);
  const cityCode = checkCityShape(problems, 'cityCode', input.cityCode);
  const startDate = checkStartDate(problems, 'startDate', input.startDate, today);
  const wageFen = checkWage(problems, 'monthlyWage', input.monthlyWage);
  const entityInput = input.entityId ?? null;
  if (entityInput !== null && (typeof entityInput !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entityInput))) {
    problems.add('entityId', '用工主体编号无效', "must be the id of one of the tenant's employing entities");
  }
  const days = input.expiresInDays ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > 30) problems.add('expiresInDays', '链接有效期应为 1 至 30 天', 'must be a whole number of days from 1 to 30');
  return { name, mobile, cityCode, entityInput, startDate, wageFen, expiresInDays: days };
}

export interface CheckedAnswers extends Omit<CandidateAnswers, 'previousSiAccount' | 'previousHfAccount' | 'lastPaidMonth'> {
  previousSiAccount: string | null;
  previousHfAccount: string | null;
  lastPaidMonth: string | null;
}

const ACCOUNT = /^[0-9A-Za-z-]{4,32}$/;

function checkAccount(problems: FieldProblems, field: string, value: unknown, zh: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const t = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
  if (!ACCOUNT.test(t)) problems.add(field, `${zh}应为 4 至 32 位数字或字母`, 'must be 4 to 32 digits or letters');
  return t;
}

/** Every answer of the 入职登记表, checked against each other (ID number, sex, birth date) and the start month. */
export function checkAnswers(problems: FieldProblems, input: Partial<Record<keyof CandidateAnswers, unknown>>, today: string, startDate: string): CheckedAnswers {
  const idType = checkChoice(problems, 'idType', input.idType, ID_TYPES, '请选择证件类型：居民身份证或港澳台居民居住证', 'choose the ID type: resident ID card or residence permit for Hong Kong, Macao and Taiwan residents');
  const idNumber = checkIdNumber(problems, 'idNumber', input.idNumber, today);
  const name = checkName(problems, 'name', input.name);
  const sex = checkChoice(problems, 'sex', input.sex, ['male', 'female'] as const, '请选择性别', 'choose male or female');
  let birthDate = '';
  if (!isRealDate(input.birthDate) || input.birthDate < '1900-01-01' || input.birthDate > today) {
    problems.add('birthDate', '出生日期应为过去真实存在的日期 YYYY-MM-DD', 'must be a real date in the past, YYYY-MM-DD');
  } else birthDate = input.birthDate;
  if (!problems.has('idNumber') && idNumber) {
    const idBirth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    if (birthDate && idBirth !== birthDate) problems.add('birthDate', '出生日期与证件号码中的出生日期不一致', 'does not match the birth date in the ID number');
    const idSex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
    if (!problems.has('sex') && idSex !== sex) problems.add('sex', '性别与证件号码不一致', 'does not match the ID number');
  }
  const ethnicity = checkText(problems, 'ethnicity', input.ethnicity, 20, '民族');
  const hukouType = checkChoice(problems, 'hukouType', input.hukouType, HUKOU_TYPES, '请选择户口性质', 'choose the hukou type');
  const hukouAddress = checkText(problems, 'hukouAddress', input.hukouAddress, 200, '户籍地址', 4);
  const mobile = checkMobile(problems, 'mobile', input.mobile);
  const education = checkChoice(problems, 'education', input.education, EDUCATION_LEVELS, '请选择学历', 'choose the education level');
  const maritalStatus = checkChoice(problems, 'maritalStatus', input.maritalStatus, MARITAL_STATUSES, '请选择婚姻状况', 'choose the marital status');
  const previousSiAccount = checkAccount(problems, 'previousSiAccount', input.previousSiAccount, '原社保个人编号');
  const previousHfAccount = checkAccount(problems, 'previousHfAccount', input.previousHfAccount, '原公积金个人账号');
  let firstInsured = false;
  if (typeof input.firstInsured !== 'boolean') problems.add('firstInsured', '请选择是否首次参保', 'say whether this is the first time insured');
  else firstInsured = input.firstInsured;
  let lastPaidMonth: string | null = null;
  if (!firstInsured && typeof input.firstInsured === 'boolean') {
    const m = input.lastPaidMonth;
    if (typeof m !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) {
      problems.add('lastPaidMonth', '请填写上家单位最后缴费月份，格式 YYYY-MM', 'the last month the previous employer paid is required, YYYY-MM');
    } else if (m < '1990-01') {
      problems.add('lastPaidMonth', '最后缴费月份不能早于 1990-01', 'must not be before 1990-01');
    } else if (startDate && monthsBetween(m, monthOf(startDate)) < 0) {
      problems.add('lastPaidMonth', '最后缴费月份不能晚于入职月份', 'must not be after the month of the start date');
    } else lastPaidMonth = m;
  }
  const bankName = checkText(problems, 'bankName', input.bankName, 50, '开户银行', 2);
  const bankCard = typeof input.bankCard === 'string' ? input.bankCard.replace(/[\s-]/g, '') : '';
  if (!/^\d{12,19}$/.test(bankCard)) problems.add('bankCard', '银行卡号应为 12 至 19 位数字', 'must be 12 to 19 digits');
  return {
    idType, idNumber, name, sex, birthDate, ethnicity, hukouType, hukouAddress, mobile, education, maritalStatus,
    previousSiAccount, previousHfAccount, firstInsured, lastPaidMonth, bankName, bankCard,
  };
}

/** The hire's hukou (local / non-local) from the 户口性质. */
export const hukouOfType = (t: string): 'local' | 'non-local' => (t.startsWith('local') ? 'local' : 'non-local');

export const maskBankCard = (card: string): string => `${'*'.repeat(Math.max(0, card.length - 4))}${card.slice(-4)}`;
