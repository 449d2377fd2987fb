import type { PlainMessageKey } from './i18n';
import type { Role } from './tenants.api';

export type TenantNavItem = {
  label: PlainMessageKey;
  /** Relative to /t/:slug. */
  path: string;
  roles: readonly Role[];
  /** 'unread': shows the unread notification count beside the label. */
  badge?: 'unread';
  testId: string;
};

const EVERY_ROLE: readonly Role[] = ['tenant_admin', 'hr', 'employee', 'consultant'];

// Only pages that exist are listed, each with the roles its API allows. A consultant reads
// employees and tasks (the API refuses its writes); the employee role has only its inbox.
const TENANT_NAV: readonly TenantNavItem[] = [
  { label: 'tenantHome.nav.home', path: '', roles: EVERY_ROLE, testId: 'tenant-nav-home' },
  { label: 'tenantHome.nav.employees', path: '/employees', roles: ['tenant_admin', 'hr', 'consultant'], testId: 'tenant-nav-employees' },
  { label: 'tenantHome.nav.tasks', path: '/tasks', roles: ['tenant_admin', 'hr', 'consultant'], testId: 'tenant-nav-tasks' },
  { label: 'tenantHome.nav.inbox', path: '/inbox', roles: ['tenant_admin', 'hr', 'employee'], badge: 'unread', testId: 'tenant-nav-inbox' },
  { label: 'tenantHome.nav.smsOutbox', path: '/sms-outbox', roles: ['tenant_admin'], testId: 'tenant-nav-sms-outbox' },
];

export function tenantNavFor(role: Role): TenantNavItem[] {
  return TENANT_NAV.filter((item) => item.roles.includes(role));
}

/** HR and tenant admins change employees and act on filing tasks; everyone else only reads. */
export function canManagePeople(role: Role): boolean {
  return role === 'tenant_admin' || role === 'hr';
}

/** Whether the nav has an inbox for this role (and so an unread count worth asking for). */
export function hasInbox(role: Role): boolean {
  return tenantNavFor(role).some((item) => item.badge === 'unread');
}
