export * from './ids';
export * from './tenancy/provision-tenant.contract';
export type * from './tenancy/tenancy.activities.interface';
export * from './lifecycle/lifecycle.contract';

/** Absolute path of the workflow bundle entry, for `bundleWorkflowCode` and `Worker.create`. */
export const WORKFLOWS_PATH = new URL('./workflows.ts', import.meta.url).pathname;
export * from './risk/risk-scan.contract';
export * from './risk/risk-report.contract';
export * from './data-migration/promote-migration.contract';
export * from './base-adjustment/base-adjustment.contract';
export * from './base-adjustment/base-adjustment-check.contract';
export * from './close/close-month.contract';
export * from './data-migration/load-migration.contract';
export * from './data-migration/dual-run.contract';
