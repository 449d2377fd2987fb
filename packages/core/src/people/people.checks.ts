import type { Hukou } from '@lianxu/db';
import { checkCustomFieldValues, type CustomFieldDefinition, type CustomFieldValues } from '../custom-fields/index';
import { addDays, type FieldProblems, idNumberProblem, type IdNumberProblem, invalidField, isRealDate, isUuid, normalizeIdNumber, parseYuan } from '../shared/index';
import type { PolicyCities } from '../policy-library/index';
import type { HireInput } from './people.types';

// The checks of the people module's inputs that need no transaction. Each adds its problem under
// the request's field name, so one answer names every bad field.

/** A hire may be entered ahead of the first day, but not absurdly far. */
export const MAX_DAYS_AHEAD = 90;
const EARLIEST_DATE = '2000-01-01';
/** Exclusive upper bound of a monthly wage: 1,000,000 yuan, far above any contribution cap. */
const WAGE_CEILING_FEN = 100_000_000n;

const ID_PROBLEMS: Record<IdNumberProblem, [string, string]> = {
  shape: ['身份证号应为 18 位：17 位数字加 1 位数字或 X', 'must be 18 characters: 17 digits, then a digit or X'],
  region: ['身份证号前两位不是有效的省级行政区划代码', 'the first two digits are not a province code (GB/T 2260)'],
  birth_date: ['身份证号中的出生日期无效', 'the birth date in it is not a real date in the past'],
  check_digit: ['身份证号校验码不正确（GB 11643）', 'the check digit is wrong (GB 11643)'],
};

export function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} ·.'-]*$/u;

export function checkName(problems: FieldProblems, field: string, value: unknown): string {
  const name = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (!name) problems.add(field, '请填写姓名', 'Enter the name');
  else if ([...name].length > 50) problems.add(field, '姓名最多 50 个字', 'at most 50 characters');
  else if (!NAME.test(name)) problems.add(field, '姓名只能包含文字、空格和 · . \' -', "may contain only letters, spaces and · . ' -");
  return name;
}

export function checkIdNumber(problems: FieldProblems, field: string, value: unknown, today: string): string {
  const id = typeof value === 'string' ? normalizeIdNumber(value) : '';
  if (!id) {
    problems.add(field, '请填写身份证号', 'Enter the ID number');
    return id;
  }
  const problem = idNumberProblem(id, today);
  if (problem) problems.add(field, ...ID_PROBLEMS[problem]);
  return id;
}

/** A real date from 2000-01-01 to `MAX_DAYS_AHEAD` days after today. */
export function checkDate(problems: FieldProblems, field: string, value: unknown, today: string): string {
  const latest = addDays(today, MAX_DAYS_AHEAD);
  if (!isRealDate(value)) {
    problems.add(field, '请填写真实存在的日期，例如 2026-07-01', 'Enter a real date such as 2026-07-01');
    return '';
  }
  if (value < EARLIEST_DATE) problems.add(field, '日期不能早于 2000-01-01', 'must not be before 2000-01-01');
  else if (value > latest) problems.add(field, `日期不能晚于今天之后 ${MAX_DAYS_AHEAD} 天（${latest}）`, `must not be more than ${MAX_DAYS_AHEAD} days ahead (${latest})`);
  return value;
}

export function checkWage(problems: FieldProblems, field: string, value: unknown): bigint {
  const fen = parseYuan(value);
  if (fen === null) {
    problems.add(field, '请填写月工资金额（元），最多两位小数，例如 8500 或 8,500.00', 'Enter the monthly wage in yuan, with at most 2 decimals, e.g. 8500 or 8,500.00');
    return 0n;
  }
  if (fen <= 0n) problems.add(field, '月工资必须大于 0', 'must be more than 0');
  else if (fen >= WAGE_CEILING_FEN) problems.add(field, '月工资必须低于 1,000,000 元', 'must be below 1,000,000 yuan');
  return fen;
}

export function checkCityShape(problems: FieldProblems, field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{6}$/.test(value)) {
    problems.add(field, '工作城市应为 6 位行政区划代码（GB/T 2260），例如 310100', 'must be a 6-digit GB/T 2260 city code, e.g. 310100');
    return '';
  }
  return value;
}

/** A 400 on `field` unless the policy library has the city; asked before any transaction opens (see PolicyCities). */
export async function checkPolicyCity(policyCities: PolicyCities, problems: FieldProblems, field: string, cityCode: string): Promise<void> {
  if (problems.has(field) || (await policyCities.knows(cityCode))) return;
  problems.add(field, `政策库中没有城市 ${cityCode}，无法计算基数和申报`, `city ${cityCode} is not in the policy library, so nothing can be computed or filed there`);
}

export const notRegistered = (field: string, cityCode: string) =>
  invalidField(field, `该用工主体未在城市 ${cityCode} 办理社保登记`, `the employing entity has no social insurance registration in city ${cityCode}`);

/** A hukou cell of an import: local / non-local, or 本地 / 外地. */
export function hukouOf(text: string | undefined): string {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '本地' || t === '本地户籍') return 'local';
  if (t === '外地' || t === '外地户籍' || t === 'nonlocal') return 'non-local';
  return t;
}

export interface CheckedHire {
  name: string;
  idNumber: string;
  index: Buffer;
  mobile: string;
  hukou: Hukou;
  workCity: string;
  hireDate: string;
  wageFen: bigint;
  entityInput: string | null;
  customFields: CustomFieldValues;
}

/** Every check of a hire that needs no transaction; problems are added under the request's field names. */
export function checkHire(problems: FieldProblems, input: HireInput, today: string, fields: readonly CustomFieldDefinition[], blindIndex: (idNumber: string) => Buffer): CheckedHire {
  const name = checkName(problems, 'name', input.name);
  const idNumber = checkIdNumber(problems, 'idNumber', input.idNumber, today);
  const mobile = typeof input.mobile === 'string' ? normalizeMobile(input.mobile) : '';
  if (!/^1[3-9]\d{9}$/.test(mobile)) problems.add('mobile', '手机号应为 11 位中国大陆手机号', 'must be an 11-digit mainland China mobile number');
  if (input.hukou !== 'local' && input.hukou !== 'non-local') problems.add('hukou', '户籍类型应为 local（本地）或 non-local（外地）', 'must be local or non-local');
  const workCity = checkCityShape(problems, 'workCity', input.workCity);
  const hireDate = checkDate(problems, 'hireDate', input.hireDate, today);
  const wageFen = checkWage(problems, 'monthlyWage', input.monthlyWage);
  const entityInput = input.entityId ?? null;
  if (entityInput !== null && (typeof entityInput !== 'string' || !isUuid(entityInput))) {
    problems.add('entityId', '用工主体编号无效', 'must be the id of one of the tenant\'s employing entities');
  }
  const custom = checkCustomFieldValues(fields, input.customFields, { partial: false });
  for (const [f, m] of Object.entries(custom.problems)) problems.add(f, m['zh-CN'], m.en);
  const customFields: CustomFieldValues = {};
  for (const [k, v] of Object.entries(custom.values)) if (v !== null) customFields[k] = v;
  return {
    name,
    idNumber,
    index: problems.has('idNumber') ? Buffer.alloc(0) : blindIndex(idNumber),
    mobile,
    hukou: input.hukou as Hukou,
    workCity,
    hireDate,
    wageFen,
    entityInput,
    customFields,
  };
}
