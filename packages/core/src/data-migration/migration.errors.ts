import { DomainError, type LocalizedText } from '../shared/index';

/** A migration refused; nothing was loaded. */
export class MigrationError extends DomainError {
  constructor(status: 400 | 404 | 409 | 422, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'MigrationError';
  }
}
