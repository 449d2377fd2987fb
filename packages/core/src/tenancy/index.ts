// Tenancy: tenant files (tenants as code), provisioning activities, plans and reads.
export type * from './tenant-spec';
export * from './tenant-file.schema';
export * from './tenancy.activities';
export * from './tenancy.service';
export * from './tenant-file.loader';
export * from './tenant-config.diff';
export * from './tenant-config.service';
export * from './tenant-plugin-sections';
export * from './provision-tenant.client';
