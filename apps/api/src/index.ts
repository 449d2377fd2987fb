export { buildApp, CONTENT_SECURITY_POLICY, type App, type AppDeps } from './app';
export { ApiError } from './errors/api-error';
export { openApiDocument } from './openapi-document';
