export * from './plugin.errors';
export * from './plugin.loader';
export * from './plugin.migrator';
export * from './plugin.host';
export * from './plugin.service';
export * from './extension.registry';
export * from './plugin.runtime';
export * from './plugin.failures';
// What the API needs of the SDK to serve plugin routes, so apps depend on core alone.
export { PluginHttpError, type PluginRequest, type TenantRole as PluginRole } from '@lianxu/plugin-sdk';
