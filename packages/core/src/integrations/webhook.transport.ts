import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isInternalAddress } from './url-guard';

/** Posts one signed delivery and answers the receiver's status code; rejects on a network error or the timeout. */
export type WebhookPost = (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<number>;

/**
 * The host's addresses as the socket connects, refusing any internal one. The URL guard checks the
 * addresses before each delivery, but the socket resolves the host again; without this a host that
 * answers a public address to the guard and 127.0.0.1 to the socket (DNS rebinding) would be reached.
 */
export const publicOnlyLookup: LookupFunction = (hostname, lookupOptions, callback) => {
  dns.lookup(hostname, { ...lookupOptions, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal || addresses.length === 0) {
      const refused = Object.assign(new Error(`${hostname} resolves to an internal address (${internal?.address ?? 'none'}); refused`), { code: 'EADDRNOTAVAIL' });
      return callback(refused, '', 0);
    }
    if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * The dispatcher's HTTP client: node's http/https over keep-alive connections, at most `maxSockets`
 * open per receiver. Chosen over fetch because a webhook needs neither streams nor redirects, and
 * fetch (undici's WHATWG streams and abort signals) spent about half of the dispatcher's CPU per
 * delivery (`npm run bench webhook`). Redirects are not followed (a 3xx is a failed attempt), and a
 * response body is read and dropped, never kept. With `refuseInternal` (production) the socket
 * connects only to public addresses (publicOnlyLookup).
 */
export function createWebhookTransport(options: { maxSockets: number; refuseInternal?: boolean }) {
  const lookup = options.refuseInternal ? publicOnlyLookup : undefined;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, ...(lookup ? { lookup } : {}) }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, ...(lookup ? { lookup } : {}) }),
  };
  const post: WebhookPost = (url, headers, body, timeoutMs) =>
    new Promise<number>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`unsupported protocol ${target.protocol}`));
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(target, { method: 'POST', agent: agents[target.protocol], headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      });
      // The whole exchange, answer included, within timeoutMs (as fetch's AbortSignal.timeout did).
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', reject);
      request.end(body);
    });
  return {
    post,
    /** Closes the idle keep-alive connections (the dispatcher's stop). */
    close(): void {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
