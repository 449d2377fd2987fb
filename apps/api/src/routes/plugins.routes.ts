import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import {
  PluginFailedError,
  PluginHttpError,
  type LoadedPlugin,
  type PluginRequest,
  type PluginRuntime,
  type PluginView,
} from '@lianxu/core';
import { ApiError, errorResponse } from '../errors/api-error';
import { localeFrom } from '../errors/messages';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { LocalizedSchema } from './localized.schema';

const PluginItem = z
  .object({
    id: z.string(),
    version: z.string(),
    description: LocalizedSchema,
    requires: z.array(z.string()),
    enabled: z.boolean(),
    options: z.record(z.string(), z.unknown()),
    updatedAt: z.string().nullable(),
    hasRoutes: z.boolean(),
    reports: z.array(z.object({ id: z.string(), title: LocalizedSchema, format: z.string(), path: z.string(), params: z.array(z.string()).optional() })),
    webPanels: z.array(z.object({ id: z.string(), slot: z.string(), title: LocalizedSchema, module: z.string() })),
    customFieldPresets: z.array(z.object({ key: z.string(), label: LocalizedSchema, type: z.string() }).catchall(z.unknown())),
  })
  .openapi('Plugin');

const PluginId = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,48}[a-z0-9]$/, 'a plugin id') });

const listPlugins = createRoute({
  method: 'get',
  path: '/',
  tags: ['plugins'],
  summary: 'Installed plugins, each with its description and whether this tenant enabled it',
  responses: { 200: { description: 'Installed plugins', content: { 'application/json': { schema: z.object({ items: z.array(PluginItem) }) } } } },
});
const getPlugin = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['plugins'],
  summary: 'One installed plugin and this tenant\'s choice',
  request: { params: PluginId },
  responses: { 200: { description: 'The plugin', content: { 'application/json': { schema: PluginItem } } }, 404: { description: 'Not installed' } },
});
const setPlugin = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['plugins'],
  summary: 'Enable or disable a plugin for this tenant, with its options (tenant admin). Disabling keeps its data.',
  request: {
    params: PluginId,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ enabled: z.boolean(), options: z.record(z.string(), z.unknown()).optional() }).strict() } },
    },
  },
  responses: {
    200: { description: 'The plugin as now set', content: { 'application/json': { schema: PluginItem } } },
    400: { description: 'Options that do not fit the plugin; `fields` names each (options.<name>)' },
    403: { description: 'Not a tenant admin' },
    404: { description: 'Not installed' },
    409: { description: 'A required plugin is disabled, or an enabled plugin requires this one' },
  },
});

/** 500 plugin_failed naming the plugin: that request fails, the process keeps serving. */
export function pluginFailed(pluginId: string): ApiError {
  return new ApiError(500, 'plugin_failed', new PluginFailedError(pluginId, 'request', null).messages);
}

/**
 * How a plugin route's error reaches the client: its own refusals (PluginHttpError, ApiError) are
 * handed on to app.onError, the one place that maps refusals; anything else is plugin_failed.
 */
function pluginErrorResponse(c: Context, pluginId: string, error: unknown, logger: Logger, requestId: string | null): Response {
  if (error instanceof PluginHttpError || error instanceof ApiError) throw error;
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 413) return errorResponse(c, ApiError.of(413, 'payload_too_large'));
    if (/json/i.test(error.message)) return errorResponse(c, ApiError.of(400, 'malformed_json'));
  }
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
  logger.error({ requestId, pluginId, path: c.req.path, err }, 'plugin failed');
  return errorResponse(c, pluginFailed(pluginId));
}

const toItem = (v: PluginView) => v;

/**
 * /api/t/{tenant}/plugins: the list, enabling and disabling, and each plugin's own routes under
 * /{id}/..., which answer 404 (as if absent) for a tenant that has not enabled the plugin. The
 * tenant middleware has already checked the session and the access.
 */
export function pluginRoutes(deps: { plugins?: PluginRuntime; logger: Logger }) {
  const app = new OpenAPIHono<{ Variables: TenantVariables & { requestId: string } }>({ defaultHook: validationHook });
  const runtime = deps.plugins;
  const notFound = () => ApiError.of(404, 'not_found');

  app.openapi(listPlugins, async (c) => {
    const items = runtime ? await runtime.service.list(c.get('tenantId')) : [];
    return c.json({ items: items.map(toItem) }, 200);
  });

  app.openapi(getPlugin, async (c) => {
    const item = runtime ? (await runtime.service.list(c.get('tenantId'))).find((p) => p.id === c.req.valid('param').id) : undefined;
    if (!item) throw notFound();
    return c.json(toItem(item), 200);
  });

  const adminOnly = requireRole('tenant_admin');
  // Only the PUT needs a tenant admin (the GET of one plugin does not); the middleware ignores the extra variable.
  app.use('/:id', async (c, next) => (c.req.method === 'PUT' ? adminOnly(c as unknown as Parameters<typeof adminOnly>[0], next) : next()));
  app.openapi(setPlugin, async (c) => {
    if (!runtime) throw notFound();
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    // A PluginOptionsError (400) or PluginRequirementError (409) is a DomainError: app.onError maps it.
    const view = await runtime.service.setEnabled(c.get('tenantId'), id, body, { actorId: c.get('user')?.id ?? null });
    if (!view) throw notFound();
    return c.json(toItem(view), 200);
  });

  // Each plugin's Hono app is built once, on first use, inside its own error boundary.
  const mounted = new Map<string, Hono<{ Bindings: { plugin: PluginRequest } }>>();
  function mount(plugin: LoadedPlugin) {
    let outer = mounted.get(plugin.id);
    if (!outer) {
      outer = new Hono<{ Bindings: { plugin: PluginRequest } }>();
      outer.route(`/api/t/:tenant/plugins/${plugin.id}`, plugin.definition.routes!({ pluginId: plugin.id, host: runtime!.host }));
      outer.notFound((c) => errorResponse(c, ApiError.of(404, 'route_not_found')));
      outer.onError((error, c) => pluginErrorResponse(c, plugin.id, error, deps.logger, c.env?.plugin?.requestId ?? null));
      mounted.set(plugin.id, outer);
    }
    return outer;
  }

  app.all('/:id/*', async (c) => {
    const id = c.req.param('id');
    if (!runtime) throw notFound();
    const tenant = c.get('tenant');
    const enabled = await runtime.service.enabledOne(tenant.tenantId, id).catch((error: unknown) => {
      if (error instanceof PluginFailedError) return { failed: error };
      throw error;
    });
    if (!enabled) throw notFound();
    if ('failed' in enabled) return pluginErrorResponse(c, id, enabled.failed, deps.logger, c.get('requestId'));
    if (!enabled.plugin.definition.routes) throw notFound();
    let app: Hono<{ Bindings: { plugin: PluginRequest } }>;
    try {
      app = mount(enabled.plugin);
    } catch (error) {
      return pluginErrorResponse(c, id, error, deps.logger, c.get('requestId'));
    }
    const user = c.get('user')!;
    const plugin: PluginRequest = {
      pluginId: id,
      tenantId: tenant.tenantId,
      tenantSlug: tenant.slug,
      role: tenant.role,
      actor: { id: user.id, email: user.email },
      options: enabled.options,
      requestId: c.get('requestId'),
      locale: localeFrom(c.req.header('accept-language')),
    };
    return app.fetch(c.req.raw, { plugin });
  });

  return app;
}
