// The one place where core declares what a plugin may hook into. Each point has a name (a constant
// that crosses process boundaries), a typed payload, a typed result and one sentence on when it runs.
// Core calls a point only for plugins enabled for the tenant at hand, in a fixed order (required
// plugins first, then by id), so the order in which plugins were found never changes a result.

import type { Localized } from '@lianxu/db';
import type { PluginHost } from './plugin-host';

/** A text in both languages the product speaks: the repository's one localized-text type, from @lianxu/db. */
export type { Localized };

/** The names of the extension points, as plugins declare them and core calls them. */
export const EXTENSION_POINTS = {
  contributionBase: 'contributionBase',
  employeeHired: 'employeeHired',
  employeeForm: 'employeeForm',
  employeeListColumns: 'employeeListColumns',
  reports: 'reports',
  riskRules: 'riskRules',
  tenantConfig: 'tenantConfig',
} as const;
export type ExtensionPointName = keyof typeof EXTENSION_POINTS;
export const EXTENSION_POINT_NAMES = Object.keys(EXTENSION_POINTS) as ExtensionPointName[];

/** What every handler receives: which plugin, which tenant, the tenant's options for it, and core's services. */
export interface ExtensionContext<Options = Record<string, unknown>> {
  pluginId: string;
  tenantId: string;
  /** The tenant's options for this plugin, validated, defaults applied. */
  options: Options;
  host: PluginHost;
}

// ---- contributionBase ----

/**
 * contributionBase: runs whenever core turns an employee's wage for a month into a contribution base
 * (enrollment, the July adjustment, cost previews), before the city's floor and cap are applied.
 */
export interface ContributionBaseInput {
  employeeId: string;
  /** Contribution month, `YYYY-MM`. */
  month: string;
  /** The wage so far in integer fen: the employee's wage, or what an earlier plugin made of it. */
  wageFen: number;
  /** The wage core started from, before any plugin. */
  originalWageFen: number;
  /** GB/T 2260 code of the city whose policy applies, when core knows it. */
  cityCode?: string;
  /** Why the base is computed. */
  reason?: 'enrollment' | 'adjustment' | 'preview';
}
/** Returns the adjusted wage in integer fen (a positive safe integer). */
export type ContributionBaseHandler<O> = (ctx: ExtensionContext<O>, input: ContributionBaseInput) => Promise<number> | number;

// ---- employeeHired ----

/** employeeHired: runs once after a hire is committed (the employee row and its hire event exist), before enrollment starts. */
export interface EmployeeHiredPayload {
  employeeId: string;
  eventId: string;
  /** `YYYY-MM-DD` */
  hireDate: string;
  entityId: string;
  workCity: string;
}
export type EmployeeHiredHandler<O> = (ctx: ExtensionContext<O>, payload: EmployeeHiredPayload) => Promise<void> | void;

// ---- employeeForm ----

/** A field in a plugin's section of the employee form (shown read-only unless `editable`). */
export interface FormFieldSpec {
  key: string;
  label: Localized;
  type: 'text' | 'number' | 'date' | 'single_select' | 'multi_select' | 'yes_no';
  value?: string | number | boolean | string[] | null;
  options?: { value: string; label: Localized }[];
  editable?: boolean;
}
export interface FormSection {
  key: string;
  title: Localized;
  fields: FormFieldSpec[];
  /**
   * Where the section's editable values are saved: a path under the plugin's mount point with
   * `{employeeId}` in it (e.g. `employee-form/{employeeId}`), taking PUT `{ values: { <field key>: value } }`.
   * On the hire form the web saves it right after the hire, with the new employee's id.
   */
  savePath?: string;
}
/** employeeForm: runs when the employee form is built (new hire: `employeeId` null); returns extra sections shown below core's fields. */
export interface EmployeeFormInput {
  employeeId: string | null;
}
export type EmployeeFormHandler<O> = (ctx: ExtensionContext<O>, input: EmployeeFormInput) => Promise<FormSection[]> | FormSection[];

// ---- employeeListColumns ----

export interface ListColumn {
  key: string;
  label: Localized;
  /** Value per listed employee id; missing ids show as empty. */
  values: Record<string, string | number | null>;
}
/** employeeListColumns: runs when a page of the employee list is shown; returns extra columns with values for the listed employees. */
export interface EmployeeListColumnsInput {
  employeeIds: string[];
}
export type EmployeeListColumnsHandler<O> = (ctx: ExtensionContext<O>, input: EmployeeListColumnsInput) => Promise<ListColumn[]> | ListColumn[];

// ---- reports ----

/** A downloadable report, served by the plugin's own routes. */
export interface ReportSpec {
  id: string;
  title: Localized;
  format: 'xlsx' | 'csv' | 'json';
  /** Path under the plugin's mount point, e.g. `reports/headcount.xlsx`. */
  path: string;
  /** Query parameters the report takes, e.g. `['month']`. */
  params?: string[];
}
/** reports: runs when the reports page lists what a tenant can download; returns reports beyond the manifest's static `reports`. */
export interface ReportsInput {
  locale?: 'zh-CN' | 'en';
}
export type ReportsHandler<O> = (ctx: ExtensionContext<O>, input: ReportsInput) => Promise<ReportSpec[]> | ReportSpec[];

// ---- riskRules ----

export interface RiskFinding {
  /** Stable id of the rule, e.g. `scheduled_without_coverage`. */
  ruleId: string;
  employeeId: string | null;
  severity: 'info' | 'warning' | 'critical';
  message: Localized;
  details?: Record<string, unknown>;
}
/** riskRules: runs in each tenant's daily risk scan (and on demand); returns the risks the plugin finds as of `today`. */
export interface RiskRulesInput {
  /** Business date `YYYY-MM-DD` (Asia/Shanghai). */
  today: string;
}
export type RiskRulesHandler<O> = (ctx: ExtensionContext<O>, input: RiskRulesInput) => Promise<RiskFinding[]> | RiskFinding[];

// ---- tenantConfig ----

/** One line of a tenant file's plan, Terraform style: `+` add, `~` change, `-` remove. */
export interface TenantConfigChange {
  op: '+' | '~' | '-';
  /** What kind of thing changes, e.g. `branch`. */
  kind: string;
  /** Which one, e.g. `北京国贸店`. */
  name: string;
  /** For `~`: each attribute as `name: old → new`; for `+`/`-`: a short description. */
  details: string[];
  /** Set when apply cannot make this change; apply refuses the whole file while any is set. */
  blocked?: string;
}

/**
 * What core asks of the plugin that owns a section of tenant.yaml (retail-branches: `branches:`):
 * the live section (for `tenants export`), the plan of the file's section against the live tenant
 * (`tenants plan`), or to apply it (`tenants apply`, one tenant transaction, refusing as a whole).
 * `Section` is the plugin's section as the file declares it, already checked by core's schema.
 */
export type TenantConfigRequest<Section> =
  | { action: 'read' }
  | { action: 'plan'; wanted: Section; knownCities: string[] }
  | { action: 'apply'; wanted: Section; knownCities: string[]; actorId: string | null };

/**
 * The answer: `live` for read (null when the plugin's tables are not installed), `plan` for plan,
 * `applied` (one line per change made, `branch added: 北京国贸店`) or `refused` (why nothing was
 * written) for apply.
 */
export interface TenantConfigAnswer<Section> {
  live?: Section | null;
  plan?: TenantConfigChange[];
  applied?: string[];
  refused?: string;
}

/**
 * tenantConfig: called for an installed plugin whether or not the tenant has enabled it yet (one
 * apply may enable it and fill its section). The plugin reads and writes only its own tables,
 * through `ctx.host.withTenant` (row-level security and the audit trigger apply as in its API).
 */
export type TenantConfigHandler<O, Section = unknown> = (ctx: ExtensionContext<O>, request: TenantConfigRequest<Section>) => Promise<TenantConfigAnswer<Section>>;

/** The handlers a plugin may provide, one per extension point, all optional. */
export interface ExtensionHandlers<O = Record<string, unknown>> {
  contributionBase?: ContributionBaseHandler<O>;
  employeeHired?: EmployeeHiredHandler<O>;
  employeeForm?: EmployeeFormHandler<O>;
  employeeListColumns?: EmployeeListColumnsHandler<O>;
  reports?: ReportsHandler<O>;
  riskRules?: RiskRulesHandler<O>;
  // The section's type is the plugin's own; core passes what its schema checked.
  tenantConfig?: TenantConfigHandler<O, any>;
}
