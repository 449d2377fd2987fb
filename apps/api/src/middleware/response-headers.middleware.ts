import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { nodeResponse, requestHeader } from './node-env';

// Headers every response carries. Behind the Node server (@hono/node-server passes the Node
// response as `c.env.outgoing`) they are set on the Node response, where they cost a plain
// setHeader each; set through hono instead, any header beyond the content type makes the response
// build a WHATWG Headers object, which on the hottest reads cost more than the query. Elsewhere
// (app.request in tests) hono sets them as usual. A header a route sets itself still wins: Node
// merges setHeader values under those the response is written with.

/** hono's secureHeaders with these options; its headers are found once, by running it, and reused. */
export function securityHeaders(options: Parameters<typeof secureHeaders>[0]): MiddlewareHandler {
  const viaHono = secureHeaders(options);
  let found: [string, string][] | undefined;
  const find = async () => {
    const probe = new Hono();
    probe.use('*', viaHono);
    probe.get('*', (c) => c.body(null, 204));
    return [...(await probe.request('http://probe.invalid/')).headers];
  };
  return createMiddleware(async function securityHeadersMiddleware(c, next) {
    const outgoing = nodeResponse(c);
    if (!outgoing) return viaHono(c, next);
    found ??= await find();
    for (const [name, value] of found) outgoing.setHeader(name, value);
    await next();
  });
}

const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** The request id (the caller's X-Request-Id when well-formed, else a new UUID) as `requestId`, echoed in the response. */
export function requestIdHeader(): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return createMiddleware<{ Variables: { requestId: string } }>(async function requestIdMiddleware(c, next) {
    const given = requestHeader(c, 'x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    const outgoing = nodeResponse(c);
    if (outgoing) outgoing.setHeader('x-request-id', id);
    else c.header('X-Request-Id', id);
    await next();
  });
}
