import type { PlainMessageKey } from '../../i18n';
import type { LocalizedText, PluginWeb } from '../../plugin-kit/plugin-web';
import { PLUGIN_WEBS } from '../../plugin-kit/registry';
import type { Role } from './tenants.api';

export type TenantNavItem = {
  /** A message key of the app, or a plugin's own text. */
  label: PlainMessageKey | LocalizedText;
  /** Relative to /t/:slug. */
  path: string;
  roles: readonly Role[];
  /** 'unread': shows the unread notification count beside the label. */
  badge?: 'unread';
  /** Shown only while the tenant has this plugin enabled (its routes answer 404 otherwise). */
  plugin?: string;
  testId: string;
};

const PEOPLE_READERS: readonly Role[] = ['tenant_admin', 'hr', 'consultant'];

// Only pages that exist are listed, each with the roles its API allows. A consultant reads
// employees and tasks (the API refuses its writes); the employee role has its own pages (which
// replace the tenant home) and its inbox.
// Tenant admins change plugins and custom fields; a consultant reads both (the API refuses writes).
const TENANT_NAV: readonly TenantNavItem[] = [
  { label: 'tenantHome.nav.home', path: '', roles: PEOPLE_READERS, testId: 'tenant-nav-home' },
  { label: 'tenantHome.nav.me', path: '/me', roles: ['employee'], testId: 'tenant-nav-me' },
  { label: 'tenantHome.nav.employees', path: '/employees', roles: PEOPLE_READERS, testId: 'tenant-nav-employees' },
  { label: 'tenantHome.nav.tasks', path: '/tasks', roles: PEOPLE_READERS, testId: 'tenant-nav-tasks' },
  { label: 'tenantHome.nav.reports', path: '/reports', roles: PEOPLE_READERS, testId: 'tenant-nav-reports' },
  { label: 'tenantHome.nav.inbox', path: '/inbox', roles: ['tenant_admin', 'hr', 'employee'], badge: 'unread', testId: 'tenant-nav-inbox' },
  { label: 'tenantHome.nav.plugins', path: '/plugins', roles: ['tenant_admin', 'consultant'], testId: 'tenant-nav-plugins' },
  { label: 'tenantHome.nav.customFields', path: '/custom-fields', roles: ['tenant_admin', 'consultant'], testId: 'tenant-nav-custom-fields' },
  { label: 'tenantHome.nav.members', path: '/members', roles: ['tenant_admin'], testId: 'tenant-nav-members' },
  { label: 'tenantHome.nav.access', path: '/access', roles: ['tenant_admin'], testId: 'tenant-nav-access' },
  { label: 'tenantHome.nav.smsOutbox', path: '/sms-outbox', roles: ['tenant_admin'], testId: 'tenant-nav-sms-outbox' },
  { label: 'tenantHome.nav.intakes', path: '/intakes', roles: ['tenant_admin', 'hr'], testId: 'tenant-nav-intakes' },
  { label: 'tenantHome.nav.risk', path: '/risk', roles: PEOPLE_READERS, testId: 'tenant-nav-risk' },
  // The close's routes answer tenant admins and HR only (a consultant is refused), so no consultant entry.
  { label: 'tenantHome.nav.close', path: '/close', roles: ['tenant_admin', 'hr'], testId: 'tenant-nav-close' },
  { label: 'tenantHome.nav.baseAdjustments', path: '/base-adjustments', roles: ['tenant_admin', 'hr'], testId: 'tenant-nav-base-adjustments' },
  // API keys and webhook endpoints answer tenant admins' sessions only.
  { label: 'tenantHome.nav.integrations', path: '/integrations', roles: ['tenant_admin'], testId: 'tenant-nav-integrations' },
  // Legacy-data migrations: the vendor's consultant runs them, the tenant admin signs off with them.
  { label: 'tenantHome.nav.migrations', path: '/migrations', roles: ['tenant_admin', 'consultant'], testId: 'tenant-nav-migrations' },
];

/** The nav for a role; plugin pages (after tasks) only for the plugins in `enabledPlugins`. */
export function tenantNavFor(
  role: Role,
  enabledPlugins: ReadonlySet<string> = new Set(),
  plugins: readonly PluginWeb[] = PLUGIN_WEBS,
): TenantNavItem[] {
  const pluginItems: TenantNavItem[] = plugins.flatMap((p) => (p.nav ?? []).map((n) => ({ ...n, plugin: p.id })));
  const afterTasks = TENANT_NAV.findIndex((item) => item.path === '/tasks') + 1;
  const nav = [...TENANT_NAV.slice(0, afterTasks), ...pluginItems, ...TENANT_NAV.slice(afterTasks)];
  return nav.filter((item) => item.roles.includes(role) && (!item.plugin || enabledPlugins.has(item.plugin)));
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
