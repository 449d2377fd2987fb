export { buildApp, CONTENT_SECURITY_POLICY, type App, type AppDeps } from './app';
export type { MigrationRouteDeps } from './app.deps';
export { ApiError } from './errors/api-error';
export { openApiDocument } from './openapi-document';
