import type { MiddlewareHandler } from 'hono';
import { ApiError, errorResponse } from '../errors/api-error';

/**
 * A fixed-window request limit per key (the client address) for public routes that do work for
 * anyone (validating a pasted tenant file). Kept in this process: a burst against one API process is
 * what it guards; the map is bounded so a flood of addresses cannot grow it without end.
 */
export function rateLimit({ max, windowMs, key, maxKeys = 10_000, now = Date.now }: { max: number; windowMs: number; key: (c: Parameters<MiddlewareHandler>[0]) => string; maxKeys?: number; now?: () => number }): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async function rateLimited(c, next) {
    const at = now();
    const k = key(c);
    let w = windows.get(k);
    if (!w || at - w.start >= windowMs) {
      if (!w && windows.size >= maxKeys) {
        for (const [old, v] of windows) if (at - v.start >= windowMs) windows.delete(old);
        // Still full of live windows: drop the oldest entry (Map keeps insertion order).
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      }
      w = { start: at, count: 0 };
      windows.delete(k);
      windows.set(k, w);
    }
    w.count += 1;
    if (w.count > max) {
      return errorResponse(c, ApiError.of(429, 'too_many_requests').retryAfter(Math.max(1, Math.ceil((w.start + windowMs - at) / 1000))));
    }
    await next();
  };
}
