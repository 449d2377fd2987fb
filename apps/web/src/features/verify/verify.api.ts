import { path } from '../../api';
import { request, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).
export type StatementCheck = Schema<'StatementCheck'>;

/** The public check of a statement's verification code. */
export function verifyStatement(code: string) {
  return request('post', '/api/statements/verify', { body: { code } });
}

/** The download address of an employee's statement: a plain link, the session cookie authenticates. */
export function statementHref(slug: string, employeeId: string, language: 'zh-CN' | 'en'): string {
  return `${path('/api/t', slug, 'employees', employeeId)}/statement.pdf${language === 'en' ? '?lang=en' : ''}`;
}
