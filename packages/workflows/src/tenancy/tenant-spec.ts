/** A tenant as declared in tenants/<slug>/tenant.yaml, after validation. */
export interface TenantSpec {
  slug: string;
  name: string;
  industry: 'manufacturing' | 'retail' | 'services' | 'technology' | 'other';
  /** cutoffDay: leaving on or before it ends contributions with the previous month (default 25). */
  workCities: { code: string; name: string; cutoffDay?: number }[];
  /** Lifecycle thresholds: the warning day of an open enrollment, and whether HR approves each one. */
  settings?: { warnDay: number; approvalRequired: boolean };
  /** Employing legal entities, keyed by 统一社会信用代码, with their registrations per city and agency. */
  entities?: TenantEntitySpec[];
  /** Demo sign-ins; applied only in demo mode (the CLI strips them otherwise). */
  demo?: {
    users: { email: string; name: string; role: 'tenant_admin' | 'hr' | 'employee'; mobile?: string }[];
    consultants: { email: string; name: string }[];
  };
}

export interface ProvisionResult {
  tenantId: string;
  created: boolean;
  /** Names of the things that changed; empty when the file matched the live tenant. */
  changes: string[];
}

export interface TenantEntitySpec {
  name: string;
  creditCode: string;
  registrations: {
    city: string;
    agency: 'social_insurance' | 'medical_insurance' | 'housing_fund';
    number: string;
    gateway: 'bureau-sim' | 'filing-file';
  }[];
}
