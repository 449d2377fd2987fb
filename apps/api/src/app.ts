import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './app.deps';
import { ApiError, errorResponse } from './errors/api-error';
import { fromRefusal } from './errors/domain-error';
import { validationHook } from './errors/validation';
import { requestLog } from './middleware/request-log.middleware';
import { stallLog } from './middleware/stall-log.middleware';
import { requestIdHeader, securityHeaders } from './middleware/response-headers.middleware';
import { originCheck } from './middleware/origin.middleware';
import { proxyHopsOf } from './middleware/client-address';
import { pathHygiene } from './middleware/path-hygiene.middleware';
import { sessionMiddleware } from './middleware/session.middleware';
import { tenantAccess } from './middleware/tenant.middleware';
import { authRoutes } from './routes/auth.routes';
import { meRoutes } from './routes/me.routes';
import { tenantHomeRoutes } from './routes/tenant-home.routes';
import { dashboardRoutes } from './routes/dashboard.routes';
import { employeeRoutes } from './routes/employees.routes';
import { extensionRoutes } from './routes/extensions.routes';
import { customFieldRoutes } from './routes/custom-fields.routes';
import { taskRoutes } from './routes/tasks.routes';
import { fundFilingRoutes } from './routes/fund-filings.routes';
import { notificationRoutes } from './routes/notifications.routes';
import { pluginRoutes } from './routes/plugins.routes';
import { docsRoutes } from './routes/docs.routes';
import { serveApiDocument } from './routes/openapi.routes';
import { healthRoutes } from './routes/health.routes';
import { policyRoutes } from './routes/policies.routes';
import { tenantRoutes } from './routes/tenants.routes';
import { tenantFileRoutes } from './routes/tenant-files.routes';
import { consoleRoutes } from './routes/console.routes';
import { invitationRoutes, memberRoutes } from './routes/members.routes';
import { webRoutes } from './routes/web.routes';
import { createCloseService } from '@lianxu/core';
import { closeRoutes } from './routes/close.routes';
import { closeImportRoutes } from './routes/close-import.routes';
import { createApiKeyService } from '@lianxu/auth';
import { apiKeyGate } from './middleware/api-key.middleware';
import { apiKeyRoutes } from './routes/api-keys.routes';
import { intakeRoutes, publicIntakeRoutes } from './routes/intake.routes';
import { riskReportRoutes } from './routes/risk-report.routes';
import { riskRoutes } from './routes/risk.routes';
import { migrationRoutes } from './routes/migrations.routes';
import { migrationSandboxRoutes } from './routes/migrations-sandbox.routes';
import { baseAdjustmentRoutes } from './routes/base-adjustments.routes';
import { dualRunRoutes } from './routes/migration-dual-run.routes';
import { selfServiceRoutes } from './routes/self-service.routes';
import { statementRoutes, statementVerifyRoutes } from './routes/statements.routes';
import { webhookRoutes } from './routes/webhooks.routes';
import { payrollExportRoutes } from './routes/payroll-exports.routes';

export type { AppDeps } from './app.deps';

/** The CSP the web app and the API reference both work under: nothing inline, nothing remote. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Every refusal of core (people, custom fields, policy revisions, plugins: a handler that failed
  // inside a core request fails it as plugin_failed, naming the plugin) and of auth (invitations,
  // members) maps here, in one place.
  const refusal = fromRefusal(error);
  if (refusal) return refusal;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /json/i.test(error.message)) return ApiError.of(400, 'malformed_json');
    if (error.status === 413) return ApiError.of(413, 'payload_too_large');
    if (error.status === 404) return ApiError.of(404, 'not_found');
    // A JSON route sent another media type (or none): name the type it takes.
    if (error.status === 415) return ApiError.of(415, 'unsupported_media_type', { 'content-type': { 'zh-CN': '应为 application/json', en: 'Expected application/json' } });
  }
  return undefined;
}

const MIGRATION_UPLOAD = /^\/api\/t\/[^/]+\/migrations$/;

/** Builds the whole API (and the web app it serves) without listening. */
export function buildApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use('*', requestIdHeader());
  app.use('*', requestLog({ logger: deps.logger }));
  app.use('*', stallLog({ logger: deps.logger, thresholdMs: deps.eventLoopStallMs }));
  app.use('*', securityHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin' }));
  const limitBody = bodyLimit({
    maxSize: deps.bodyLimitBytes ?? 1024 * 1024,
    onError: (c) => errorResponse(c, ApiError.of(413, 'payload_too_large')),
  });
  // Before routing, in this order: the body limit, the origin check (a forged cross-site request
  // never reaches a handler), the session (tenant routes check it together with the tenant access,
  // in tenantAccess()). GET and HEAD carry no body and change nothing, so they go straight to the
  // session: checking a body makes the Node adapter build a full Request (about 60 µs on the
  // hottest reads), and one gate instead of three saves their dispatch.
  const checkOrigin = originCheck({ allowedOrigins: deps.allowedOrigins });
  const session = sessionMiddleware({ auth: deps.auth, deferTo: (path) => path.startsWith('/api/t/') });
  app.use('/api/*', pathHygiene());
  app.use('/api/*', async function apiGate(c, next) {
    const withSession = async (): Promise<void> => void (await session(c, next));
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return withSession();
    // A migration package is streamed to disk by its route, which caps its size itself: the body
    // limit would buffer it whole.
    if (c.req.method === 'POST' && MIGRATION_UPLOAD.test(c.req.path)) {
      const refused = await checkOrigin(c, withSession);
      if (refused instanceof Response) c.res = refused;
      return;
    }
    return limitBody(c, async () => {
      // A refusal answers here, as hono does with a middleware's returned response.
      const refused = await checkOrigin(c, withSession);
      if (refused instanceof Response) c.res = refused;
    });
  });

  app.route('/api', healthRoutes(deps));
  app.route('/api', authRoutes(deps));
  app.route('/api', meRoutes(deps));
  app.route('/api', invitationRoutes(deps));
  const apiKeys = createApiKeyService(deps.db);
  const apiKeyCheck = apiKeyGate({ apiKeys, max: deps.apiKeyRequestsPerMinute ?? 600, windowMs: 60_000, ...(deps.plugins ? { plugins: deps.plugins } : {}) });
  app.use('/api/t/:tenant/*', tenantAccess({ auth: deps.auth, db: deps.db, apiKeys: apiKeyCheck }));
  app.route('/api/t/:tenant', tenantHomeRoutes(deps));
  app.route('/api/t/:tenant', dashboardRoutes(deps));
  app.route('/api/t/:tenant', employeeRoutes(deps));
  app.route('/api/t/:tenant', extensionRoutes(deps));
  app.route('/api/t/:tenant', customFieldRoutes(deps));
  app.route('/api/t/:tenant', taskRoutes(deps));
  app.route('/api/t/:tenant', fundFilingRoutes(deps));
  app.route('/api/t/:tenant', notificationRoutes(deps));
  app.route('/api/t/:tenant/plugins', pluginRoutes(deps));
  app.route('/api/t/:tenant', memberRoutes(deps));
  app.route('/api/t/:tenant', apiKeyRoutes({ apiKeys }));
  app.route('/api/t/:tenant', intakeRoutes(deps));
  app.route('/api/t/:tenant', selfServiceRoutes(deps));
  const close = deps.close ?? createCloseService({ db: deps.db });
  app.route('/api/t/:tenant', closeImportRoutes({ close, ...(deps.closeWorkflow ? { workflow: deps.closeWorkflow } : {}), log: (message, fields) => deps.logger.warn(fields, message) }));
  app.route('/api/t/:tenant', closeRoutes({
    close,
    ...(deps.closeBureauBill ? { fetchBill: deps.closeBureauBill } : {}),
    ...(deps.closeWorkflow ? { workflow: deps.closeWorkflow } : {}),
    log: (message, fields) => deps.logger.warn(fields, message),
  }));
  if (deps.webhooks) app.route('/api/t/:tenant', webhookRoutes({ webhooks: deps.webhooks }));
  app.route('/api/t/:tenant', payrollExportRoutes(deps));
  app.route('/api', tenantRoutes(deps));
  app.route('/api', tenantFileRoutes({ trustedProxyHops: proxyHopsOf(deps), perMinute: deps.tenantFileValidationsPerMinute, ...(deps.plugins ? { plugins: deps.plugins } : {}) }));
  app.route('/api', consoleRoutes(deps));
  app.route('/api', policyRoutes(deps));
  app.route('/api', docsRoutes());
  app.route('/api', publicIntakeRoutes(deps));
  app.route('/api/t/:tenant', riskRoutes({ ...deps, close }));
  app.route('/api/t/:tenant', riskReportRoutes(deps));
  app.route('/api/t/:tenant', migrationRoutes(deps));
  app.route('/api/t/:tenant', migrationSandboxRoutes(deps));
  app.route('/api/t/:tenant', baseAdjustmentRoutes(deps));
  app.route('/api/t/:tenant', dualRunRoutes(deps));
  app.route('/api/t/:tenant', statementRoutes(deps));
  app.route('/api', statementVerifyRoutes(deps));
  serveApiDocument(app, deps.plugins);
  app.all('/api/*', (c) => errorResponse(c, ApiError.of(404, 'route_not_found')));
  if (deps.webDistDir) app.route('/', webRoutes(deps.webDistDir));

  app.notFound((c) => errorResponse(c, ApiError.of(404, 'route_not_found')));
  app.onError((error, c) => {
    const known = toApiError(error);
    if (known) return errorResponse(c, known);
    deps.logger.error({ requestId: c.get('requestId'), err: { name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack } }, 'unhandled error');
    return errorResponse(c, ApiError.of(500, 'internal_error'));
  });
  return app;
}
export type App = ReturnType<typeof buildApp>;
