import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors/api-error';

// C0 controls and DEL: never part of a slug, id, key or code, and PostgreSQL cannot store NUL.
const CONTROL = /[\u0000-\u001f\u007f]/;
// A surrogate without its pair (String.prototype.isWellFormed is not in our ES2023 lib).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses a request whose path (as decoded for routing) holds a control character or broken
 * Unicode with a 400 naming the path, before any handler turns it into a query.
 */
export function pathHygiene() {
  return createMiddleware(async function pathHygieneMiddleware(c, next) {
    const path = c.req.path;
    if (CONTROL.test(path) || LONE_SURROGATE.test(path)) {
      throw ApiError.of(400, 'validation_failed', { path: { 'zh-CN': '路径含有控制字符或无效的 Unicode', en: 'The path contains a control character or invalid Unicode' } });
    }
    await next();
  });
}
