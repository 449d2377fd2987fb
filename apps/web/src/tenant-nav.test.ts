import { describe, expect, it } from 'vitest';
import { canManagePeople, hasInbox, tenantNavFor } from './tenant-nav';

const paths = (role: Parameters<typeof tenantNavFor>[0]) => tenantNavFor(role).map((item) => item.path);

describe('tenant navigation by role', () => {
  it('gives HR and tenant admins employees, tasks and the inbox; only admins the SMS outbox', () => {
    expect(paths('hr')).toEqual(['', '/employees', '/tasks', '/inbox']);
    expect(paths('tenant_admin')).toEqual(['', '/employees', '/tasks', '/inbox', '/sms-outbox']);
  });

  it('gives consultants read-only employees and tasks, and the employee role only its inbox', () => {
    expect(paths('consultant')).toEqual(['', '/employees', '/tasks']);
    expect(paths('employee')).toEqual(['', '/inbox']);
    expect(canManagePeople('consultant')).toBe(false);
    expect(canManagePeople('employee')).toBe(false);
    expect(canManagePeople('hr')).toBe(true);
    expect(canManagePeople('tenant_admin')).toBe(true);
  });

  it('asks for an unread count only where the nav shows an inbox', () => {
    expect(hasInbox('hr')).toBe(true);
    expect(hasInbox('employee')).toBe(true);
    expect(hasInbox('consultant')).toBe(false);
  });
});
