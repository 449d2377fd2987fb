import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

// Behind @hono/node-server a request carries the Node request and response as `c.env.incoming`
// and `c.env.outgoing`; elsewhere (app.request in tests) it carries neither.

/**
 * A request header, read from the Node request when there is one: asking hono builds a WHATWG
 * Headers object of every header first, which costs more than the rest of a cached session check.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming?.headers) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The Node response, when behind the Node server. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' ? outgoing : undefined;
}
