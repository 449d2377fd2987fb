import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';

/** Content types of what Vite writes to dist; anything else is served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The precompressed variants the build writes next to each asset, best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof VARIANTS)[number]['encoding'];

/**
 * The encodings a client accepts (RFC 9110 §12.5.3): `q=0` refuses one, `*` stands for any not named.
 * An absent header means identity only (we do not guess that a client decodes brotli).
 */
export function acceptedEncodings(header: string | undefined): Set<Encoding> {
  const accepted = new Set<Encoding>();
  if (!header) return accepted;
  const named = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    named.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  for (const { encoding } of VARIANTS) {
    const weight = named.get(encoding) ?? named.get('*') ?? 0;
    if (weight > 0) accepted.add(encoding);
  }
  return accepted;
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/** A body in the best encoding the client accepts; `Vary` is set whenever another encoding exists. */
async function sendFile(c: Context, file: string, cacheControl: string) {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const accepted = acceptedEncodings(c.req.header('accept-encoding'));
  let body = file;
  let encoding: Encoding | undefined;
  let hasVariants = false;
  for (const variant of VARIANTS) {
    if ((await fileSize(file + variant.suffix)) === undefined) continue;
    hasVariants = true;
    if (!encoding && accepted.has(variant.encoding)) {
      encoding = variant.encoding;
      body = file + variant.suffix;
    }
  }
  const bytes = await readFile(body);
  c.header('content-type', type);
  c.header('cache-control', cacheControl);
  if (hasVariants) c.header('vary', 'Accept-Encoding');
  if (encoding) c.header('content-encoding', encoding);
  return c.body(new Uint8Array(bytes), 200, { 'content-length': String(bytes.length) });
}

/** Resolves a URL path inside dist, or undefined for anything that would leave it or is not a file. */
async function fileInDist(distDir: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  // No dot segments or hidden files (.vite and the like), no NUL, no backslashes.
  if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\./.test(decoded)) return undefined;
  const file = path.join(distDir, decoded);
  if (!file.startsWith(distDir + path.sep)) return undefined;
  // The compressed variants are served by negotiation, never asked for by name.
  if (file.endsWith('.br') || file.endsWith('.gz')) return undefined;
  return (await fileSize(file)) === undefined ? undefined : file;
}

/**
 * Serves the built single-page app with the brotli/gzip files the build wrote beside each asset,
 * chosen by Accept-Encoding; unknown non-API paths get index.html so client routes work.
 */
export function webRoutes(distDir: string) {
  const app = new Hono();
  const root = path.resolve(distDir);
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) {
    return app.get('*', (c) =>
      c.text('The web app is not built yet: run `npm run build -w @lianxu/web` (npm start does this for you).', 503),
    );
  }
  // index.html is tiny and read once; it is compressed here so the fallback route negotiates too.
  const indexHtml = readFileSync(indexFile);
  const indexVariants: Record<Encoding, Uint8Array<ArrayBuffer>> = {
    br: new Uint8Array(brotliCompressSync(indexHtml, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })),
    gzip: new Uint8Array(gzipSync(indexHtml, { level: 9 })),
  };

  // app.get answers HEAD too (Hono drops the body).
  app.get('*', async (c, next) => {
    const file = await fileInDist(root, c.req.path);
    if (!file || file === indexFile) return next();
    // Hashed file names under /assets never change content; everything else is revalidated.
    const cacheControl = c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return sendFile(c, file, cacheControl);
  });
  app.get('*', (c) => {
    const accepted = acceptedEncodings(c.req.header('accept-encoding'));
    const encoding = VARIANTS.find((v) => accepted.has(v.encoding))?.encoding;
    const bytes = encoding ? indexVariants[encoding] : new Uint8Array(indexHtml);
    c.header('content-type', 'text/html; charset=utf-8');
    c.header('cache-control', 'no-cache');
    c.header('vary', 'Accept-Encoding');
    if (encoding) c.header('content-encoding', encoding);
    return c.body(bytes, 200, { 'content-length': String(bytes.length) });
  });
  return app;
}
