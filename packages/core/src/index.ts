// @lianxu/core: one folder per business capability, each with one public index.ts. Apps import
// from '@lianxu/core' alone; modules import each other only through their index.
export * from './shared/index';
export * from './policy-library/index';
export * from './plugins/index';
export * from './custom-fields/index';
export * from './tenancy/index';
export * from './notifications/index';
export * from './filing/index';
export * from './contributions/index';
export * from './coverage/index';
export * from './people/index';
export * from './risk/index';
export * from './close/index';
export * from './documents/index';
export * from './intake/index';
export * from './self-service/index';
export * from './integrations/index';
export * from './data-migration/index';
export * from './payroll-exports/index';
export * from './base-adjustment/index';
export * from './demo-data/index';
