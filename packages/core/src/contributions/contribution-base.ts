import { calculateContributions, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import type { PluginRuntime } from '../plugins/index';
import type { LocalizedText } from '../shared/index';

// The contribution base (缴费基数) of a filing, computed once before it is filed: the wage, then
// what the tenant's plugins make of it (the contributionBase extension point), then the city's
// floor and cap for the month. There is no fallback: when the policy cannot give a base, the
// answer says why and nothing is filed (a wage filed as the base would be a wrong filing).

export interface ContributionBaseInput {
  cityCode: string;
  /** First covered month, YYYY-MM. */
  month: string;
  /** The wage (after plugins) in fen. */
  wageFen: number;
  hukou: 'local' | 'non-local';
}

export type ContributionBase =
  | { ok: true; baseFen: number }
  | { ok: false; code: 'contribution_base_unavailable'; reason: LocalizedText };

/**
 * The social-insurance base for a wage (the pension line's, else the first social-insurance
 * line's). Pure: the policy library is read before, outside any transaction.
 */
export function contributionBaseOf(library: PolicyLibrary, input: ContributionBaseInput): ContributionBase {
  const unavailable = (zh: string, en: string): ContributionBase => ({ ok: false, code: 'contribution_base_unavailable', reason: { 'zh-CN': zh, en } });
  try {
    const quote = calculateContributions({ city: input.cityCode, month: input.month, wageFen: input.wageFen, hukou: input.hukou }, library);
    const line = quote.lines.find((l) => l.insurance === 'pension') ?? quote.lines.find((l) => l.insurance !== 'housingFund');
    if (line) return { ok: true, baseFen: line.baseFen };
    return unavailable(
      `政策库中没有城市 ${input.cityCode} 在 ${input.month} 的社会保险缴费基数数据，无法计算缴费基数；请补充该城市的政策数据后重新提交`,
      `the policy library has no social insurance figures for city ${input.cityCode} in ${input.month}, so no contribution base can be computed; add the city's policy figures, then resubmit`,
    );
  } catch (error) {
    if (error instanceof PolicyInputError) {
      return unavailable(`无法计算缴费基数：${error.bilingual.zh}`, `no contribution base can be computed: ${error.bilingual.en}`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return unavailable(`计算缴费基数时出错：${message}`, `computing the contribution base failed: ${message}`);
  }
}

/** The contributionBase extension point as the filing step uses it. */
export interface ContributionBasePlugins {
  /** Whether any plugin enabled for the tenant adjusts bases (cached briefly). */
  adjusts(tenantId: string): Promise<boolean>;
  /** The wage after the enabled plugins' handlers. */
  adjust(tenantId: string, input: { employeeId: string; month: string; wageFen: number; cityCode?: string }): Promise<number>;
}

/**
 * The plugin runtime as ContributionBasePlugins. Most tenants have no plugin adjusting bases: that
 * is remembered for `cacheMs` per tenant, so a filing does not pay two extra transactions to find
 * out (enabling a plugin takes effect within that time).
 */
export function contributionBasePlugins(runtime: Pick<PluginRuntime, 'service' | 'extensions'>, cacheMs = 5_000): ContributionBasePlugins {
  const adjusters = new Map<string, { at: number; value: boolean }>();
  return {
    async adjusts(tenantId) {
      const hit = adjusters.get(tenantId);
      if (hit && Date.now() - hit.at < cacheMs) return hit.value;
      const value = (await runtime.service.enabled(tenantId)).some((e) => e.plugin.definition.extensionPoints?.contributionBase);
      adjusters.set(tenantId, { at: Date.now(), value });
      return value;
    },
    adjust: (tenantId, input) => runtime.extensions.contributionBase(tenantId, { ...input, reason: 'enrollment' }),
  };
}
