import type {
  ContributionBaseInput,
  EmployeeFormInput,
  EmployeeHiredPayload,
  EmployeeListColumnsInput,
  ExtensionContext,
  ExtensionPointName,
  FormSection,
  ListColumn,
  PluginHost,
  ReportSpec,
  ReportsInput,
  RiskFinding,
  RiskRulesInput,
  TenantConfigHook,
} from '@lianxu/plugin-sdk';
import { PluginFailedError } from './plugin.errors';
import { checkRiskFindings } from './plugin-risk-findings';
import type { PluginFailureRecorder } from './plugin.failures';
import type { EnabledPlugin, PluginService } from './plugin.service';
import type { PluginSet } from './plugin.loader';

/** What core asks for a contribution base; plugins see it with `originalWageFen` added. */
export interface ContributionBaseRequest {
  employeeId: string;
  /** `YYYY-MM` */
  month: string;
  /** The employee's wage for the month, integer fen. */
  wageFen: number;
  cityCode?: string;
  reason?: ContributionBaseInput['reason'];
}

export interface ContributionBaseStep {
  pluginId: string;
  wageFen: number;
}

/**
 * Core's side of the extension points: each call runs the handlers of the plugins enabled for that
 * tenant only, in plugin order (required plugins first, then by id). A handler that throws, or
 * answers something that is not what the point promises, becomes a PluginFailedError naming the
 * plugin. In employeeHired, employeeForm, employeeListColumns, reports and riskRules that plugin is
 * isolated: its result is skipped, the failure logged and recorded for the tenant admin, and the
 * other plugins and core carry on. contributionBase and tenantConfig still fail the whole call (see
 * there).
 */
/**
 * The plugins of `plugins` that have a handler for `point`, by id: what the people module needs to
 * know to write a hire's plugin event only where someone will hear it.
 */
export function pluginsWithHandler(plugins: Pick<PluginSet, 'list'>, point: ExtensionPointName): string[] {
  return plugins.list.filter((p) => typeof p.definition.extensionPoints?.[point] === 'function').map((p) => p.id);
}

export interface ExtensionRegistry {
  /** The wage that becomes the contribution base (before the city's floor and cap), integer fen. */
  contributionBase(tenantId: string, input: ContributionBaseRequest): Promise<number>;
  /** The same, with each plugin's step, for explanations. */
  contributionBaseSteps(tenantId: string, input: ContributionBaseRequest): Promise<{ wageFen: number; steps: ContributionBaseStep[] }>;
  /**
   * Delivers a hire to the enabled plugins (`only`: just these, for a retry). A plugin that throws is
   * isolated and named in `failed`; the outbox retries it alone.
   */
  employeeHired(tenantId: string, payload: EmployeeHiredPayload, only?: readonly string[]): Promise<{ delivered: string[]; failed: string[] }>;
  employeeForm(tenantId: string, input: EmployeeFormInput): Promise<(FormSection & { pluginId: string })[]>;
  employeeListColumns(tenantId: string, input: EmployeeListColumnsInput): Promise<(ListColumn & { pluginId: string })[]>;
  /** Static and dynamic reports; `href` is relative to `/api/t/{tenant}/`. */
  reports(tenantId: string, input?: ReportsInput): Promise<(ReportSpec & { pluginId: string; href: string })[]>;
  /** `answered`, when given, receives the ids of the plugins whose rules answered (the scan resolves only their stale findings). */
  riskRules(tenantId: string, input: RiskRulesInput, answered?: string[]): Promise<(RiskFinding & { pluginId: string })[]>;
  /**
   * Runs `work` with the tenantConfig hook of `pluginId` (an installed plugin, enabled or not) and
   * its context: reading, planning or applying the plugin's section of tenant.yaml. Null when that
   * plugin is not installed or owns no section. A throw becomes a PluginFailedError naming the plugin.
   */
  tenantConfig<T>(pluginId: string, tenantId: string, work: (hook: TenantConfigHook<any, any>, ctx: ExtensionContext) => Promise<T>): Promise<T | null>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const isBase = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export function extensionRegistryFor({ service, host, onFailure }: { service: PluginService; host: PluginHost; onFailure?: PluginFailureRecorder }): ExtensionRegistry {
  const ctx = (tenantId: string, e: EnabledPlugin): ExtensionContext => ({ pluginId: e.plugin.id, tenantId, options: e.options, host });

  async function call<T>(e: EnabledPlugin, point: ExtensionPointName, run: () => Promise<T> | T, check?: (v: T) => string | null): Promise<T> {
    let value: T;
    try {
      value = await run();
    } catch (error) {
      throw new PluginFailedError(e.plugin.id, point, error);
    }
    const problem = check?.(value);
    if (problem) throw new PluginFailedError(e.plugin.id, point, new Error(problem));
    return value;
  }

  /** Runs one plugin's hook isolated: a failure is recorded and answers null (the result is skipped). */
  async function isolated<T>(tenantId: string, e: EnabledPlugin, point: ExtensionPointName, run: () => Promise<T> | T, check?: (v: T) => string | null): Promise<T | null> {
    try {
      return await call(e, point, run, check);
    } catch (error) {
      if (!(error instanceof PluginFailedError)) throw error;
      await onFailure?.(tenantId, error);
      return null;
    }
  }

  const list = (what: string) => (v: unknown) => (Array.isArray(v) ? null : `${what} must be a list`);

  async function steps(tenantId: string, input: ContributionBaseRequest) {
    if (!isBase(input.wageFen)) throw new TypeError('contributionBase: wageFen must be a positive integer (fen)');
    if (!MONTH.test(input.month)) throw new TypeError('contributionBase: month must be YYYY-MM');
    let wageFen = input.wageFen;
    const trail: ContributionBaseStep[] = [];
    for (const e of await service.enabled(tenantId)) {
      const handler = e.plugin.definition.extensionPoints?.contributionBase;
      if (!handler) continue;
      const payload: ContributionBaseInput = { ...input, wageFen, originalWageFen: input.wageFen };
      wageFen = await call(e, 'contributionBase', () => handler(ctx(tenantId, e), payload), (v) => (isBase(v) ? null : `returned ${String(v)}, not a positive integer of fen`));
      trail.push({ pluginId: e.plugin.id, wageFen });
    }
    return { wageFen, steps: trail };
  }

  return {
    // Not isolated: skipping a plugin's adjustment would file a different base with the bureau, a
    // wrong filing made silently. A failing plugin fails the computation visibly instead (the
    // filing task is rejected with the reason naming the plugin, HR is told and can retry).
    async contributionBase(tenantId, input) {
      return (await steps(tenantId, input)).wageFen;
    },
    contributionBaseSteps: steps,

    async employeeHired(tenantId, payload, only) {
      const delivered: string[] = [];
      const failed: string[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeHired;
        if (!handler || (only && !only.includes(e.plugin.id))) continue;
        const done = await isolated(tenantId, e, 'employeeHired', async () => {
          await handler(ctx(tenantId, e), payload);
          return true;
        });
        (done ? delivered : failed).push(e.plugin.id);
      }
      return { delivered, failed };
    },

    async employeeForm(tenantId, input) {
      const out: (FormSection & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeForm;
        if (!handler) continue;
        const sections = await isolated(tenantId, e, 'employeeForm', () => handler(ctx(tenantId, e), input), list('sections'));
        if (!sections) continue;
        out.push(...sections.map((s) => ({ ...s, pluginId: e.plugin.id })));
      }
      return out;
    },

    async employeeListColumns(tenantId, input) {
      const out: (ListColumn & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeListColumns;
        if (!handler) continue;
        const columns = await isolated(tenantId, e, 'employeeListColumns', () => handler(ctx(tenantId, e), input), list('columns'));
        if (!columns) continue;
        out.push(...columns.map((col) => ({ ...col, pluginId: e.plugin.id })));
      }
      return out;
    },

    async reports(tenantId, input = {}) {
      const out: (ReportSpec & { pluginId: string; href: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.reports;
        // A failing hook loses only the plugin's dynamic reports; its static ones stay listed.
        const dynamic = (handler ? await isolated(tenantId, e, 'reports', () => handler(ctx(tenantId, e), input), list('reports')) : null) ?? [];
        for (const r of [...(e.plugin.definition.reports ?? []), ...dynamic]) out.push({ ...r, pluginId: e.plugin.id, href: `plugins/${e.plugin.id}/${r.path}` });
      }
      return out;
    },

    async riskRules(tenantId, input, answered) {
      const out: (RiskFinding & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.riskRules;
        if (!handler) continue;
        const found = await isolated(tenantId, e, 'riskRules', () => handler(ctx(tenantId, e), input), checkRiskFindings);
        if (!found) continue;
        answered?.push(e.plugin.id);
        out.push(...found.map((f) => ({ ...f, pluginId: e.plugin.id })));
      }
      return out;
    },

    // Not isolated: an apply without the plugin's section would half-apply a tenant file; the file is refused as a whole, naming the plugin.
    async tenantConfig(pluginId, tenantId, work) {
      const plugin = (await service.ready()).get(pluginId);
      const hook = plugin?.definition.extensionPoints?.tenantConfig;
      if (!plugin || !hook) return null;
      const e: EnabledPlugin = { plugin, options: {} };
      return call(e, 'tenantConfig', () => work(hook, ctx(tenantId, e)));
    },
  };
}
