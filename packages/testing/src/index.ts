export * from './harness';
export * from './api-deps';
