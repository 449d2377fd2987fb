import { MONTH_LOCKED_SQLSTATE } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { DomainError, type LocalizedText } from '../shared/index';

export type CloseErrorStatus = 400 | 403 | 404 | 409 | 422;

/** A refused close operation: nothing was written. */
export class CloseError extends DomainError {
  declare readonly status: CloseErrorStatus;
  constructor(status: CloseErrorStatus, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'CloseError';
  }
}

/** The city's name in both languages (the code when the policy library does not know it). */
export function cityName(cityCode: string): { zh: string; en: string } {
  const city = getDefaultPolicyLibrary().engine.cities.find((c) => c.code === cityCode);
  return city ? { zh: city.zh, en: city.en } : { zh: cityCode, en: cityCode };
}

/** 409: the month is locked; names the month and the city. */
export function monthLocked(month: string, cityCode: string): CloseError {
  const city = cityName(cityCode);
  return new CloseError(409, 'month_locked', {
    'zh-CN': `${city.zh} ${month} 已锁账，不能再修改该月的数据；如需更正，请在未锁账的月份录入调整`,
    en: `${month} in ${city.en} is locked: its figures can no longer change; record the correction as an adjustment in an open month`,
  }, { month: { 'zh-CN': `${month} 已锁账`, en: `${month} is locked` } });
}

/**
 * 503: rows that name people by ID number need the personal-data vault (blind index), and this
 * server was built without one: a configuration fault, said as such instead of a bare 500.
 */
export function vaultUnavailable(): DomainError {
  return new DomainError(503, 'personal_data_unavailable', {
    'zh-CN': '此服务未配置个人信息密钥，无法按身份证号匹配员工；请按员工编号提交，或联系管理员',
    en: 'This server has no personal-data key, so people cannot be matched by ID number; send employee ids instead, or contact the administrator',
  });
}

export function closeInvalid(field: string, zh: string, en: string): CloseError {
  return new CloseError(400, 'validation_failed', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { [field]: { 'zh-CN': zh, en } });
}

export function closeConflict(code: string, zh: string, en: string): CloseError {
  return new CloseError(409, code, { 'zh-CN': zh, en });
}

export function closeNotFound(what: 'month' | 'difference' | 'entity'): CloseError {
  return new CloseError(404, 'not_found', {
    'zh-CN': { month: '没有这个月结', difference: '没有这条差异', entity: '没有这个用工主体' }[what],
    en: { month: 'No such monthly close', difference: 'No such difference', entity: 'No such employing entity' }[what],
  });
}

/** Runs `work`; the database's locked-month refusal becomes the 409 naming the month. */
export async function refusingLocked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; detail?: string };
    if (e.code === MONTH_LOCKED_SQLSTATE && typeof e.detail === 'string') {
      const [month, city] = e.detail.split(' ');
      throw monthLocked(month!, city!);
    }
    throw error;
  }
}
