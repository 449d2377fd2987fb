import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createCustomFieldService, specFromPreset, type PluginRuntime } from '@lianxu/core';
import { text } from '@lianxu/plugin-sdk';
import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors } from './people.schemas';
import { LocalizedSchema } from './localized.schema';

type Env = { Variables: TenantVariables };

const ShowIn = z.object({ form: z.boolean(), list: z.boolean(), export: z.boolean() });
const Options = z
  .object({
    choices: z.array(z.object({ value: z.string(), labels: LocalizedSchema })).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    maxLength: z.number().int().optional(),
    pattern: z.object({ regex: z.string(), message: LocalizedSchema }).optional(),
  })
  .openapi('CustomFieldOptions');
const TYPES = ['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern_text'] as const;

const CustomFieldSchema = z
  .object({
    key: z.string(),
    type: z.enum(TYPES),
    labels: LocalizedSchema,
    required: z.boolean(),
    searchable: z.boolean(),
    showIn: ShowIn,
    options: Options,
    position: z.number().int(),
    deletedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CustomField');

// Request bodies are documented here and checked by the custom-fields service, which names each bad
// attribute (options.choices[0].value, labels.en, ...) and each unknown one (options.colour) in both
// languages: the request shapes keep unknown keys at every level so none is dropped before that.
const RequestLocalized = LocalizedSchema.passthrough();
const RequestShowIn = ShowIn.partial().passthrough();
const RequestOptions = z
  .object({
    choices: z.array(z.object({ value: z.string(), labels: RequestLocalized }).passthrough()).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    maxLength: z.number().int().optional(),
    pattern: z.object({ regex: z.string().openapi({ description: 'RE2 syntax (no lookaround or backreferences), at most 200 characters; checked in linear time' }), message: RequestLocalized }).passthrough().optional(),
  })
  .passthrough();
const NewCustomField = z
  .object({
    key: z.string().openapi({ example: 'job_type', description: 'lowercase letters, digits, underscores; never changes' }),
    type: z.enum(TYPES),
    labels: RequestLocalized.openapi({ example: { 'zh-CN': '工种', en: 'Job type' } }),
    required: z.boolean().optional(),
    searchable: z.boolean().optional(),
    showIn: RequestShowIn.optional(),
    options: RequestOptions.optional(),
  })
  .passthrough()
  .openapi('CustomFieldRequest');
const CustomFieldPatch = z
  .object({ labels: RequestLocalized.optional(), required: z.boolean().optional(), searchable: z.boolean().optional(), showIn: RequestShowIn.optional(), options: RequestOptions.optional(), position: z.number().int().optional() })
  .passthrough()
  .openapi('CustomFieldPatch', { description: 'key and type never change; renaming labels keeps every value' });

const KeyParam = z.object({ key: text({ max: 64 }).openapi({ param: { name: 'key', in: 'path' }, example: 'job_type' }) });
const admins = () => requireRole('tenant_admin');

const listRoute = createRoute({
  method: 'get', path: '/custom-fields', tags: ['custom fields'], summary: 'The tenant\'s custom fields in display order',
  middleware: [requireRole('tenant_admin', 'hr', 'consultant')] as const,
  request: { query: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }) },
  responses: { 200: { description: 'Fields', content: { 'application/json': { schema: z.object({ items: z.array(CustomFieldSchema) }) } } }, 403: errors[403] },
});
const createFieldRoute = createRoute({
  method: 'post', path: '/custom-fields', tags: ['custom fields'], summary: 'Add a custom field (tenant admin)', middleware: [admins()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: NewCustomField } } } },
  responses: { 201: { description: 'Added', content: { 'application/json': { schema: CustomFieldSchema } } }, 400: errors[400], 403: errors[403], 409: errors[409] },
});
const patchFieldRoute = createRoute({
  method: 'patch', path: '/custom-fields/{key}', tags: ['custom fields'], summary: 'Change labels, required, where it shows, options or position (tenant admin)', middleware: [admins()] as const,
  request: { params: KeyParam, body: { required: true, content: { 'application/json': { schema: CustomFieldPatch } } } },
  responses: { 200: { description: 'Changed', content: { 'application/json': { schema: CustomFieldSchema } } }, 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});
const deleteFieldRoute = createRoute({
  method: 'delete', path: '/custom-fields/{key}', tags: ['custom fields'],
  summary: 'Delete a custom field (tenant admin): needs ?confirm=true; the values are kept and hidden, the deletion is audited', middleware: [admins()] as const,
  request: { params: KeyParam, query: z.object({ confirm: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ key: z.string(), deleted: z.literal(true), employeesWithValues: z.number().int() }) } } },
    403: errors[403],
    404: errors[404],
    409: { description: 'confirmation_required: repeat with ?confirm=true (the message says how many employees hold a value)', content: errors[409].content },
  },
});
const presetsRoute = createRoute({
  method: 'post', path: '/custom-fields/presets/{pluginId}', tags: ['custom fields'],
  summary: 'Add an enabled plugin\'s custom-field presets in one call (those the tenant lacks); `keys` picks some', middleware: [admins()] as const,
  request: {
    params: z.object({ pluginId: z.string().regex(/^[a-z][a-z0-9-]{1,48}[a-z0-9]$/, 'a plugin id').openapi({ param: { name: 'pluginId', in: 'path' }, example: 'manufacturing-shifts' }) }),
    body: { required: false, content: { 'application/json': { schema: z.object({ keys: z.array(z.string().max(64)).max(50).optional() }).strict() } } },
  },
  responses: {
    201: {
      description: 'Added and skipped presets',
      content: { 'application/json': { schema: z.object({ added: z.array(CustomFieldSchema), skipped: z.array(z.object({ key: z.string(), reason: z.enum(['exists', 'key_used']) })) }) } },
    },
    400: errors[400],
    403: errors[403],
    404: errors[404],
    409: { description: 'plugin_not_enabled', content: errors[409].content },
  },
});

/** /api/t/{tenant}/custom-fields: definitions (tenant admins write, HR and consultants read) and plugin presets. */
export function customFieldRoutes(deps: { db: Kysely<Database>; plugins?: PluginRuntime }) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const fields = createCustomFieldService({ db: deps.db });
  const actor = (c: { get(k: 'user'): TenantVariables['user'] }) => ({ id: c.get('user')?.id ?? null });

  app.openapi(listRoute, async (c) => c.json({ items: await fields.list(c.get('tenantId'), { includeDeleted: c.req.valid('query').includeDeleted === 'true' }) }, 200));

  app.openapi(createFieldRoute, async (c) => c.json(await fields.create(c.get('tenantId'), actor(c), c.req.valid('json')), 201));

  app.openapi(patchFieldRoute, async (c) => c.json(await fields.update(c.get('tenantId'), actor(c), c.req.valid('param').key, c.req.valid('json')), 200));

  app.openapi(deleteFieldRoute, async (c) =>
    c.json(await fields.remove(c.get('tenantId'), actor(c), c.req.valid('param').key, { confirm: c.req.valid('query').confirm === 'true' }), 200),
  );

  app.openapi(presetsRoute, async (c) => {
    const { pluginId } = c.req.valid('param');
    const plugin = deps.plugins ? (await deps.plugins.service.list(c.get('tenantId'))).find((p) => p.id === pluginId) : undefined;
    if (!plugin) throw ApiError.of(404, 'not_found');
    if (!plugin.enabled) {
      throw new ApiError(409, 'plugin_not_enabled', { 'zh-CN': `插件 ${pluginId} 未启用，请先启用`, en: `The plugin ${pluginId} is not enabled for this tenant; enable it first` });
    }
    const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : {};
    const keys = body?.keys;
    const unknown = (keys ?? []).filter((k) => !plugin.customFieldPresets.some((p) => p.key === k));
    if (unknown.length) throw ApiError.of(400, 'validation_failed', Object.fromEntries(unknown.map((k) => [`keys.${k}`, { 'zh-CN': '该插件没有这个预设字段', en: 'the plugin has no preset with this key' }])));
    const specs = plugin.customFieldPresets.filter((p) => !keys || keys.includes(p.key)).map(specFromPreset);
    return c.json(await fields.addPresets(c.get('tenantId'), actor(c), specs), 201);
  });

  return app;
}
