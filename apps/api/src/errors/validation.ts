import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { localizeIssue } from '@lianxu/plugin-sdk';
import { ApiError, errorResponse, type Localized } from './api-error';

/** Turns a zod error into a 400 naming every bad field. */
export function validationError(error: ZodError): ApiError {
  // No prototype: a client's unknown key "__proto__" or "constructor" is named like any other.
  const fields: Record<string, Localized> = Object.create(null);
  for (const issue of error.issues) {
    // An unknown key is named itself, so the client sees which field is not accepted.
    const names = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.length ? issue.path.join('.') : '(body)'];
    for (const name of names) fields[name] ??= localizeIssue(issue);
  }
  return ApiError.of(400, 'validation_failed', fields);
}

/** The defaultHook for OpenAPIHono: validation failures answer in the error shape. */
export function validationHook(result: { success: boolean; error?: unknown }, c: Context): Response | undefined {
  if (!result.success) return errorResponse(c, validationError(result.error as ZodError));
  return undefined;
}
