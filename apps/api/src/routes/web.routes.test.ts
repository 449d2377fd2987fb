import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, webRoutes } from './web.routes';

describe('serving the built web app', () => {
  let dist: string;
  const script = 'export const hello = "你好";\n'.repeat(50);

  beforeAll(() => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'lianxu-web-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>连续</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets/app-abc.js'), script);
    writeFileSync(path.join(dist, 'assets/app-abc.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(dist, 'assets/app-abc.js.gz'), gzipSync(script));
    writeFileSync(path.join(dist, 'assets/plain-abc.css'), 'body{}');
    writeFileSync(path.join(dist, '.vite/manifest.json'), '{}');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const get = (url: string, acceptEncoding?: string) =>
    webRoutes(dist).request(url, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('answers brotli to a browser that accepts it, with the JavaScript type and Vary', async () => {
    const res = await get('/assets/app-abc.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(script));
    expect(brotliDecompressSync(body).toString()).toBe(script);
  });

  it('answers gzip when brotli is not accepted (or refused with q=0)', async () => {
    for (const header of ['gzip', 'gzip;q=0.8, br;q=0', 'deflate, gzip;q=1.0']) {
      const res = await get('/assets/app-abc.js', header);
      expect(res.headers.get('content-encoding'), header).toBe('gzip');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script);
    }
  });

  it('answers the plain file, still with Vary, to a client without Accept-Encoding or accepting identity only', async () => {
    for (const header of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const res = await get('/assets/app-abc.js', header);
      expect(res.headers.get('content-encoding'), String(header)).toBeNull();
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(await res.text()).toBe(script);
    }
  });

  it('serves a file without compressed variants as is, without Vary', async () => {
    const res = await get('/assets/plain-abc.css', 'br');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await res.text()).toBe('body{}');
  });

  it('answers client routes with index.html, compressed when accepted', async () => {
    const res = await get('/t/demo/employees', 'br');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toContain('<div id="root">');
    const plain = await get('/sign-in');
    expect(await plain.text()).toContain('<div id="root">');
  });

  it('never serves the variants by name, hidden files or paths outside dist', async () => {
    for (const url of ['/assets/app-abc.js.br', '/.vite/manifest.json', '/assets/..%2f..%2fetc%2fpasswd', '/%2e%2e/secret']) {
      const res = await get(url, 'br');
      expect(res.headers.get('content-type'), url).toBe('text/html; charset=utf-8');
    }
  });
});

describe('reading Accept-Encoding', () => {
  it('honours q-values and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*, br;q=0')]).toEqual(['gzip']);
    expect([...acceptedEncodings('BR;Q=0.5')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    expect([...acceptedEncodings('identity')]).toEqual([]);
  });
});
