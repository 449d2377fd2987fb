// Entry point of the workflow bundle: every workflow the core worker runs, and nothing with I/O.
export { provisionTenantWorkflow } from './tenancy/provision-tenant.workflow';
export { enrollmentWorkflow, stopWorkflow } from './lifecycle/lifecycle.workflows';
export { riskScanWorkflow } from './risk/risk-scan.workflow';
export { riskReportWorkflow } from './risk/risk-report.workflow';
export { promoteMigrationWorkflow } from './data-migration/promote-migration.workflow';
export { dualRunWorkflow } from './data-migration/dual-run.workflow';
