import { closeMonthId } from './close/close-month.contract';

/** Task queue of the core worker. */
export const CORE_TASK_QUEUE = 'lianxu-core';

/** Workflow type names (exported function names in workflows.ts). */
export const WORKFLOW_TYPES = {
  provisionTenant: 'provisionTenantWorkflow',
  riskScan: 'riskScanWorkflow',
  riskReport: 'riskReportWorkflow',
  promoteMigration: 'promoteMigrationWorkflow',
  annualBaseAdjustment: 'annualBaseAdjustmentWorkflow',
  baseAdjustmentCheck: 'baseAdjustmentCheckWorkflow',
  closeMonth: 'closeMonthWorkflow',
  loadMigration: 'loadMigrationWorkflow',
  dualRun: 'dualRunWorkflow',
} as const;

export const workflowIds = {
  provisionTenant: (slug: string) => `provision-tenant:${slug}`,
  /** One close workflow per tenant, entity, city and month (see close/close-month.contract.ts). */
  closeMonth: closeMonthId,
};
