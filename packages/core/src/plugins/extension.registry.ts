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
  TenantConfigAnswer,
  TenantConfigRequest,
} from '@lianxu/plugin-sdk';
import { PluginFailedError } from './plugin.errors';
import type { EnabledPlugin, PluginService } from './plugin.service';

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
 * plugin; the caller's request fails, nothing else does.
 */
export interface ExtensionRegistry {
  /** The wage that becomes the contribution base (before the city's floor and cap), integer fen. */
  contributionBase(tenantId: string, input: ContributionBaseRequest): Promise<number>;
  /** The same, with each plugin's step, for explanations. */
  contributionBaseSteps(tenantId: string, input: ContributionBaseRequest): Promise<{ wageFen: number; steps: ContributionBaseStep[] }>;
  employeeHired(tenantId: string, payload: EmployeeHiredPayload): Promise<void>;
  employeeForm(tenantId: string, input: EmployeeFormInput): Promise<(FormSection & { pluginId: string })[]>;
  employeeListColumns(tenantId: string, input: EmployeeListColumnsInput): Promise<(ListColumn & { pluginId: string })[]>;
  /** Static and dynamic reports; `href` is relative to `/api/t/{tenant}/`. */
  reports(tenantId: string, input?: ReportsInput): Promise<(ReportSpec & { pluginId: string; href: string })[]>;
  riskRules(tenantId: string, input: RiskRulesInput): Promise<(RiskFinding & { pluginId: string })[]>;
  /**
   * The owner of a tenant.yaml section (an installed plugin, enabled or not) reads, plans or applies
   * it; null when that plugin is not installed or offers no tenantConfig handler.
   */
  tenantConfig<Section>(pluginId: string, tenantId: string, request: TenantConfigRequest<Section>): Promise<TenantConfigAnswer<Section> | null>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const isBase = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export function extensionRegistryFor({ service, host }: { service: PluginService; host: PluginHost }): ExtensionRegistry {
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
    async contributionBase(tenantId, input) {
      return (await steps(tenantId, input)).wageFen;
    },
    contributionBaseSteps: steps,

    async employeeHired(tenantId, payload) {
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeHired;
        if (handler) await call(e, 'employeeHired', () => handler(ctx(tenantId, e), payload));
      }
    },

    async employeeForm(tenantId, input) {
      const out: (FormSection & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeForm;
        if (!handler) continue;
        const sections = await call(e, 'employeeForm', () => handler(ctx(tenantId, e), input), list('sections'));
        out.push(...sections.map((s) => ({ ...s, pluginId: e.plugin.id })));
      }
      return out;
    },

    async employeeListColumns(tenantId, input) {
      const out: (ListColumn & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.employeeListColumns;
        if (!handler) continue;
        const columns = await call(e, 'employeeListColumns', () => handler(ctx(tenantId, e), input), list('columns'));
        out.push(...columns.map((col) => ({ ...col, pluginId: e.plugin.id })));
      }
      return out;
    },

    async reports(tenantId, input = {}) {
      const out: (ReportSpec & { pluginId: string; href: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.reports;
        const dynamic = handler ? await call(e, 'reports', () => handler(ctx(tenantId, e), input), list('reports')) : [];
        for (const r of [...(e.plugin.definition.reports ?? []), ...dynamic]) out.push({ ...r, pluginId: e.plugin.id, href: `plugins/${e.plugin.id}/${r.path}` });
      }
      return out;
    },

    async riskRules(tenantId, input) {
      const out: (RiskFinding & { pluginId: string })[] = [];
      for (const e of await service.enabled(tenantId)) {
        const handler = e.plugin.definition.extensionPoints?.riskRules;
        if (!handler) continue;
        const found = await call(e, 'riskRules', () => handler(ctx(tenantId, e), input), list('findings'));
        out.push(...found.map((f) => ({ ...f, pluginId: e.plugin.id })));
      }
      return out;
    },

    async tenantConfig(pluginId, tenantId, request) {
      const plugin = (await service.ready()).get(pluginId);
      const handler = plugin?.definition.extensionPoints?.tenantConfig;
      if (!plugin || !handler) return null;
      const e: EnabledPlugin = { plugin, options: {} };
      return call(e, 'tenantConfig', () => handler(ctx(tenantId, e), request));
    },
  };
}
