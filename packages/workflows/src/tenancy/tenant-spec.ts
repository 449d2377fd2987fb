/** A tenant as declared in tenants/<slug>/tenant.yaml, after validation. */
export interface TenantSpec {
  slug: string;
  name: string;
  industry: 'manufacturing' | 'retail' | 'services' | 'technology' | 'other';
  workCities: { code: string; name: string }[];
  /** Demo sign-ins; applied only in demo mode (the CLI strips them otherwise). */
  demo?: {
    users: { email: string; name: string; role: 'tenant_admin' | 'hr' | 'employee' }[];
    consultants: { email: string; name: string }[];
  };
}

export interface ProvisionResult {
  tenantId: string;
  created: boolean;
  /** Names of the things that changed; empty when the file matched the live tenant. */
  changes: string[];
}
