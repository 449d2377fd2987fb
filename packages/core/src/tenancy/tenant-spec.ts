import type { CustomFieldSpec } from '../custom-fields/index';

// The tenant file's types: what tenants/<slug>/tenant.yaml declares, after validation
// (tenant-file.schema.ts). The provisioning workflow (@lianxu/workflows) names only the part of it
// it reads (ProvisionableTenantSpec); its activities here are typed with this full spec.

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
  /**
   * Plugins the tenant runs, with their options. When present the list is the whole truth: an
   * installed plugin not listed (or listed with enabled: false) is disabled; its data is kept.
   */
  plugins?: TenantPluginSpec[];
  /** Custom fields of the employee record, in display order. When present, a live field not listed is deleted (values kept, hidden). */
  customFields?: CustomFieldSpec[];
  /** E-mails of the implementation consultants granted this tenant. When present, other live grants are revoked. */
  consultantGrants?: string[];
  /** Demo sign-ins; applied only in demo mode (the CLI strips them otherwise). */
  demo?: {
    users: { email: string; name: string; role: 'tenant_admin' | 'hr' | 'employee'; mobile?: string }[];
    consultants: { email: string; name: string }[];
  };
}

export interface TenantPluginSpec {
  id: string;
  enabled: boolean;
  /** The tenant's options for the plugin, checked against the plugin's own schema. */
  options?: Record<string, unknown>;
  /**
   * The plugin's own section of the file (its records, e.g. a retail chain's branches), checked
   * against the schema of the plugin's tenantConfig hook and applied by the plugin. Core does not
   * know its shape. When present, the plugin makes its live records match it.
   */
  config?: Record<string, unknown>;
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
