import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Localized } from '@lianxu/core';
import { ERROR_MESSAGES, localeFrom, type ErrorCode, type Locale } from './messages';

// The one localized-text type (core/shared's, from @lianxu/db), re-exported for the API's routes.
export type { Localized };

/** One error shape everywhere: {"error": {"code", "message", "fields"?: {name: message}}}. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export class ApiError extends Error {
  /** Sent as Retry-After on a 429 or 503: when the client may try again. */
  retryAfterSeconds?: number;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly messages: Localized,
    readonly fields?: Record<string, Localized | string>,
  ) {
    super(messages.en);
    this.name = 'ApiError';
  }

  static of(status: ContentfulStatusCode, code: ErrorCode, fields?: Record<string, Localized | string>): ApiError {
    return new ApiError(status, code, ERROR_MESSAGES[code], fields);
  }

  /** The same error, telling the client when to try again. */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  body(locale: Locale): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.messages[locale] };
    if (this.fields) {
      error.fields = Object.fromEntries(
        Object.entries(this.fields).map(([name, m]) => [name, typeof m === 'string' ? m : m[locale]]),
      );
    }
    return { error };
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  // A 415 names the content type as its field, whoever raised it (core, a plugin, the body parser).
  if (error.status === 415 && !error.fields) error = new ApiError(415, error.code, error.messages, { 'content-type': error.messages });
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(error.body(localeFrom(c.req.header('accept-language'))), error.status);
}
