import type { Kysely } from 'kysely';
import { withTenant, type Database, type FilingTaskRow } from '@lianxu/db';
import { calculateContributions, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import { PluginFailedError, type PluginRuntime } from '../plugins/index';
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
      return unavailable(`无法计算缴费基数：${error.messages['zh-CN']}`, `no contribution base can be computed: ${error.messages.en}`);
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

/**
 * Where the base is kept: coverage's `recordFilingBase` (coverage is the only writer of
 * filing_tasks), called in the filing's transaction.
 */
export type RecordFilingBase = (trx: Kysely<Database>, task: Pick<FilingTaskRow, 'tenant_id' | 'id'>, baseFen: number) => Promise<void>;

export interface FilingBaseDeps {
  db: Kysely<Database>;
  policy: () => Promise<PolicyLibrary>;
  /** The contributionBase extension point (`contributionBasePlugins(runtime)`); none: no plugin adjusts. */
  plugins?: ContributionBasePlugins;
  record: RecordFilingBase;
}

/** The employee fields the base is computed from. */
export interface FilingBaseEmployee {
  monthly_wage_fen: number | string | bigint;
  hukou: 'local' | 'non-local';
}

/** A filing's base, or why there is none (nothing may then be filed). `baseFen` null: the task files no base (a stop). */
export type FilingBaseAnswer = { ok: true; baseFen: number | null } | { ok: false; code: 'contribution_base_unavailable'; reason: LocalizedText };

export interface PreparedFilingBase {
  /**
   * In the filing's transaction, with the task and its employee as it read them: the base kept on
   * the task, else the (plugin-adjusted) wage clamped by the policy and recorded on the task.
   */
  fix(trx: Kysely<Database>, task: FilingTaskRow, employee: FilingBaseEmployee): Promise<FilingBaseAnswer>;
}

/**
 * The filing base as a step of its own, run once before a filing: wage, then the plugins'
 * contributionBase hook, then the policy's floor and cap; recorded on the task, so a retried or
 * resubmitted filing reads it and never computes it again.
 *
 * It runs in two halves around the filing's own transaction, so that a filing for a tenant without
 * base-adjusting plugins pays no extra transaction: `computeFilingBase` reads the policy library
 * and runs the plugin hook (whose handlers read in their own transactions) before that transaction
 * opens; `fix` computes and records the base inside it. A plugin that fails answers `ok: false`
 * with the task, and nothing is filed (the base without its adjustment is a different base).
 */
export function createFilingBase(deps: FilingBaseDeps) {
  const { db, plugins } = deps;

  async function computeFilingBase(input: { tenantId: string; taskId: string }): Promise<PreparedFilingBase | { ok: false; task: FilingTaskRow; reason: LocalizedText; pluginId: string }> {
    const library = await deps.policy();
    let adjustedWage: number | null = null;
    if (plugins !== undefined && (await plugins.adjusts(input.tenantId))) {
      const before = await withTenant(db, input.tenantId, async (trx) => {
        const t = await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', input.tenantId).where('id', '=', input.taskId).executeTakeFirst();
        if (!t || t.kind !== 'enrollment' || t.base_fen !== null) return null;
        const e = await trx.selectFrom('employees').select('monthly_wage_fen').where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
        return { t, wageFen: Number(e.monthly_wage_fen) };
      });
      if (before) {
        try {
          adjustedWage = await plugins.adjust(input.tenantId, { employeeId: before.t.employee_id, month: before.t.month, wageFen: before.wageFen, cityCode: before.t.city_code });
        } catch (error) {
          // Unlike the other extension points, a failing plugin is not skipped here: the base
          // without its adjustment is a different base, filed silently.
          if (!(error instanceof PluginFailedError)) throw error;
          const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
          const reason = {
            'zh-CN': `插件「${error.pluginId}」计算缴费基数时出错（${cause}），未申报；请修复插件或其设置后重新提交`,
            en: `the plugin "${error.pluginId}" failed computing the contribution base (${cause}); nothing was filed, resubmit once it is fixed`,
          };
          return { ok: false, task: before.t, reason, pluginId: error.pluginId };
        }
      }
    }
    return {
      async fix(trx, t, e) {
        if (t.base_fen !== null) return { ok: true, baseFen: Number(t.base_fen) };
        if (t.kind !== 'enrollment') return { ok: true, baseFen: null };
        const base = contributionBaseOf(library, { cityCode: t.city_code, month: t.month, wageFen: adjustedWage ?? Number(e.monthly_wage_fen), hukou: e.hukou });
        // No base, no filing: the wage is never filed in its place.
        if (!base.ok) return base;
        await deps.record(trx, t, base.baseFen);
        return { ok: true, baseFen: base.baseFen };
      },
    };
  }

  return { computeFilingBase };
}

export type FilingBase = ReturnType<typeof createFilingBase>;
