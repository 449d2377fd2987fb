import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';

export interface RequestLogOptions {
  logger: Logger;
}

/** One structured log line per request, carrying the request id; never bodies or personal data. */
export function requestLog({ logger }: RequestLogOptions) {
  return createMiddleware<{ Variables: { requestId: string } }>(async function requestLogMiddleware(c, next) {
    // Asked per request, as the level may change at run time; a line nobody writes is not built.
    if (!logger.isLevelEnabled('info')) return next();
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
}
