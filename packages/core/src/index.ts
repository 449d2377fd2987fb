export * from './tenancy/tenant-file.schema';
export * from './tenancy/tenancy.activities';
export * from './tenancy/tenancy.service';
export * from './tenancy/tenant-file.loader';
export * from './policy/policy-library.service';
