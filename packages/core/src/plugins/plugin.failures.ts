import type { Kysely } from 'kysely';
import { withTenant, type BusinessClock, type Database } from '@lianxu/db';
import type { PluginLogger } from '@lianxu/plugin-sdk';
import { recordNotice } from '../notifications/index';
import type { PluginFailedError } from './plugin.errors';

/** Records a plugin's failure in a hook whose result core skipped (the plugin is isolated). */
export type PluginFailureRecorder = (tenantId: string, failure: PluginFailedError) => Promise<void>;

export const PLUGIN_FAILURE_NOTICE = 'plugin_failed';

/**
 * Logs the failure with the plugin id and hook, and tells the tenant's admins in their inbox: one
 * notice per admin, plugin, hook and business day (the dedupe key), however often the hook fails.
 * Recording never throws: a failure to record is logged, and the caller carries on without the plugin.
 */
export function createPluginFailureRecorder(deps: { db: Kysely<Database>; clock: Pick<BusinessClock, 'today'>; logger: PluginLogger }): PluginFailureRecorder {
  return async (tenantId, failure) => {
    const cause = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    deps.logger.error({ tenantId, pluginId: failure.pluginId, hook: failure.point, error: cause }, 'plugin hook failed; its result was skipped');
    const day = deps.clock.today();
    try {
      await withTenant(deps.db, tenantId, async (trx) => {
        const admins = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', '=', 'tenant_admin').execute();
        for (const admin of admins) {
          await recordNotice(trx, {
            tenantId,
            dedupeKey: `${PLUGIN_FAILURE_NOTICE}:${failure.pluginId}:${failure.point}:${day}:${admin.user_id}`,
            channel: 'in_app',
            recipientUserId: admin.user_id,
            kind: PLUGIN_FAILURE_NOTICE,
            subject: `插件「${failure.pluginId}」在 ${failure.point} 中出错`,
            body: `${day}：该插件的结果已被跳过，其余功能照常。原因：${cause.slice(0, 300)}`,
            en: { subject: `Plugin "${failure.pluginId}" failed in ${failure.point}`, body: `${day}: its result was skipped, the rest of Lianxu works. Cause: ${cause.slice(0, 300)}` },
          });
        }
      });
    } catch (error) {
      deps.logger.error({ tenantId, pluginId: failure.pluginId, hook: failure.point, error: (error as Error).message }, 'could not record a plugin failure');
    }
  };
}
