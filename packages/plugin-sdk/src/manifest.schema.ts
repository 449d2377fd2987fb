import { z } from 'zod';
import { RE2JS } from 're2js';
import { EXTENSION_POINT_NAMES } from './extension-points';

/** Plugin ids: lowercase letters, digits and dashes, starting with a letter. `core` is reserved. */
export const PLUGIN_ID = /^[a-z][a-z0-9-]{1,48}[a-z0-9]$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
/** `id`, `id@1.2.3`, `id@^1.2.3`, `id@~1.2.3`, `id@>=1.2.3` (id may be `core`). */
const REQUIREMENT = /^([a-z][a-z0-9-]*)(?:@(\^|~|>=)?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)))?$/;
const FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;
const MIGRATION_NAME = /^[0-9]{4}-[a-z0-9-]+$/;

const isFunction = (v: unknown): v is (...args: unknown[]) => unknown => typeof v === 'function';
const fn = (what: string) => z.custom<(...args: any[]) => unknown>(isFunction, `${what} must be a function`);

const localized = z.object({ 'zh-CN': z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) }).strict();

export interface Requirement {
  id: string;
  /** null: any version. */
  range: { op: '=' | '^' | '~' | '>='; version: string } | null;
}

/** Parses `retail-branches@^0.1.0`; null when it is not a requirement. */
export function parseRequirement(text: string): Requirement | null {
  const m = REQUIREMENT.exec(text);
  if (!m) return null;
  return { id: m[1]!, range: m[3] ? { op: (m[2] ?? '=') as '=' | '^' | '~' | '>=', version: m[3] } : null };
}

function parts(version: string): [number, number, number] {
  const [a, b, c] = version.split('.').map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
}
function compare(x: [number, number, number], y: [number, number, number]): number {
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Whether `version` satisfies a requirement's range (npm semantics for ^, ~, >=, exact). */
export function satisfiesRange(version: string, range: Requirement['range']): boolean {
  if (!range) return true;
  const v = parts(version);
  const r = parts(range.version);
  const cmp = compare(v, r);
  switch (range.op) {
    case '=':
      return cmp === 0;
    case '>=':
      return cmp >= 0;
    case '~':
      return cmp >= 0 && v[0] === r[0] && v[1] === r[1];
    case '^':
      if (cmp < 0) return false;
      if (r[0] > 0) return v[0] === r[0];
      if (r[1] > 0) return v[0] === 0 && v[1] === r[1];
      return v[0] === 0 && v[1] === 0 && v[2] === r[2];
  }
}

const customFieldPreset = z
  .object({
    key: z.string().regex(FIELD_KEY, 'lowercase letters, digits and underscores, starting with a letter'),
    label: localized,
    type: z.enum(['text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern']),
    options: z.array(z.object({ value: z.string().min(1).max(100), label: localized }).strict()).max(200).optional(),
    pattern: z.object({ regex: z.string().min(1).max(200), message: localized }).strict().optional(),
    required: z.boolean().optional(),
    searchable: z.boolean().optional(),
    showIn: z.array(z.enum(['form', 'list', 'export'])).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const selects = p.type === 'single_select' || p.type === 'multi_select';
    if (selects && !p.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if (p.type === 'pattern') {
      if (!p.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'a pattern field needs a pattern' });
      else {
        // Tenants' copies of the preset are checked in RE2 (linear time): the preset must compile there.
        try {
          RE2JS.compile(RE2JS.translateRegExp(p.pattern.regex));
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['pattern', 'regex'], message: `not a valid RE2 regular expression: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
  });

const reportSpec = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    title: localized,
    format: z.enum(['xlsx', 'csv', 'json']),
    path: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, 'a path under the plugin mount, without a leading slash').refine((p) => !p.includes('..'), 'must not contain ..'),
    params: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)).optional(),
  })
  .strict();

const webPanel = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    slot: z.enum(['tenant.nav', 'employee.detail', 'employee.form', 'dashboard']),
    title: localized,
    module: z.string().regex(/^\.\/[A-Za-z0-9._/-]+\.(tsx|ts|jsx|js)$/, 'a module path relative to the plugin folder (./web/x.panel.tsx)').refine((p) => !p.includes('..'), 'must stay inside the plugin folder'),
  })
  .strict();

const migration = z.object({ up: fn('up'), down: fn('down').optional() }).passthrough();

const zodSchema = z.custom<z.ZodType>((v) => !!v && typeof v === 'object' && isFunction((v as { safeParse?: unknown }).safeParse), 'must be a zod schema');

/** tenantConfig is the one point declared as an object: the section's schema and its read, plan and apply. */
const tenantConfigHook = z
  .object({
    schema: zodSchema,
    check: fn('check').optional(),
    read: fn('read'),
    plan: fn('plan'),
    apply: fn('apply'),
    formerKey: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'a top-level key of tenant.yaml').optional(),
  })
  .strict();

const knownPoints = EXTENSION_POINT_NAMES.join(', ');
const extensionPoints = z.record(z.string(), z.unknown()).superRefine((handlers, ctx) => {
  for (const [name, handler] of Object.entries(handlers)) {
    if (!(EXTENSION_POINT_NAMES as string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `unknown extension point (core offers: ${knownPoints})` });
    } else if (name === 'tenantConfig') {
      if (handler === undefined) continue;
      if (isFunction(handler) || typeof handler !== 'object') {
        ctx.addIssue({ code: 'custom', path: [name], message: 'tenantConfig declares the section: { schema, read, plan, apply } (optionally check, formerKey)' });
        continue;
      }
      const hook = tenantConfigHook.safeParse(handler);
      if (!hook.success) {
        for (const issue of hook.error.issues) ctx.addIssue({ code: 'custom', path: [name, ...(issue.path as (string | number)[])], message: issue.message });
      }
    } else if (handler !== undefined && !isFunction(handler)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'a handler must be a function' });
    }
  }
});

const routeDoc = z
  .object({
    method: z.enum(['get', 'post', 'put', 'patch', 'delete']),
    path: z.string().regex(/^\/[A-Za-z0-9._~:/-]*$/, 'a path under the plugin, starting with / (Hono style, /items/:id)'),
    summary: z.string().trim().min(1).max(300),
    description: z.string().max(2000).optional(),
    roles: z.array(z.enum(['tenant_admin', 'hr', 'employee', 'consultant'])).optional(),
    apiKeyScope: z.string().regex(/^[a-z]+:[a-z]+$/, 'an API key scope such as attendance:write').optional(),
    params: zodSchema.optional(),
    query: zodSchema.optional(),
    body: z.object({ schema: zodSchema.optional(), mediaTypes: z.array(z.string().min(1)).optional(), description: z.string().optional() }).strict().optional(),
    responses: z.record(z.string().regex(/^[1-5]\d\d$/, 'an HTTP status'), z.object({ description: z.string().min(1), schema: zodSchema.optional(), mediaType: z.string().optional() }).strict()),
  })
  .strict();

/**
 * The manifest a plugin's `definePlugin({...})` must satisfy; the loader checks it at start-up and
 * names the plugin's folder in every problem.
 */
export const pluginManifestSchema = z
  .object({
    id: z
      .string()
      .regex(PLUGIN_ID, 'lowercase letters, digits and dashes, 3 to 50 characters, starting with a letter')
      .refine((id) => id !== 'core', '"core" is reserved'),
    version: z.string().regex(SEMVER, 'a semantic version x.y.z'),
    description: localized,
    requires: z
      .array(z.string().refine((r) => parseRequirement(r) !== null, 'a plugin id or core, optionally @version, @^version, @~version or @>=version'))
      .max(20)
      .default([]),
    options: zodSchema.optional(),
    migrations: z
      .record(z.string().regex(MIGRATION_NAME, 'migration names look like 0001-shifts'), migration)
      .optional(),
    extensionPoints: extensionPoints.optional(),
    routes: fn('routes').optional(),
    routeDocs: z
      .array(routeDoc)
      .max(200)
      .refine((list) => new Set(list.map((d) => `${d.method} ${d.path}`)).size === list.length, 'a route is described twice')
      .optional(),
    activities: fn('activities').optional(),
    workflows: z.string().regex(/^\.\/[A-Za-z0-9._/-]+\.ts$/).optional(),
    customFieldPresets: z
      .array(customFieldPreset)
      .max(50)
      .refine((list) => new Set(list.map((p) => p.key)).size === list.length, 'a preset key is listed twice')
      .optional(),
    reports: z
      .array(reportSpec)
      .max(50)
      .refine((list) => new Set(list.map((r) => r.id)).size === list.length, 'a report id is listed twice')
      .optional(),
    webPanels: z
      .array(webPanel)
      .max(50)
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'a panel id is listed twice')
      .optional(),
  })
  .strict();

export type PluginManifest = z.output<typeof pluginManifestSchema>;

/** Every problem of a manifest as `field: message`; empty when it is valid. */
export function manifestProblems(candidate: unknown): string[] {
  const result = pluginManifestSchema.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    return `${path || '(manifest)'}: ${issue.message}`;
  });
}
