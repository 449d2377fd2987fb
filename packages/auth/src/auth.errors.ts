// Auth sits below core (core's users and sessions come from here), so it cannot extend core's
// DomainError. Its refusals carry the same shape instead (HTTP status, stable code, zh-CN and en
// messages, fields at fault), and the API maps both in its one error handler.

import type { Localized } from '@lianxu/db';

export type AuthErrorStatus = 400 | 401 | 403 | 404 | 409 | 429;

/** A refused account or membership operation: nothing was written. */
export class AuthError extends Error {
  constructor(
    readonly status: AuthErrorStatus,
    readonly code: string,
    readonly messages: Localized,
    readonly fields?: Record<string, Localized>,
  ) {
    super(`${code}: ${messages.en}`);
    this.name = 'AuthError';
  }
}

export type InvitationErrorCode =
  | 'invitation_invalid' // unknown, expired, revoked or already used: the same answer for all four
  | 'wrong_password' // the e-mail has an account and this is not its password
  | 'already_member'
  | 'last_admin'
  | 'self_removal' // a member removing themself: leaving is done by another admin, so no one locks themself out by a slip
  | 'not_found';

const INVITATION_ERRORS: Record<InvitationErrorCode, { status: AuthErrorStatus; messages: Localized; fields?: Record<string, Localized> }> = {
  invitation_invalid: { status: 404, messages: { 'zh-CN': '邀请链接无效、已过期、已撤销或已使用', en: 'The invitation link is unknown, expired, revoked or already used' } },
  wrong_password: {
    status: 401,
    messages: { 'zh-CN': '该邮箱已有账号，请输入该账号的密码', en: 'This e-mail already has an account; enter its password' },
    fields: { password: { 'zh-CN': '密码不正确', en: 'The password is not correct' } },
  },
  already_member: {
    status: 409,
    messages: { 'zh-CN': '该邮箱已是本单位的用户', en: 'This e-mail is already a user of this tenant' },
    fields: { email: { 'zh-CN': '已是本单位用户', en: 'already a user here' } },
  },
  last_admin: { status: 409, messages: { 'zh-CN': '单位至少要保留一名管理员', en: 'The tenant must keep at least one tenant admin' } },
  self_removal: { status: 409, messages: { 'zh-CN': '不能移除自己；如需离开本单位，请让另一位管理员操作', en: 'You cannot remove yourself; ask another admin to remove you' } },
  not_found: { status: 404, messages: { 'zh-CN': '请求的资源不存在', en: 'The requested resource does not exist' } },
};

/** A refused invitation or membership change; `code` says which. */
export class InvitationError extends AuthError {
  declare readonly code: InvitationErrorCode;
  constructor(code: InvitationErrorCode) {
    const known = INVITATION_ERRORS[code];
    super(known.status, code, known.messages, known.fields);
    this.name = 'InvitationError';
  }
}
