export * from './harness';
export * from './api-deps';
export * from './browser';
export * from './serve-app';
export * from './bench-stack';
export * from './http-client';
export * from './tenant-fixtures';
export * from './web-app';
