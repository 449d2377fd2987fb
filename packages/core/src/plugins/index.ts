export * from './plugin.errors';
export * from './plugin.loader';
export * from './plugin.migrator';
export * from './plugin.host';
export * from './plugin.service';
export * from './extension.registry';
export * from './plugin.runtime';
export * from './demo-plugins';
