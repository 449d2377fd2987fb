/**
 * @lianxu/plugin-sdk: how a plugin is written. `definePlugin()`, the extension points core declares
 * (the only way a plugin changes core's behaviour), the manifest schema core's loader checks, and
 * the request context and errors of plugin routes. No I/O and no state here.
 *
 * @example
 * import { definePlugin } from '@lianxu/plugin-sdk';
 * export const plugin = definePlugin({ id: 'hello', version: '0.1.0', description: { 'zh-CN': '示例', en: 'Example' } });
 */
export * from './extension-points';
export * from './plugin-host';
export * from './plugin-http';
export * from './plugin-route-docs';
export * from './define-plugin';
export * from './manifest.schema';
export * from './text';
export * from './business-date';
export * from './localized-issue';
// Plugin migrations make their tables tenant tables with core's helper (forced RLS + audit trigger).
export { makeTenantTable, type Database } from '@lianxu/db';
// Whether a value is a UUID in its text form: the repository's one check.
export { isUuid } from '@lianxu/db';
