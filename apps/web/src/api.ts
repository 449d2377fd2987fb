import { lang, t } from './i18n';

/** A failed API call, carrying the API's error shape `{error: {code, message, fields?}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field messages of a validation error, keyed by field name. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export type ApiOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (a file upload), with its own content type. */
  upload?: { data: Blob; contentType: string };
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Readonly<Record<string, string>>;
};

let unauthorizedHandler: (() => void) | undefined;

/**
 * The one place a 401 is handled: the session provider registers what to do when any call finds
 * the session gone (forget the user; the sign-in guard then sends them to sign in). Pages only
 * show errors. Returns a function that removes the handler.
 */
export function onUnauthorized(handler: () => void): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = undefined;
  };
}

/**
 * Calls the Lianxu API on the same origin. Resolves with the parsed JSON body (undefined for an
 * empty body) or throws an ApiError. The message of an API error comes in the language sent in
 * Accept-Language, so the UI can show it as it is.
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    'Accept-Language': lang(),
  };
  const init: RequestInit = {
    method: options.method ?? (options.body === undefined && options.upload === undefined ? 'GET' : 'POST'),
    headers,
    credentials: 'same-origin',
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  } else if (options.upload) {
    headers['Content-Type'] = options.upload.contentType;
    init.body = options.upload.data;
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', t('error.network'));
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text !== '') {
    try {
      payload = JSON.parse(text);
    } catch {
      // A proxy or an HTML fallback page answered instead of the API.
      throw new ApiError(response.status, 'unexpected_response', t('error.unexpected', { status: response.status }));
    }
  }

  if (response.status === 401) unauthorizedHandler?.();
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : undefined;
  if (!error || typeof error.message !== 'string') {
    return new ApiError(status, 'unexpected_response', t('error.unexpected', { status }));
  }
  const code = typeof error.code === 'string' ? error.code : `http_${status}`;
  const fields: Record<string, string> = {};
  if (isRecord(error.fields)) {
    for (const [name, message] of Object.entries(error.fields)) {
      if (typeof message === 'string') fields[name] = message;
    }
  }
  return new ApiError(status, code, error.message, fields);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return t('error.unexpected', { status: '?' });
}

/** Builds a path with URL-encoded segments: `path('/api/t', slug, 'home')`. */
export function path(base: string, ...segments: string[]): string {
  return [base, ...segments.map((segment) => encodeURIComponent(segment))].join('/');
}
