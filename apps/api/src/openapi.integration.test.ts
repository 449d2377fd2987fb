// /api/openapi.json describes every route the API answers, plugin routes included (issue 12 item 7):
// the routes registered in the Hono app (app.routes) and in each installed plugin's app are compared
// with the document, both ways, so a route added without a description fails here.
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createPluginRuntime, discoverPlugins, resolvePlugins, WEBHOOK_EVENT_TYPES, WEBHOOK_PAYLOAD_VERSION, WEBHOOK_TEST_EVENT, type LoadedPlugin, type PluginRuntime } from '@lianxu/core';
import { API_KEY_SCOPES } from '@lianxu/auth';
import { apiDeps, appDb } from '@lianxu/testing';
import { buildApp } from './app';
import { API_KEY_ROUTES } from './middleware/api-key.middleware';
import { openApiPath, PLUGIN_ROUTES_PREFIX, pluginTag } from './routes/openapi.routes';

const db = appDb();
const installed = (await discoverPlugins()).list;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

type Definition = LoadedPlugin['definition'];
type Operation = { tags?: string[]; summary?: string; description?: string; security?: Record<string, string[]>[]; 'x-api-key-scope'?: string };

function appWith(plugins: readonly { folder: string; definition: Definition }[]) {
  const base = apiDeps(db);
  closers.push(base.close);
  const runtime = createPluginRuntime({ db, plugins: resolvePlugins(plugins), people: base.deps.people, logger: base.deps.logger });
  return { app: buildApp({ ...base.deps, plugins: runtime }), runtime };
}

/** `METHOD /path` of every endpoint of a Hono app. `ALL` entries are middleware (app.use) and catch-alls, not endpoints. */
function endpoints(routes: readonly { method: string; path: string }[], prefix = ''): Set<string> {
  return new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${prefix}${openApiPath(r.path)}`));
}

async function documentOf(app: { request(path: string): Response | Promise<Response> }) {
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  const spec = (await res.json()) as {
    paths: Record<string, Record<string, Operation>>;
    tags?: { name: string; description?: string }[];
    webhooks?: Record<string, Record<string, any>>;
    components?: { securitySchemes?: Record<string, any>; schemas?: Record<string, any> };
  };
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) operations.set(`${method.toUpperCase()} ${path}`, operation);
  }
  return { spec, operations };
}

/** Each installed plugin's endpoints, under its mount in the API. */
function pluginEndpoints(runtime: PluginRuntime, plugins: readonly { id: string; definition: Definition }[]) {
  return plugins
    .filter((p) => p.definition.routes)
    .map((p) => ({ id: p.id, endpoints: endpoints(p.definition.routes!({ pluginId: p.id, host: runtime.host }).routes, `${PLUGIN_ROUTES_PREFIX}/${p.id}`) }));
}

const missing = (expected: Iterable<string>, present: { has(key: string): boolean }) => [...expected].filter((key) => !present.has(key)).sort();

describe('/api/openapi.json', () => {
  it("lists every core route of the app and nothing the app does not answer", async () => {
    const { app } = appWith(installed);
    const { operations } = await documentOf(app);
    const core = endpoints(app.routes.filter((r) => r.path.startsWith('/api/')));
    expect(core.size).toBeGreaterThan(60);
    expect(missing(core, operations)).toEqual([]);
    const ofPlugins = installed.map((p) => `${PLUGIN_ROUTES_PREFIX}/${p.id}/`);
    const documentedCore = [...operations.keys()].filter((key) => !ofPlugins.some((prefix) => key.split(' ')[1]!.startsWith(prefix)));
    expect(missing(documentedCore, core)).toEqual([]);
    for (const key of ['GET /api/openapi.json', 'GET /api/docs', 'PUT /api/t/{tenant}/plugins/{id}']) expect(operations.has(key), key).toBe(true);
  });

  it("lists every route of every installed plugin, under its mount and its own tag, and only real ones", async () => {
    expect(installed.map((p) => p.id)).toEqual(expect.arrayContaining(['manufacturing-shifts', 'retail-branches']));
    const { app, runtime } = appWith(installed);
    const { spec, operations } = await documentOf(app);
    for (const plugin of pluginEndpoints(runtime, installed)) {
      expect(plugin.endpoints.size, plugin.id).toBeGreaterThan(5);
      expect(missing(plugin.endpoints, operations), `undocumented routes of ${plugin.id}`).toEqual([]);
      const documented = [...operations.entries()].filter(([key]) => key.includes(` ${PLUGIN_ROUTES_PREFIX}/${plugin.id}/`));
      expect(missing(documented.map(([key]) => key), plugin.endpoints), `described routes ${plugin.id} does not have`).toEqual([]);
      for (const [key, operation] of documented) {
        expect(operation.tags, key).toEqual([pluginTag(plugin.id)]);
        expect(operation.summary, key).toBeTruthy();
      }
      expect(spec.tags?.find((t) => t.name === pluginTag(plugin.id))?.description).toBeTruthy();
    }
    // The request schemas are the ones the routes parse with.
    const newBranch = spec.paths[`${PLUGIN_ROUTES_PREFIX}/retail-branches/branches`]?.post as { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } };
    expect(newBranch.requestBody?.content['application/json']?.schema.required).toEqual(expect.arrayContaining(['name', 'cityCode', 'address', 'managerName']));
  });

  it('describes only the plugins installed in this deployment', async () => {
    const shifts = installed.find((p) => p.id === 'manufacturing-shifts')!;
    const { app } = appWith([{ folder: shifts.folder, definition: shifts.definition }]);
    const { spec, operations } = await documentOf(app);
    const keys = [...operations.keys()];
    expect(keys.some((key) => key.includes('/plugins/manufacturing-shifts/'))).toBe(true);
    expect(keys.filter((key) => key.includes('/plugins/retail-branches/'))).toEqual([]);
    expect((spec.tags ?? []).map((t) => t.name)).toEqual([pluginTag('manufacturing-shifts')]);
  });

  it('names a plugin route that has no description (what the checks above rely on)', async () => {
    const undocumented: Definition = {
      id: 'undocumented-test',
      version: '0.1.0',
      description: { 'zh-CN': '测试用：路由没有说明', en: 'Test plugin whose route has no description' },
      routes: () => new Hono<any>().get('/described', (c) => c.json({})).post('/silent/:id', (c) => c.json({})),
      routeDocs: [{ method: 'get', path: '/described', summary: 'Described', responses: { 200: { description: 'ok' } } }],
    };
    const { app, runtime } = appWith([{ folder: 'test-plugins/undocumented-test', definition: undocumented }]);
    const { operations } = await documentOf(app);
    const [plugin] = pluginEndpoints(runtime, [{ id: undocumented.id, definition: undocumented }]);
    expect(missing(plugin!.endpoints, operations)).toEqual([`POST ${PLUGIN_ROUTES_PREFIX}/undocumented-test/silent/{id}`]);
  });
});

describe('/api/openapi.json: security and webhooks (issue 18)', () => {
  it('declares the API key (HTTP bearer) and the session cookie, and on each operation who may call it', async () => {
    const { app } = appWith(installed);
    const { spec, operations } = await documentOf(app);
    const schemes = spec.components?.securitySchemes ?? {};
    expect(schemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'lianxu_session' });
    for (const scope of API_KEY_SCOPES) expect(schemes.apiKey.description, scope).toContain(scope);

    for (const [key, operation] of operations) expect(operation.security, key).toBeDefined();
    const keyScope = (key: string) => operations.get(key)?.security?.find((r) => 'apiKey' in r)?.apiKey;
    expect(keyScope('GET /api/t/{tenant}/employees')).toEqual(['employees:read']);
    expect(keyScope('POST /api/t/{tenant}/employees')).toEqual(['employees:write']);
    expect(keyScope('POST /api/t/{tenant}/employees/{id}/termination')).toEqual(['employees:write']);
    expect(keyScope('POST /api/t/{tenant}/payroll/wages')).toEqual(['payroll:write']);
    expect(keyScope(`POST ${PLUGIN_ROUTES_PREFIX}/manufacturing-shifts/attendance-records`)).toEqual(['attendance:write']);
    expect(operations.get(`POST ${PLUGIN_ROUTES_PREFIX}/manufacturing-shifts/attendance-records`)?.['x-api-key-scope']).toBe('attendance:write');
    expect(operations.get(`POST ${PLUGIN_ROUTES_PREFIX}/manufacturing-shifts/attendance-records`)?.description).toContain('attendance:write');
    // Managing keys and members is for people: session only.
    expect(operations.get('GET /api/t/{tenant}/api-keys')?.security).toEqual([{ session: [] }]);
    expect(operations.get('POST /api/t/{tenant}/api-keys')?.security).toEqual([{ session: [] }]);
    // Outside tenants: behind requireSession, or public.
    expect(operations.get('GET /api/me')?.security).toEqual([{ session: [] }]);
    expect(operations.get('GET /api/console/tenants')?.security).toEqual([{ session: [] }]);
    expect(operations.get('GET /api/health')?.security).toContainEqual({});
    // Generated per request: a second request gives the same document (notes are not appended twice).
    expect((await documentOf(app)).spec).toEqual(spec);

    // One source of truth: every entry of the key table opens at least one documented operation, with its scope.
    for (const entry of API_KEY_ROUTES) {
      const opened = [...operations.entries()].filter(([key, op]) => {
        const [method, path] = key.split(' ') as [string, string];
        return (entry.method === '*' || entry.method === method) && path.startsWith('/api/t/{tenant}/') && entry.path.test(path.slice('/api/t/{tenant}'.length).replace(/\{[^}]+\}/g, 'x')) && op['x-api-key-scope'] === entry.scope;
      });
      expect(opened.length, `${entry.method} ${entry.path}`).toBeGreaterThan(0);
    }
  });

  it('describes every webhook event: a versioned payload schema, an example and the Standard Webhooks headers', async () => {
    const { app } = appWith(installed);
    const { spec } = await documentOf(app);
    expect(Object.keys(spec.webhooks ?? {}).sort()).toEqual([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT].sort());
    for (const type of [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]) {
      const post = spec.webhooks![type]!.post;
      expect(post.summary, type).toBeTruthy();
      const headers = (post.parameters ?? []).filter((p: any) => p.in === 'header').map((p: any) => p.name).sort();
      expect(headers, type).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
      const body = post.requestBody.content['application/json'];
      const name = String(body.schema.$ref).split('/').pop()!;
      expect(name, type).toMatch(new RegExp(`_V${WEBHOOK_PAYLOAD_VERSION}$`));
      const schema = spec.components!.schemas![name];
      expect(schema.required, type).toEqual(expect.arrayContaining(['id', 'type', 'version', 'subject', 'timestamp', 'data']));
      expect(schema.properties.type.const ?? schema.properties.type.enum?.[0], type).toBe(type);
      expect(schema.properties.version.const ?? schema.properties.version.enum?.[0], type).toBe(WEBHOOK_PAYLOAD_VERSION);
      expect(body.example, type).toMatchObject({ type, version: WEBHOOK_PAYLOAD_VERSION });
      // The example's data has every required field of the data schema.
      const data = schema.properties.data;
      for (const field of data.required ?? []) expect(body.example.data, `${type}.${field}`).toHaveProperty(field);
    }
  });

  it('still renders at /api/docs over the document', async () => {
    const { app } = appWith(installed);
    const page = await app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const init = await (await app.request('/api/docs/assets/init.js')).text();
    expect(init).toContain("url: '/api/openapi.json'");
    expect((await app.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await documentOf(app)).spec).toMatchObject({ openapi: '3.1.0' });
  });
});
