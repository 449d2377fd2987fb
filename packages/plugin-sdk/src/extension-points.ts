// The one place where core declares what a plugin may hook into. Each point has a name (a constant
// that crosses process boundaries), a typed payload, a typed result and one sentence on when it runs.
// Core calls a point only for plugins enabled for the tenant at hand, in a fixed order (required
// plugins first, then by id), so the order in which plugins were found never changes a result.

import type { z } from 'zod';
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

/**
 * Money at stake on a plugin's finding, integer fen, each part optional (absent: 0), the same parts
 * as core's own findings: the dashboard and the 断缴风险报告 add owed + late fee + overpaid.
 */
export interface RiskFindingMoney {
  /** Contributions owed and not paid (arrears). */
  owedFen?: number;
  /** 社会保险法 第86条 late fee to date on the arrears (0.05% a day from the due date). */
  lateFeeFen?: number;
  /** 第84条/第86条 fine range on the arrears. */
  fineMinFen?: number;
  fineMaxFen?: number;
  /** Paid for nothing (e.g. a base above what the wage gives). */
  overpaidFen?: number;
}

/** What HR can do about a finding; core shows it as the finding's button (its label is core's). */
export const RISK_ACTION_KINDS = ['start_enrollment', 'file_stop', 'adjust_base', 'back_payment', 'check_bureau', 'review'] as const;
export type RiskActionKind = (typeof RISK_ACTION_KINDS)[number];

export interface RiskFinding {
  /** Stable id of the rule, e.g. `scheduled_without_coverage`. */
  ruleId: string;
  employeeId: string | null;
  severity: 'info' | 'warning' | 'critical';
  message: Localized;
  /** Money at stake (non-negative integers of fen; a finding with anything else fails the plugin's answer). */
  moneyAtStake?: RiskFindingMoney;
  /** The suggested action's kind. */
  action?: RiskActionKind;
  /** What the employee stands to lose (a medical waiting period, a qualification reset). */
  employeeLoss?: Localized;
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

/** What a plugin's section is checked against beyond its own shape: the rest of the tenant file. */
export interface TenantFileFacts {
  /** GB/T 2260 codes of the file's `workCities`. */
  workCities: string[];
}

/** A problem `check` finds: `path` inside the section (e.g. `['branches', 2, 'city']`), message in both languages. */
export interface TenantSectionProblem {
  path: (string | number)[];
  message: Localized;
}

/**
 * tenantConfig: the plugin owns a section of tenant.yaml, written as `config:` under the plugin's
 * entry in `plugins:` (retail-branches: `config: { branches: [...] }`). Core knows no section by
 * name: its tenant-file loader validates each entry's `config` with the owner's `schema` (and
 * `check`), and the provisioning workflow's one generic step hands it to `apply`. The hook is called
 * for an installed plugin whether or not the tenant has enabled it yet (one apply may enable it and
 * fill its section). It reads and writes only the plugin's own tables, through `ctx.host.withTenant`
 * (row-level security and the audit trigger apply as in its API).
 */
export interface TenantConfigHook<O = Record<string, unknown>, Section = unknown> {
  /** The section's shape; an issue names its path below the entry (`plugins.0.config.branches.2.city`). Messages may be bilingual (`addLocalizedIssue`). */
  schema: z.ZodType<Section>;
  /** Checks that need the rest of the file, e.g. each branch's city is one of the work cities. */
  check?: (section: Section, file: TenantFileFacts) => TenantSectionProblem[];
  /** The live section (for `tenants export`); null when the plugin's tables are not installed. */
  read(ctx: ExtensionContext<O>): Promise<Section | null>;
  /** The plan of the file's section against the live tenant (`tenants plan`); `knownCities`: the policy library's cities. */
  plan(ctx: ExtensionContext<O>, input: { wanted: Section; knownCities: string[] }): Promise<TenantConfigChange[]>;
  /** Applies it (`tenants apply`) in one tenant transaction: one line per change made (`branch added: 北京国贸店`), or why nothing was written. */
  apply(ctx: ExtensionContext<O>, input: { wanted: Section; knownCities: string[]; actorId: string | null }): Promise<{ applied: string[] } | { refused: string }>;
  /**
   * A top-level tenant.yaml key this section was written under before plugins owned their sections
   * (retail-branches: `branches`): the loader points a file still using it to the new place, and a
   * provisioning run started before the change applies it as `{ [formerKey]: value }`.
   */
  formerKey?: string;
}

/** The handlers a plugin may provide, one per extension point, all optional. */
export interface ExtensionHandlers<O = Record<string, unknown>> {
  contributionBase?: ContributionBaseHandler<O>;
  employeeHired?: EmployeeHiredHandler<O>;
  employeeForm?: EmployeeFormHandler<O>;
  employeeListColumns?: EmployeeListColumnsHandler<O>;
  reports?: ReportsHandler<O>;
  riskRules?: RiskRulesHandler<O>;
  // The section's type is the plugin's own; core passes what its schema checked.
  tenantConfig?: TenantConfigHook<O, any>;
}
