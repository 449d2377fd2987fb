import type { Context } from 'hono';
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
  /** The request's context: its id, method, route and path are read only when a stall is logged. */
  c: Context;
}

/**
 * Logs every stall of the event loop of at least `thresholdMs` with the route, method and path of
 * the request(s) that were running when it began, so one tenant's slow pattern or parse shows up
 * in the logs by route. A timer ticks every thresholdMs/10 while requests are in flight (unref'd),
 * and each request looks once more as it ends; a tick later than due is a stall. Requests that arrived during the stall could not have caused it
 * (they waited behind it) and are not named; with one request in flight the blame is exact, with
 * several the oldest is named and the rest counted per route, in the same line (`candidates` says
 * how many).
 */
/** Routes of one stall line beyond the oldest request: the busiest few. */
const MAX_ROUTES_NAMED = 5;

/**
 * The path of the route whose handler answers: the last matched route registered for a method.
 * Middleware (`use`) and the `/api/*` fallback are registered for every method and come last when
 * nothing else matched, so a request no handler took is named by them.
 */
function handlerRoute(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.method !== 'ALL') return routes[i]!.path;
  return routes[routes.length - 1]?.path ?? c.req.path;
}

export function stallLog({ logger, thresholdMs = 200 }: StallLogOptions) {
  const inFlight = new Set<InFlight>();
  const tickMs = Math.max(5, Math.floor(thresholdMs / 10));
  let timer: NodeJS.Timeout | undefined;
  let last = 0;

  const tick = () => {
    const now = performance.now();
    const previous = last;
    const stalledMs = now - previous - tickMs;
    last = now;
    if (stalledMs < thresholdMs) return;
    // Whatever blocked ran after the last tick that came on time; a request that arrived during the
    // stall only started once it ended (at least thresholdMs after that tick) and is not a candidate.
    const culprits: InFlight[] = [];
    for (const r of inFlight) if (r.started < previous + stalledMs / 2) culprits.push(r);
    if (culprits.length === 0) return;
    // ONE line per stall: with fifty requests in flight, a line each made every stall on a loaded
    // machine cost fifty synchronous writes, which stalled the loop again. The oldest candidate is
    // named in full; the others are counted per route.
    const [first] = culprits.map(({ c }) => ({ method: c.req.method, route: handlerRoute(c), c })) as [{ method: string; route: string; c: Context }, ...{ method: string; route: string; c: Context }[]];
    const ms = Math.round(stalledMs);
    const line: Record<string, unknown> = { requestId: first.c.get('requestId'), method: first.method, route: first.route, path: first.c.req.path, stalledMs: ms, candidates: culprits.length };
    if (culprits.length > 1) {
      const counts = new Map<string, { method: string; route: string; count: number }>();
      for (const { c } of culprits) {
        const r = { method: c.req.method, route: handlerRoute(c) };
        const key = `${r.method} ${r.route}`;
        const seen = counts.get(key);
        if (seen) seen.count += 1;
        else counts.set(key, { method: r.method, route: r.route, count: 1 });
      }
      line.routes = [...counts.values()].sort((a, b) => b.count - a.count).slice(0, MAX_ROUTES_NAMED);
    }
    const others = culprits.length > 1 ? ` (${culprits.length} requests in flight)` : '';
    logger.warn(line, `event loop stalled ${ms} ms in ${first.method} ${first.route}${others}`);
  };

  return createMiddleware(async function stallLogMiddleware(c, next) {
    const entry: InFlight = { started: performance.now(), c };
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
