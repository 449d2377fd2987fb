import { DomainError, type DomainErrorStatus, type LocalizedText } from '../shared/index';

/** A refused self-service operation (links, the employee's own pages, their requests). */
export class SelfServiceError extends DomainError {
  constructor(status: DomainErrorStatus, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'SelfServiceError';
  }
}

/** The caller has no employee record linked in this tenant (or asked for one that is not theirs). */
export const noEmployeeRecord = () =>
  new SelfServiceError(404, 'not_found', { 'zh-CN': '您的账号尚未关联员工档案，请联系人事', en: 'Your account is not linked to an employee record yet; please ask HR' });

export const requestNotFound = () => new SelfServiceError(404, 'not_found', { 'zh-CN': '没有这条申请', en: 'No such request' });

export const ruleNotFound = () => new SelfServiceError(404, 'not_found', { 'zh-CN': '没有这条连续缴纳规则', en: 'No such continuity rule' });
