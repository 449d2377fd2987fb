import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { invalidField } from '../shared/index';
import { DEFAULT_RISK_SETTINGS, type RiskSettings } from './rules/risk-rule.types';

// The tenant's risk thresholds: defaults until a tenant admin saves its own.

export async function readRiskSettings(trx: Kysely<Database>, tenantId: string): Promise<RiskSettings> {
  const row = await trx.selectFrom('risk_settings').select(['gap_threshold_months', 'warning_day']).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? { gapThresholdMonths: row.gap_threshold_months, warningDay: row.warning_day } : { ...DEFAULT_RISK_SETTINGS };
}

export async function getRiskSettings(db: Kysely<Database>, tenantId: string): Promise<RiskSettings> {
  return withTenant(db, tenantId, (trx) => readRiskSettings(trx, tenantId));
}

/** Saves the thresholds (400 naming the field when one is out of range; nothing written then). */
export async function putRiskSettings(db: Kysely<Database>, tenantId: string, actorId: string, input: RiskSettings): Promise<RiskSettings> {
  if (!Number.isInteger(input.gapThresholdMonths) || input.gapThresholdMonths < 0 || input.gapThresholdMonths > 24) {
    throw invalidField('gapThresholdMonths', '断缴报告阈值须为 0 到 24 之间的整数（月）', 'the gap threshold must be a whole number of months from 0 to 24');
  }
  if (!Number.isInteger(input.warningDay) || input.warningDay < 1 || input.warningDay > 30) {
    throw invalidField('warningDay', '提醒日须为入职后第 1 到 30 天之间的整数', 'the warning day must be a whole number of days after the hire, from 1 to 30');
  }
  return withTenant(
    db,
    tenantId,
    async (trx) => {
      await trx
        .insertInto('risk_settings')
        .values({ tenant_id: tenantId, gap_threshold_months: input.gapThresholdMonths, warning_day: input.warningDay, updated_by: actorId })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ gap_threshold_months: input.gapThresholdMonths, warning_day: input.warningDay, updated_by: actorId, updated_at: new Date() }))
        .execute();
      return { gapThresholdMonths: input.gapThresholdMonths, warningDay: input.warningDay };
    },
    { actorId },
  );
}
