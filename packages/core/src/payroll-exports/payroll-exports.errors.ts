import { DomainError, type LocalizedText } from '../shared/index';

/** A refused export: nothing is written by an export, so a refusal only explains. */
export class PayrollExportError extends DomainError {
  constructor(status: 400 | 422, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'PayrollExportError';
  }
}

export function exportInvalid(field: string, zh: string, en: string): PayrollExportError {
  return new PayrollExportError(400, 'validation_failed', { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' }, { [field]: { 'zh-CN': zh, en } });
}

export const unknownEntity = () => exportInvalid('entityId', '本公司没有这个用工主体', 'No employing entity of this company has this id');
