import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { parseTenantFile, type PluginRuntime } from '@lianxu/core';
import { validationHook } from '../errors/validation';
import { clientAddress } from '../middleware/client-address';
import { rateLimit } from '../middleware/rate-limit.middleware';

const route = createRoute({
  method: 'post',
  path: '/tenant-files/validate',
  tags: ['tenancy'],
  summary: 'Validate a tenant.yaml without applying it',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ content: z.string().min(1).max(200_000) }).strict() } },
    },
  },
  responses: {
    200: {
      description: 'The file is valid; the tenant it declares',
      content: { 'application/json': { schema: z.object({ valid: z.literal(true), spec: z.record(z.string(), z.unknown()) }) } },
    },
    400: { description: 'The file is invalid; `fields` names each field with its line' },
    429: { description: 'More than 30 files a minute from this address; Retry-After says when to try again' },
  },
});

/**
 * Validation is public (consultants paste a file before signing in): 30 files a minute per address.
 * With the deployment's plugins, each plugin's section (`config` of its entry) is checked by its plugin's schema.
 */
export function tenantFileRoutes(options: { trustedProxyHops?: number; perMinute?: number; plugins?: Pick<PluginRuntime, 'ready'> } = {}) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/tenant-files/validate', rateLimit({ max: options.perMinute ?? 30, windowMs: 60_000, key: (c) => clientAddress(c, options.trustedProxyHops ?? 0) }));
  return app.openapi(route, async (c) => {
    const { content } = c.req.valid('json');
    const plugins = await options.plugins?.ready();
    // A TenantFileError is a DomainError: app.onError answers 400 naming each problem's path.
    const spec = parseTenantFile(content, 'tenant.yaml', plugins ? { plugins } : {});
    return c.json({ valid: true as const, spec: { ...spec } }, 200);
  });
}
