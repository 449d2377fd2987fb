import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';

const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

// Served by the app itself so the reference works offline and under the app's CSP (no inline script).
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: path.join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: path.join(swaggerDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
};

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lianxu API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>
`;

const text = (type: string) => ({ [type]: { schema: z.string() } });

export function docsRoutes() {
  const cache = new Map<string, Buffer>();
  const app = new OpenAPIHono();
  // Documented like every other route (the coverage test checks each one is in /api/openapi.json).
  const describe = (path: string, summary: string, responses: Parameters<typeof app.openAPIRegistry.registerPath>[0]['responses'], file?: boolean) =>
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      tags: ['docs'],
      summary,
      ...(file ? { request: { params: z.object({ file: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }) } } : {}),
      responses,
    });
  describe('/docs', 'The API reference page (Swagger UI over /api/openapi.json)', { 200: { description: 'HTML page', content: text('text/html') } });
  describe('/docs/assets/init.js', "The reference page's start-up script", { 200: { description: 'JavaScript', content: text('text/javascript') } });
  describe('/docs/assets/{file}', "The reference page's Swagger UI assets, served by the app itself", { 200: { description: 'The asset', content: text('text/css') }, 404: { description: 'No such asset' } }, true);
  return app
    .get('/docs', (c) => c.html(PAGE))
    .get('/docs/assets/init.js', (c) => c.body(INIT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/assets/:file', async (c) => {
      const asset = ASSETS[c.req.param('file')];
      if (!asset) return c.notFound();
      let body = cache.get(asset.file);
      if (!body) {
        body = await readFile(asset.file);
        cache.set(asset.file, body);
      }
      return c.body(new Uint8Array(body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
    });
}
