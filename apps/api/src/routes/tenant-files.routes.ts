import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { parseTenantFile, TenantFileError } from '@lianxu/core';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';

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
  },
});

export function tenantFileRoutes() {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, (c) => {
    const { content } = c.req.valid('json');
    try {
      const spec = parseTenantFile(content, 'tenant.yaml');
      return c.json({ valid: true as const, spec: { ...spec } }, 200);
    } catch (error) {
      if (!(error instanceof TenantFileError)) throw error;
      const fields = Object.fromEntries(
        error.problems.map((p) => [p.path, `${p.line ? `line ${p.line}: ` : ''}${p.message}`]),
      );
      throw new ApiError(400, 'validation_failed', { 'zh-CN': '租户配置文件有误', en: 'The tenant file is invalid' }, fields);
    }
  });
}
