import { describe, expect, it } from 'vitest';
import { canAdministerTenant, canManagePeople, hasInbox, tenantNavFor } from './tenant-nav';

import type { PluginWeb } from '../../plugin-kit/plugin-web';

// Two plugins' web declarations, as plugins/<id>/web/index.tsx would export them.
const label = { 'zh-CN': '页', en: 'Page' };
const readers = ['tenant_admin', 'hr', 'consultant'] as const;
const PLUGINS: PluginWeb[] = [
  { id: 'demo-a', name: label, nav: [{ path: '/a', label, roles: readers, testId: 'tenant-nav-a' }] },
  { id: 'demo-b', name: label, nav: [{ path: '/b', label, roles: readers, testId: 'tenant-nav-b' }] },
];
const paths = (role: Parameters<typeof tenantNavFor>[0], plugins: string[] = []) =>
  tenantNavFor(role, new Set(plugins), PLUGINS).map((item) => item.path);

describe('tenant navigation by role', () => {
  it('gives HR employees, tasks, the inbox, intakes, risk findings and the monthly close; tenant admins also plugins, custom fields, consultant access, the SMS outbox, integrations and data migration', () => {
    expect(paths('hr')).toEqual(['', '/employees', '/tasks', '/reports', '/inbox', '/intakes', '/risk', '/close', '/base-adjustments']);
    expect(paths('tenant_admin')).toEqual(['', '/employees', '/tasks', '/reports', '/inbox', '/plugins', '/custom-fields', '/members', '/access', '/sms-outbox', '/intakes', '/risk', '/close', '/base-adjustments', '/integrations', '/migrations']);
    expect(canAdministerTenant('tenant_admin')).toBe(true);
    expect(canAdministerTenant('hr')).toBe(false);
    expect(canAdministerTenant('consultant')).toBe(false);
  });

  it('gives consultants read-only employees, tasks, plugins, custom fields and data migrations (no monthly close: its API refuses them), and the employee role its own pages (instead of the tenant home) and its inbox', () => {
    expect(paths('consultant')).toEqual(['', '/employees', '/tasks', '/reports', '/plugins', '/custom-fields', '/risk', '/migrations']);
    expect(paths('employee')).toEqual(['/me', '/inbox']);
    expect(canManagePeople('consultant')).toBe(false);
    expect(canManagePeople('employee')).toBe(false);
    expect(canManagePeople('hr')).toBe(true);
    expect(canManagePeople('tenant_admin')).toBe(true);
  });

  it('shows a plugin page only while its plugin is enabled, and never to the employee role', () => {
    expect(paths('hr', ['demo-a'])).toEqual(['', '/employees', '/tasks', '/a', '/reports', '/inbox', '/intakes', '/risk', '/close', '/base-adjustments']);
    expect(paths('consultant', ['demo-b'])).toContain('/b');
    expect(paths('consultant', ['demo-b'])).not.toContain('/a');
    expect(paths('tenant_admin', ['demo-a', 'demo-b']).slice(0, 5)).toEqual(['', '/employees', '/tasks', '/a', '/b']);
    expect(paths('employee', ['demo-a', 'demo-b'])).toEqual(['/me', '/inbox']);
    expect(paths('hr', ['some-other-plugin'])).toEqual(['', '/employees', '/tasks', '/reports', '/inbox', '/intakes', '/risk', '/close', '/base-adjustments']);
  });

  it('asks for an unread count only where the nav shows an inbox', () => {
    expect(hasInbox('hr')).toBe(true);
    expect(hasInbox('employee')).toBe(true);
    expect(hasInbox('consultant')).toBe(false);
  });
});
