import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookTransport } from './webhook.transport';

// The dispatcher's HTTP client against a local receiver: what a delivery attempt sees.
let server: Server;
let base = '';
let handle: (req: IncomingMessage, body: string, res: ServerResponse) => void = (_req, _body, res) => void res.writeHead(204).end();
const sockets = new Set<unknown>();
const transport = createWebhookTransport({ maxSockets: 4 });

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  transport.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('webhook transport', () => {
  it('posts the body with its headers and answers the status, reusing connections', async () => {
    const got: { headers: IncomingMessage['headers']; body: string }[] = [];
    handle = (req, body, res) => {
      got.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(100_000));
    };
    sockets.clear();
    const body = JSON.stringify({ type: 'employee.hired', name: '回调员工' });
    for (let i = 0; i < 5; i++) expect(await transport.post(`${base}/hooks`, { 'content-type': 'application/json', 'webhook-id': `id-${i}` }, body, 2000)).toBe(200);
    expect(got.map((g) => g.body)).toEqual(Array(5).fill(body));
    expect(got[4]!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'id-4', 'content-length': String(Buffer.byteLength(body)) });
    expect(sockets.size).toBe(1);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    let hits = 0;
    handle = (_req, _body, res) => {
      hits++;
      res.writeHead(302, { location: `${base}/elsewhere` }).end();
    };
    expect(await transport.post(`${base}/hooks`, {}, '{}', 2000)).toBe(302);
    expect(hits).toBe(1);
  });

  it('fails a receiver that does not answer within the timeout, and one that is not there', async () => {
    handle = () => undefined;
    await expect(transport.post(`${base}/hooks`, {}, '{}', 200)).rejects.toThrow(/200 ms/);
    await expect(transport.post('http://127.0.0.1:9/hooks', {}, '{}', 2000)).rejects.toThrow(/ECONNREFUSED/);
    await expect(transport.post('ftp://127.0.0.1/hooks', {}, '{}', 2000)).rejects.toThrow(/protocol/);
  });

  it('in production connects only to public addresses: a host name resolving to loopback is refused at connect time (DNS rebinding)', async () => {
    const guarded = createWebhookTransport({ maxSockets: 1, refuseInternal: true });
    let reached = 0;
    handle = (_req, _body, res) => { reached += 1; res.writeHead(204).end(); };
    try {
      const port = new URL(base).port;
      await expect(guarded.post(`http://localhost:${port}/hooks`, {}, '{}', 2000)).rejects.toThrow(/internal address/);
      expect(reached).toBe(0);
    } finally {
      guarded.close();
    }
  });
});
