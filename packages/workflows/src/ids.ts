/** Task queue of the core worker. */
export const CORE_TASK_QUEUE = 'lianxu-core';

/** Workflow type names (exported function names in workflows.ts). */
export const WORKFLOW_TYPES = {
  provisionTenant: 'provisionTenantWorkflow',
  riskScan: 'riskScanWorkflow',
  riskReport: 'riskReportWorkflow',
  promoteMigration: 'promoteMigrationWorkflow',
  dualRun: 'dualRunWorkflow',
} as const;

export const workflowIds = {
  provisionTenant: (slug: string) => `provision-tenant:${slug}`,
};
