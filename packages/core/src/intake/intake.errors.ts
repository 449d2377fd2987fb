import { DomainError, type LocalizedText } from '../shared/index';

export type IntakeErrorStatus = 400 | 404 | 409 | 410;

/** A refused intake operation (nothing was written). Links answer 404 when unknown, 410 when spent. */
export class IntakeError extends DomainError {
  declare readonly status: IntakeErrorStatus;
  constructor(status: IntakeErrorStatus, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'IntakeError';
  }
}

/** A link whose token matches nothing (mistyped, tampered with, or of another company). */
export const linkNotFound = () =>
  new IntakeError(404, 'intake_link_not_found', { 'zh-CN': '链接无效，请核对短信中的完整链接，或联系招聘方重新发送', en: 'This link is not valid. Check that you opened the full link, or ask the employer to send a new one' });

export const linkExpired = () =>
  new IntakeError(410, 'intake_link_expired', { 'zh-CN': '链接已过期，请联系招聘方重新发送', en: 'This link has expired. Ask the employer to send a new one' });

export const linkUsed = () =>
  new IntakeError(410, 'intake_link_used', { 'zh-CN': '此链接已提交过，不能再次使用；如需修改请联系招聘方', en: 'This form has already been submitted and the link cannot be used again. Contact the employer to change anything' });

export const intakeNotFound = () => new IntakeError(404, 'not_found', { 'zh-CN': '没有这份入职登记', en: 'No such candidate intake' });

export const wrongState = (zh: string, en: string) => new IntakeError(409, 'intake_state', { 'zh-CN': zh, en });

export const candidateIdReused = () => {
  const m = { 'zh-CN': '此候选人编号已用于另一份不同的内容', en: 'This candidate id was already pushed with different details' };
  return new IntakeError(409, 'candidate_id_reused', m, { candidateId: m });
};
