import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

/** One error shape for every answer that is not a success: {"error": {"code", "message", "fields"?}}. */
export interface BureauErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export class BureauError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'BureauError';
  }

  body(): BureauErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export function errorResponse(c: Context, error: BureauError): Response {
  return c.json(error.body(), error.status);
}

const zhLocale = z.locales.zhCN().localeError;

// zod's Chinese "expected string, received undefined" becomes the plainer 必填 for a missing field.
const zhCN: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? '必填字段' : zhLocale(issue);

/** Flattens zod issues into {field: message}; the first problem of each field wins. */
function fieldsOf(error: z.ZodError): Record<string, string> {
  // A Map, not an object literal: a hostile field named "__proto__" must be reported, not swallowed.
  const fields = new Map<string, string>();
  const add = (name: string, message: string) => {
    if (!fields.has(name)) fields.set(name, message);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path.map(String), key].join('.'), '不允许的字段');
      continue;
    }
    add(issue.path.length > 0 ? issue.path.map(String).join('.') : 'body', issue.message);
  }
  // fromEntries defines own properties, so "__proto__" stays a plain key when serialized.
  return Object.fromEntries(fields);
}

export function validationError(fields: Record<string, string>): BureauError {
  return new BureauError(400, 'validation_failed', '输入有误，请检查标出的字段', fields);
}

/** Parses with Chinese messages passed per call, so the process-wide zod locale stays untouched. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: zhCN });
  if (!result.success) throw validationError(fieldsOf(result.error));
  return result.data;
}

/** Reads a JSON body without trusting its content type; an empty or broken body names `body`. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new BureauError(400, 'malformed_json', '请求体不能为空', { body: '请求体不能为空' });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BureauError(400, 'malformed_json', '请求体不是有效的 JSON', { body: '请求体不是有效的 JSON' });
  }
}
