// Entry point of the workflow bundle: every workflow the core worker runs, and nothing with I/O.
export { provisionTenantWorkflow } from './tenancy/provision-tenant.workflow';
