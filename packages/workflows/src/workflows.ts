// Entry point of the workflow bundle: every workflow the core worker runs, and nothing with I/O.
export { provisionTenantWorkflow } from './tenancy/provision-tenant.workflow';
export { enrollmentWorkflow } from './lifecycle/enrollment.workflow';
export { stopWorkflow } from './lifecycle/stop.workflow';
