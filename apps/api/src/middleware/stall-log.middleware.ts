import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';

export interface StallLogOptions {
  logger: Logger;
  /** A block of the event loop at least this long is logged (default 200 ms). */
  thresholdMs?: number;
}

/**
 * What a stall line says about one request, taken when it starts. Not the Context itself: holding
 * every request's Context in a long-lived set cost about 45 µs of CPU per request behind the Node
 * server (garbage collection; tenant-read bench), against nothing for these few strings.
 */
interface InFlight {
  started: number;
  requestId: string | undefined;
  method: string;
  route: string;
  path: string;
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
    for (const r of culprits) {
      logger.warn(
        { requestId: r.requestId, method: r.method, route: r.route, path: r.path, stalledMs: Math.round(stalledMs), candidates: culprits.length },
        `event loop stalled ${Math.round(stalledMs)} ms in ${r.method} ${r.route}`,
      );
    }
  };

  return createMiddleware(async function stallLogMiddleware(c, next) {
    // The route is the last one matched: the handler that answers (this middleware is the first).
    const routes = matchedRoutes(c);
    const entry: InFlight = { started: performance.now(), requestId: c.get('requestId'), method: c.req.method, route: routes[routes.length - 1]?.path ?? c.req.path, path: c.req.path };
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
