import type { Context } from 'hono';
import { chineseOf } from '@lianxu/plugin-sdk';
import { z, type ZodError } from 'zod';
import { ApiError, errorResponse, type Localized } from './api-error';

const enMap = z.locales.en().localeError;
const zhMap = z.locales.zhCN().localeError;

function text(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object' && 'message' in result) return String((result as { message: unknown }).message);
  return undefined;
}

/**
 * Localizes one issue: zod's built-in messages have a Chinese twin; a message written in a schema
 * (for example a pattern's explanation) is kept as written, in both languages.
 */
function localize(issue: z.core.$ZodIssue): Localized {
  // The SDK's text and date rules write their messages in both languages.
  const zh = chineseOf(issue);
  if (zh !== undefined) return { en: issue.message, 'zh-CN': zh };
  const builtIn = text(enMap(issue as never));
  if (builtIn !== undefined && builtIn === issue.message) {
    return { en: issue.message, 'zh-CN': text(zhMap(issue as never)) ?? issue.message };
  }
  return { en: issue.message, 'zh-CN': issue.message };
}

/** Turns a zod error into a 400 naming every bad field. */
export function validationError(error: ZodError): ApiError {
  // No prototype: a client's unknown key "__proto__" or "constructor" is named like any other.
  const fields: Record<string, Localized> = Object.create(null);
  for (const issue of error.issues) {
    // An unknown key is named itself, so the client sees which field is not accepted.
    const names = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.length ? issue.path.join('.') : '(body)'];
    for (const name of names) fields[name] ??= localize(issue);
  }
  return ApiError.of(400, 'validation_failed', fields);
}

/** The defaultHook for OpenAPIHono: validation failures answer in the error shape. */
export function validationHook(result: { success: boolean; error?: unknown }, c: Context): Response | undefined {
  if (!result.success) return errorResponse(c, validationError(result.error as ZodError));
  return undefined;
}
