import { createMiddleware } from 'hono/factory';
import { ApiError, errorResponse } from '../errors/api-error';
import { SESSION_COOKIE } from './session.middleware';
import { requestHeader } from './node-env';

export interface OriginCheckOptions {
  /** Origins whose pages may change state, e.g. http://localhost:3000. */
  allowedOrigins: string[];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for every state-changing request, JSON included (Hono's csrf()
 * only looks at form content types). A foreign Origin is refused; a request without Origin is
 * refused too when it carries the session cookie, since only a browser sends that ambiently.
 */
export function originCheck({ allowedOrigins }: OriginCheckOptions) {
  const allowed = new Set(allowedOrigins);
  return createMiddleware(async function originCheckMiddleware(c, next) {
    if (SAFE.has(c.req.method)) return next();
    const origin = requestHeader(c, 'origin');
    const hasCookie = (requestHeader(c, 'cookie') ?? '').includes(`${SESSION_COOKIE}=`);
    if ((origin && !allowed.has(origin)) || (!origin && hasCookie)) {
      return errorResponse(
        c,
        new ApiError(403, 'forbidden_origin', { 'zh-CN': '请求来源不被允许', en: 'Requests from this origin are not allowed' }, { origin: origin ?? '(missing)' }),
      );
    }
    return next();
  });
}
