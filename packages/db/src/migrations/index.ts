import type { Migration } from 'kysely';
import { tenancyMigration } from './0001-tenancy.migration';
import { identityMigration } from './0002-identity.migration';
import { policyRecordsMigration } from './0003-policy-records.migration';
import { peopleMigration } from './0004-people.migration';
import { pluginsMigration } from './0005-plugins.migration';
import { customFieldsMigration } from './0006-custom-fields.migration';
import { invitationsMigration } from './0007-invitations.migration';
import { authChangeNotifyMigration } from './0008-auth-change-notify.migration';
import { tenantKeysMigration } from './0009-tenant-keys.migration';
import { pluginEventsMigration } from './0010-plugin-events.migration';
import { riskMigration } from './0011-risk.migration';
import { closeMigration } from './0012-close.migration';
import { coverageStatementsMigration } from './0013-coverage-statements.migration';
import { employeeSelfServiceMigration } from './0014-employee-self-service.migration';
import { candidateIntakesMigration } from './0015-candidate-intakes.migration';
import { integrationsMigration } from './0016-integrations.migration';
import { integrationsWebhooksMigration } from './0016-integrations-webhooks.migration';
import { dataMigrationMigration } from './0017-data-migration.migration';
import { financeAccountsMigration } from './0018-finance-accounts.migration';
import { riskContributionIndexesMigration } from './0019-risk-contribution-indexes.migration';
import { entityHousingFundRatesMigration } from './0020-entity-housing-fund-rates.migration';
import { dataMigrationPromotionMigration } from './0021-data-migration-promotion.migration';
import { baseAdjustmentsMigration } from './0022-base-adjustments.migration';
import { closeWorkflowMigration } from './0023-close-workflow.migration';
import { demoDataMigration } from './0024-demo-data.migration';
import { dataMigrationLoadMigration } from './0025-data-migration-load.migration';
import { dualRunMigration } from './0026-dual-run.migration';
import { sandboxPolicyOnceMigration } from './0027-sandbox-policy-once.migration';
import { fundFilingsMigration } from './0030-fund-filings.migration';
import { webhookTriggersWhenMigration } from './0031-webhook-triggers-when.migration';
import { baseChangeFilingsMigration } from './0029-base-change-filings.migration';
import { notificationEnglishMigration } from './0028-notification-english.migration';
import { migrationMappingCustomFieldsMigration } from './0032-migration-mapping-custom-fields.migration';
import { provisionalSettlementsMigration } from './0033-provisional-settlements.migration';
import { heldBackFilingsMigration } from './0034-held-back-filings.migration';
import { filedByHandMigration } from './0035-filed-by-hand.migration';

/** Core migrations in order. Names sort lexically; never rename or edit a shipped one. */
export const coreMigrations: Record<string, Migration> = {
  '0001-tenancy': tenancyMigration,
  '0002-identity': identityMigration,
  '0003-policy-records': policyRecordsMigration,
  '0004-people': peopleMigration,
  '0005-plugins': pluginsMigration,
  '0006-custom-fields': customFieldsMigration,
  '0007-invitations': invitationsMigration,
  '0008-auth-change-notify': authChangeNotifyMigration,
  '0009-tenant-keys': tenantKeysMigration,
  '0010-plugin-events': pluginEventsMigration,
  '0011-risk': riskMigration,
  '0012-close': closeMigration,
  '0013-coverage-statements': coverageStatementsMigration,
  '0014-employee-self-service': employeeSelfServiceMigration,
  '0015-candidate-intakes': candidateIntakesMigration,
  '0016-integrations': integrationsMigration,
  '0016-integrations-webhooks': integrationsWebhooksMigration,
  '0017-data-migration': dataMigrationMigration,
  '0018-finance-accounts': financeAccountsMigration,
  '0019-risk-contribution-indexes': riskContributionIndexesMigration,
  '0020-entity-housing-fund-rates': entityHousingFundRatesMigration,
  '0021-data-migration-promotion': dataMigrationPromotionMigration,
  '0022-base-adjustments': baseAdjustmentsMigration,
  '0023-close-workflow': closeWorkflowMigration,
  '0024-demo-data': demoDataMigration,
  '0025-data-migration-load': dataMigrationLoadMigration,
  '0026-dual-run': dualRunMigration,
  '0027-sandbox-policy-once': sandboxPolicyOnceMigration,
  '0028-notification-english': notificationEnglishMigration,
  '0029-base-change-filings': baseChangeFilingsMigration,
  '0030-fund-filings': fundFilingsMigration,
  '0031-webhook-triggers-when': webhookTriggersWhenMigration,
  '0032-migration-mapping-custom-fields': migrationMappingCustomFieldsMigration,
  '0033-provisional-settlements': provisionalSettlementsMigration,
  '0034-held-back-filings': heldBackFilingsMigration,
  '0035-filed-by-hand': filedByHandMigration,
};
