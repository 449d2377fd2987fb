// Entry point of the workflow bundle: every workflow the core worker runs, and nothing with I/O.
export { provisionTenantWorkflow } from './tenancy/provision-tenant.workflow';
export { enrollmentWorkflow, stopWorkflow } from './lifecycle/lifecycle.workflows';
export { riskScanWorkflow } from './risk/risk-scan.workflow';
export { riskReportWorkflow } from './risk/risk-report.workflow';
export { promoteMigrationWorkflow } from './data-migration/promote-migration.workflow';
export { annualBaseAdjustmentWorkflow } from './base-adjustment/base-adjustment.workflow';
export { baseAdjustmentCheckWorkflow } from './base-adjustment/base-adjustment-check.workflow';
export { closeMonthWorkflow } from './close/close-month.workflow';
export { loadMigrationWorkflow } from './data-migration/load-migration.workflow';
export { dualRunWorkflow } from './data-migration/dual-run.workflow';
