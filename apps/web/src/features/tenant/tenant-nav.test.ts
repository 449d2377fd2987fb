import { describe, expect, it } from 'vitest';
import { canAdministerTenant, canManagePeople, hasInbox, tenantNavFor } from './tenant-nav';

const paths = (role: Parameters<typeof tenantNavFor>[0], plugins: string[] = []) => tenantNavFor(role, new Set(plugins)).map((item) => item.path);

describe('tenant navigation by role', () => {
  it('gives HR employees, tasks and the inbox; tenant admins also plugins, custom fields, consultant access and the SMS outbox', () => {
    expect(paths('hr')).toEqual(['', '/employees', '/tasks', '/inbox']);
    expect(paths('tenant_admin')).toEqual(['', '/employees', '/tasks', '/inbox', '/plugins', '/custom-fields', '/members', '/access', '/sms-outbox']);
    expect(canAdministerTenant('tenant_admin')).toBe(true);
    expect(canAdministerTenant('hr')).toBe(false);
    expect(canAdministerTenant('consultant')).toBe(false);
  });

  it('gives consultants read-only employees, tasks, plugins and custom fields, and the employee role only its inbox', () => {
    expect(paths('consultant')).toEqual(['', '/employees', '/tasks', '/plugins', '/custom-fields']);
    expect(paths('employee')).toEqual(['', '/inbox']);
    expect(canManagePeople('consultant')).toBe(false);
    expect(canManagePeople('employee')).toBe(false);
    expect(canManagePeople('hr')).toBe(true);
    expect(canManagePeople('tenant_admin')).toBe(true);
  });

  it('shows a plugin page only while its plugin is enabled, and never to the employee role', () => {
    expect(paths('hr', ['retail-branches'])).toEqual(['', '/employees', '/tasks', '/branches', '/inbox']);
    expect(paths('consultant', ['manufacturing-shifts'])).toContain('/shifts');
    expect(paths('consultant', ['manufacturing-shifts'])).not.toContain('/branches');
    expect(paths('tenant_admin', ['retail-branches', 'manufacturing-shifts']).slice(0, 5)).toEqual(['', '/employees', '/tasks', '/branches', '/shifts']);
    expect(paths('employee', ['retail-branches', 'manufacturing-shifts'])).toEqual(['', '/inbox']);
    expect(paths('hr', ['some-other-plugin'])).toEqual(['', '/employees', '/tasks', '/inbox']);
  });

  it('asks for an unread count only where the nav shows an inbox', () => {
    expect(hasInbox('hr')).toBe(true);
    expect(hasInbox('employee')).toBe(true);
    expect(hasInbox('consultant')).toBe(false);
  });
});
