// The provisioning workflow's contract. The tenant file's types (TenantSpec and its parts) belong to
// @lianxu/core (core/tenancy), which imports this package: naming them here would be a cycle. The
// workflow names only the part of a spec it reads, structurally; the activities' implementation in
// core binds the full TenantSpec through TenancyActivities<TenantSpec>.

/** What the provisioning workflow reads of a tenant spec; core's TenantSpec is one. */
export interface ProvisionableTenantSpec {
  slug: string;
  workCities: readonly unknown[];
  settings?: { warnDay: number; approvalRequired: boolean };
  entities?: readonly unknown[];
  /** Each plugin's entry; `config` is the plugin's own section of the file, applied by the plugin. */
  plugins?: readonly { id: string; config?: unknown }[];
  customFields?: readonly unknown[];
  consultantGrants?: readonly string[];
  demo?: { consultants: readonly { email: string }[] };
}

/** Who applies a tenant file; the changes are audited under this name. */
export interface TenantApplyActor {
  /** Display name or e-mail of the consultant (or "npm start"). */
  name: string;
  /** The user's e-mail when they have an account; row changes then carry their user id. */
  email?: string;
}

/** How an apply runs: who runs it (audited under that name). */
export interface ProvisionOptions {
  appliedBy?: TenantApplyActor;
}

export interface ProvisionResult {
  tenantId: string;
  created: boolean;
  /** Names of the things that changed; empty when the file matched the live tenant. */
  changes: string[];
}

/**
 * The patch under which provisioning applies plugins' sections (`config` in a plugin's entry) with
 * the one generic step `syncPluginSections`. A spec from before it (a run started then, or an older
 * client) has no `config` but may have the former top-level `branches` list, which still goes
 * through `syncBranches`.
 */
export const PLUGIN_SECTIONS_PATCH = 'plugin-sections';

/** What a spec given to a run started before PLUGIN_SECTIONS_PATCH may still carry. */
export interface FormerTenantSpecFields {
  /** @deprecated the retail chain's branches, now the config of that plugin's entry. */
  branches?: readonly unknown[];
}
