import type { PlainMessageKey } from '../../i18n';
import { MANUFACTURING_SHIFTS, RETAIL_BRANCHES } from '../../plugins/plugin-ids';
import type { Role } from './tenants.api';

export type TenantNavItem = {
  label: PlainMessageKey;
  /** Relative to /t/:slug. */
  path: string;
  roles: readonly Role[];
  /** 'unread': shows the unread notification count beside the label. */
  badge?: 'unread';
  /** Shown only while the tenant has this plugin enabled (its routes answer 404 otherwise). */
  plugin?: string;
  testId: string;
};

const EVERY_ROLE: readonly Role[] = ['tenant_admin', 'hr', 'employee', 'consultant'];
const PEOPLE_READERS: readonly Role[] = ['tenant_admin', 'hr', 'consultant'];

// Only pages that exist are listed, each with the roles its API allows. A consultant reads
// employees and tasks (the API refuses its writes); the employee role has only its inbox.
// Tenant admins change plugins and custom fields; a consultant reads both (the API refuses writes).
const TENANT_NAV: readonly TenantNavItem[] = [
  { label: 'tenantHome.nav.home', path: '', roles: EVERY_ROLE, testId: 'tenant-nav-home' },
  { label: 'tenantHome.nav.employees', path: '/employees', roles: PEOPLE_READERS, testId: 'tenant-nav-employees' },
  { label: 'tenantHome.nav.tasks', path: '/tasks', roles: PEOPLE_READERS, testId: 'tenant-nav-tasks' },
  { label: 'tenantHome.nav.branches', path: '/branches', roles: PEOPLE_READERS, plugin: RETAIL_BRANCHES, testId: 'tenant-nav-branches' },
  { label: 'tenantHome.nav.shifts', path: '/shifts', roles: PEOPLE_READERS, plugin: MANUFACTURING_SHIFTS, testId: 'tenant-nav-shifts' },
  { label: 'tenantHome.nav.inbox', path: '/inbox', roles: ['tenant_admin', 'hr', 'employee'], badge: 'unread', testId: 'tenant-nav-inbox' },
  { label: 'tenantHome.nav.plugins', path: '/plugins', roles: ['tenant_admin', 'consultant'], testId: 'tenant-nav-plugins' },
  { label: 'tenantHome.nav.customFields', path: '/custom-fields', roles: ['tenant_admin', 'consultant'], testId: 'tenant-nav-custom-fields' },
  { label: 'tenantHome.nav.members', path: '/members', roles: ['tenant_admin'], testId: 'tenant-nav-members' },
  { label: 'tenantHome.nav.access', path: '/access', roles: ['tenant_admin'], testId: 'tenant-nav-access' },
  { label: 'tenantHome.nav.smsOutbox', path: '/sms-outbox', roles: ['tenant_admin'], testId: 'tenant-nav-sms-outbox' },
];

/** The nav for a role; plugin pages only for the plugins in `enabledPlugins`. */
export function tenantNavFor(role: Role, enabledPlugins: ReadonlySet<string> = new Set()): TenantNavItem[] {
  return TENANT_NAV.filter((item) => item.roles.includes(role) && (!item.plugin || enabledPlugins.has(item.plugin)));
}

/** HR and tenant admins change employees and act on filing tasks; everyone else only reads. */
export function canManagePeople(role: Role): boolean {
  return role === 'tenant_admin' || role === 'hr';
}

/** Tenant admins enable plugins and define custom fields. */
export function canAdministerTenant(role: Role): boolean {
  return role === 'tenant_admin';
}

/** Whether the nav has an inbox for this role (and so an unread count worth asking for). */
export function hasInbox(role: Role): boolean {
  return tenantNavFor(role).some((item) => item.badge === 'unread');
}
