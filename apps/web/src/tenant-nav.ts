import type { PlainMessageKey } from './i18n';
import type { Role } from './tenants.api';

export type TenantNavItem = {
  label: PlainMessageKey;
  /** Relative to /t/:slug. */
  path: string;
  roles: readonly Role[];
};

const EVERY_ROLE: readonly Role[] = ['tenant_admin', 'hr', 'employee', 'consultant'];

// Only pages that exist are listed; each later page adds its entry with the roles its API allows.
const TENANT_NAV: readonly TenantNavItem[] = [{ label: 'tenantHome.nav.home', path: '', roles: EVERY_ROLE }];

export function tenantNavFor(role: Role): TenantNavItem[] {
  return TENANT_NAV.filter((item) => item.roles.includes(role));
}
