// The one error hierarchy of core. The API maps every DomainError onto its error shape
// {error: {code, message, fields}} in one place; every message exists in zh-CN and en.
import type { LocalizedText } from './localized';

export type { LocalizedText };

/** HTTP statuses a domain refusal may answer with. */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 422 | 500 | 502 | 503;

/**
 * A refused operation: nothing was written. `code` is stable (clients branch on it), `status` is
 * the HTTP status, `fields` names the request fields at fault.
 */
export class DomainError extends Error {
  constructor(
    readonly status: DomainErrorStatus,
    readonly code: string,
    readonly messages: LocalizedText,
    readonly fields?: Record<string, LocalizedText>,
  ) {
    super(`${code}: ${messages.en}${fields ? ` (${Object.entries(fields).map(([k, v]) => `${k}: ${v.en}`).join('; ')})` : ''}`);
    this.name = 'DomainError';
  }

  /**
   * The same refusal naming the request field it is about, for a caller that knows which field
   * carried the value (a route's path parameter, an upload's body); one that names fields already
   * is kept as it is.
   */
  naming(field: string): DomainError {
    return this.fields ? this : new DomainError(this.status, this.code, this.messages, { [field]: this.messages });
  }
}

export type PeopleErrorStatus = 400 | 403 | 404 | 409;

/** A refused people operation (and the field checks every module shares). */
export class PeopleError extends DomainError {
  declare readonly status: PeopleErrorStatus;
  constructor(status: PeopleErrorStatus, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'PeopleError';
  }
}

const VALIDATION: LocalizedText = { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' };

/** Collects field problems so one answer names every bad field. */
export class FieldProblems {
  private readonly fields: Record<string, LocalizedText> = {};

  add(field: string, zh: string, en: string): void {
    this.fields[field] ??= { 'zh-CN': zh, en };
  }

  has(field: string): boolean {
    return field in this.fields;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new PeopleError(400, 'validation_failed', VALIDATION, { ...this.fields });
  }
}

/** A 400 naming one field. */
export function invalidField(field: string, zh: string, en: string): PeopleError {
  return new PeopleError(400, 'validation_failed', VALIDATION, { [field]: { 'zh-CN': zh, en } });
}

export const notFound = (what: 'employee' | 'task' | 'notification'): PeopleError =>
  new PeopleError(404, 'not_found', {
    'zh-CN': { employee: '没有这名员工', task: '没有这项申报任务', notification: '没有这条通知' }[what],
    en: { employee: 'No such employee', task: 'No such filing task', notification: 'No such notification' }[what],
  });

export function conflict(code: string, zh: string, en: string, field?: string): PeopleError {
  const messages = { 'zh-CN': zh, en };
  return new PeopleError(409, code, messages, field ? { [field]: messages } : undefined);
}

/** A refused risk operation (a finding that does not exist or is no longer open). */
export class RiskError extends DomainError {
  constructor(status: 404 | 409, code: string, messages: LocalizedText) {
    super(status, code, messages);
    this.name = 'RiskError';
  }
}
