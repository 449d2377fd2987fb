export * from './harness';
export * from './api-deps';
export * from './browser';
export * from './serve-app';
