import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { LoadedPlugin, PluginRuntime } from '@lianxu/core';
import { API_KEY_ROUTES, pluginKeyRoutes } from '../middleware/api-key.middleware';
import { withSecurity } from './openapi.security';
import { registerWebhooks } from './openapi.webhooks';

// The SDK's types as core hands them over (apps depend on core alone).
type AnyPluginDefinition = LoadedPlugin['definition'];
type PluginRouteDoc = NonNullable<AnyPluginDefinition['routeDocs']>[number];

type Registry = OpenAPIHono['openAPIRegistry'];
type RouteConfig = Parameters<Registry['registerPath']>[0];

/** Where plugin routes live; `{tenant}` is the tenant's slug. */
export const PLUGIN_ROUTES_PREFIX = '/api/t/{tenant}/plugins';

/** The OpenAPI tag of a plugin's routes. */
export const pluginTag = (pluginId: string): string => `plugin: ${pluginId}`;

/** `/branches/:id` → `/branches/{id}`. */
export const openApiPath = (honoPath: string): string => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const TENANT_SLUG = z.string().openapi({ description: "The tenant's slug" });

function pluginRouteConfig(pluginId: string, doc: PluginRouteDoc): RouteConfig {
  const path = `${PLUGIN_ROUTES_PREFIX}/${pluginId}${openApiPath(doc.path)}`;
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const given = (doc.params?.shape ?? {}) as Record<string, z.ZodType>;
  const params = z.object(Object.fromEntries(names.map((name) => [name, name === 'tenant' ? TENANT_SLUG : (given[name] ?? z.string())])));
  const roles = doc.roles?.length ? `Roles: ${doc.roles.join(', ')} (others get 403).` : undefined;
  const body = doc.body
    ? {
        required: true,
        description: doc.body.description,
        content: Object.fromEntries(
          doc.body.schema
            ? [['application/json', { schema: doc.body.schema }]]
            : (doc.body.mediaTypes ?? []).map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }]),
        ),
      }
    : undefined;
  const responses: RouteConfig['responses'] = {};
  for (const [status, answer] of Object.entries(doc.responses)) {
    responses[status] = answer.schema
      ? { description: answer.description, content: { [answer.mediaType ?? 'application/json']: { schema: answer.schema } } }
      : answer.mediaType
        ? { description: answer.description, content: { [answer.mediaType]: { schema: z.string().openapi({ format: 'binary' }) } } }
        : { description: answer.description };
  }
  responses['404'] ??= { description: 'The plugin is not enabled for this tenant, or the resource does not exist' };
  return {
    method: doc.method,
    path,
    tags: [pluginTag(pluginId)],
    summary: doc.summary,
    description: [doc.description, roles].filter(Boolean).join('\n\n') || undefined,
    request: { params, ...(doc.query ? { query: doc.query } : {}), ...(body ? { body } : {}) },
    responses,
  } as RouteConfig;
}

/** Adds every documented route of the given (installed) plugins to the registry. */
export function registerPluginRoutes(registry: Registry, plugins: readonly { id: string; definition: AnyPluginDefinition }[]): void {
  for (const plugin of plugins) {
    for (const doc of plugin.definition.routeDocs ?? []) registry.registerPath(pluginRouteConfig(plugin.id, doc));
  }
}

/**
 * Serves /api/openapi.json: core's routes as registered, plus the routes of every plugin installed in
 * this deployment (from their `routeDocs`), each plugin under its own tag. Plugins load
 * asynchronously, so their routes join the document on its first request.
 */
export function serveApiDocument(app: OpenAPIHono<any, any, any>, runtime: PluginRuntime | undefined): void {
  let installed: Promise<void> | undefined;
  let loaded: readonly { id: string; definition: AnyPluginDefinition }[] = [];
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['docs'],
    summary: 'This document: every route of the API, plugin routes included (OpenAPI 3.1)',
    responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  });
  app.use('/api/openapi.json', async function pluginRoutesDocumented(_c, next) {
    if (runtime) {
      installed ??= runtime.ready().then((set) => {
        registerPluginRoutes(app.openAPIRegistry, set.list);
        loaded = set.list;
      });
      // A failed load is not kept: the next request tries again (the API refuses to start on one anyway).
      await installed.catch((error: unknown) => {
        installed = undefined;
        throw error;
      });
    }
    await next();
  });
  registerWebhooks(app.openAPIRegistry);
  // Generated on each request (plugins join on the first), then the security derived from the app's own middleware.
  app.get('/api/openapi.json', (c) => {
    const doc = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Lianxu API',
        version: '0.1.0',
        description: '连续 Lianxu: social insurance and housing fund continuity. Integration guide: docs/integrations.md (API keys, webhooks, data in and out).',
      },
      tags: [
        ...loaded
          .filter((p) => p.definition.routeDocs?.length)
          .map((p) => ({ name: pluginTag(p.id), description: `${p.definition.description['zh-CN']} / ${p.definition.description.en}` })),
      ],
    });
    // Plugins' routes open to API keys (their `apiKeyScope`) are documented with their scope too.
    return c.json(withSecurity(doc as Parameters<typeof withSecurity>[0], app.routes, [...API_KEY_ROUTES, ...pluginKeyRoutes({ list: loaded })]));
  });
}
