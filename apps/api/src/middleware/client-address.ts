import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';

/**
 * The client's address for rate limits and audit: the socket's peer, or, behind `trustedHops`
 * proxies of our own, the X-Forwarded-For entry that many hops from the right. The leftmost entry is
 * whatever the client wrote, so it is never trusted (proxy-addr counts from the right).
 */
export function clientAddress(c: Context, trustedHops: number): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (app.request in tests) have no socket.
  }
  if (trustedHops <= 0) return socket;
  const forwardedFor = c.req.header('x-forwarded-for');
  const request = {
    connection: { remoteAddress: socket },
    socket: { remoteAddress: socket },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
  return proxyaddr(request, (_address, hop) => hop < trustedHops);
}

/** TRUST_PROXY_HOPS=n (or the older TRUST_PROXY=1 for one hop): how many proxies of ours stand in front. */
export function trustedProxyHopsFromEnv(env: NodeJS.ProcessEnv): number {
  const hops = env.TRUST_PROXY_HOPS;
  if (hops !== undefined && hops !== '') {
    const n = Number(hops);
    if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUST_PROXY_HOPS must be a whole number from 0 to 10, not "${hops}"`);
    return n;
  }
  return env.TRUST_PROXY === '1' ? 1 : 0;
}

/** The hop count an app's dependencies ask for: `trustedProxyHops`, else one hop when `trustProxy` is set. */
export function proxyHopsOf(deps: { trustProxy?: boolean; trustedProxyHops?: number }): number {
  return deps.trustedProxyHops ?? (deps.trustProxy ? 1 : 0);
}
