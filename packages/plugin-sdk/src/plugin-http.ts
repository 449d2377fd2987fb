import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Localized } from './extension-points';
import { chineseOf } from './localized-issue';
import { AUTHOR_HINTS } from './author-hints';
import { plainIssue } from './plain-issue';
import type { PluginHost } from './plugin-host';

export type TenantRole = 'tenant_admin' | 'hr' | 'employee' | 'consultant';

/**
 * Who is asking and for which tenant: core has checked the session, the tenant access and that the
 * plugin is enabled for the tenant before a plugin route runs.
 */
export interface PluginRequest<O = Record<string, unknown>> {
  pluginId: string;
  tenantId: string;
  tenantSlug: string;
  role: TenantRole;
  actor: { id: string; email: string };
  /** The tenant's options for this plugin, validated, defaults applied. */
  options: O;
  requestId: string;
  locale: 'zh-CN' | 'en';
}

/** The Hono environment of plugin routes: the request context arrives as `c.env.plugin`. */
export interface PluginEnv<O = Record<string, unknown>> {
  Bindings: { plugin: PluginRequest<O> };
}

/** What a plugin's route factory receives, once per process. */
export interface PluginRoutesContext {
  pluginId: string;
  host: PluginHost;
}
export type PluginRoutesFactory<O = Record<string, unknown>> = (ctx: PluginRoutesContext) => Hono<PluginEnv<O>, any, any>;

/** The request context of a plugin route. */
export function pluginRequest<O>(c: Context<PluginEnv<O>>): PluginRequest<O> {
  return c.env.plugin;
}

const VALIDATION_FAILED: Localized = { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' };

/**
 * A refusal a plugin route answers with, in the API's error shape
 * `{"error": {"code", "message", "fields"?}}`. Anything else a plugin throws becomes a 500
 * `plugin_failed` naming the plugin.
 *
 * @example
 * throw PluginHttpError.invalid({ 'rows[3].date': { 'zh-CN': '日期无效', en: 'not a date' } });
 */
export class PluginHttpError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    readonly messages: Localized,
    readonly fields?: Record<string, Localized | string>,
  ) {
    super(`${code}: ${messages.en}`);
    this.name = 'PluginHttpError';
  }

  /** 400 validation_failed naming each bad field. */
  static invalid(fields: Record<string, Localized | string>): PluginHttpError {
    return new PluginHttpError(400, 'validation_failed', VALIDATION_FAILED, fields);
  }

  static notFound(what: Localized = { 'zh-CN': '请求的资源不存在', en: 'The requested resource does not exist' }): PluginHttpError {
    return new PluginHttpError(404, 'not_found', what);
  }

  static forbidden(): PluginHttpError {
    return new PluginHttpError(403, 'forbidden_role', { 'zh-CN': '您的角色无权执行此操作', en: 'Your role does not allow this' });
  }

  static conflict(code: string, messages: Localized, fields?: Record<string, Localized | string>): PluginHttpError {
    return new PluginHttpError(409, code, messages, fields);
  }
}

/** zod's built-in issues in plain words in both languages; a message written in both (`addLocalizedIssue`) in each; any other as written. */
export function localizeIssue(issue: z.core.$ZodIssue): Localized {
  const zh = chineseOf(issue);
  if (zh !== undefined) return { en: issue.message, 'zh-CN': zh };
  // zod's own messages are put plainly. A message the schema's author wrote (`.regex(re, 'message')`)
  // stands in English; a reader of Chinese gets its Chinese (or its kind of issue in plain Chinese).
  const plain = plainIssue(issue);
  if (ZOD_OWN_MESSAGE.test(issue.message) && plain) return plain;
  const hint = AUTHOR_HINTS[issue.message];
  if (hint) return hint;
  if (/[\u4e00-\u9fff]/.test(issue.message)) return { en: issue.message, 'zh-CN': issue.message };
  return { en: issue.message, 'zh-CN': plain?.['zh-CN'] ?? '填写的内容无法识别，请检查格式' };
}

/** How zod's own English messages begin (its en locale); a schema author's message does not. */
const ZOD_OWN_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized key)/;

/** Field name of an issue path: `records[2].date`. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(body)';
}

/**
 * Parses input with a zod schema or throws a 400 naming every bad field.
 *
 * @example
 * const body = parseInput(NewBranch, await c.req.json());
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: Record<string, Localized> = {};
  for (const issue of result.error.issues) fields[fieldPath(issue.path, prefix)] ??= localizeIssue(issue);
  throw PluginHttpError.invalid(fields);
}

/** Reads a JSON body, answering 400 for a body that is not JSON (and 415 for another media type). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new PluginHttpError(415, 'unsupported_media_type', { 'zh-CN': '请求体必须是 JSON（Content-Type: application/json）', en: 'The request body must be JSON (Content-Type: application/json)' }, { 'content-type': { 'zh-CN': '应为 application/json', en: 'Expected application/json' } });
  }
  try {
    return await c.req.json();
  } catch {
    throw new PluginHttpError(400, 'malformed_json', { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' });
  }
}

/** Admits only the given roles to the routes behind it (others get 403). */
export function requirePluginRole(...roles: TenantRole[]): MiddlewareHandler<PluginEnv<any>> {
  return async function requirePluginRoleMiddleware(c, next) {
    if (!roles.includes(c.env.plugin.role)) throw PluginHttpError.forbidden();
    await next();
  };
}
