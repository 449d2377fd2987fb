import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';

export interface StallLogOptions {
  logger: Logger;
  /** A block of the event loop at least this long is logged (default 200 ms). */
  thresholdMs?: number;
}

interface InFlight {
  c: Context;
  started: number;
}

/**
 * Logs every stall of the event loop of at least `thresholdMs` with the route, method and path of
 * the request(s) that were running when it began, so one tenant's slow pattern or parse shows up
 * in the logs by route. A timer ticks every thresholdMs/10 while requests are in flight (unref'd),
 * and each request looks once more as it ends; a tick later than due is a stall. Requests that arrived during the stall could not have caused it
 * (they waited behind it) and are not named; with one request in flight the blame is exact, with
 * several each is logged as a candidate (`candidates` says how many).
 */
export function stallLog({ logger, thresholdMs = 200 }: StallLogOptions) {
  const inFlight = new Set<InFlight>();
  const tickMs = Math.max(5, Math.floor(thresholdMs / 10));
  let timer: NodeJS.Timeout | undefined;
  let last = 0;

  const tick = () => {
    const now = performance.now();
    const stalledMs = now - last - tickMs;
    last = now;
    if (stalledMs < thresholdMs) return;
    const began = now - stalledMs;
    const culprits = [...inFlight].filter((r) => r.started <= began);
    for (const { c } of culprits) {
      logger.warn(
        { requestId: c.get('requestId'), method: c.req.method, route: routePath(c), path: c.req.path, stalledMs: Math.round(stalledMs), candidates: culprits.length },
        `event loop stalled ${Math.round(stalledMs)} ms in ${c.req.method} ${routePath(c)}`,
      );
    }
  };

  return createMiddleware(async function stallLogMiddleware(c, next) {
    const entry = { c, started: performance.now() };
    inFlight.add(entry);
    if (!timer) {
      last = performance.now();
      timer = setInterval(tick, tickMs);
      timer.unref();
    }
    try {
      await next();
    } finally {
      // A block in this request ends before its timer tick can run: look now, while it still counts as in flight.
      tick();
      inFlight.delete(entry);
      if (inFlight.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    }
  });
}
