// /api/openapi.json describes every route the API answers, plugin routes included (issue 12 item 7):
// the routes registered in the Hono app (app.routes) and in each installed plugin's app are compared
// with the document, both ways, so a route added without a description fails here.
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createPluginRuntime, discoverPlugins, resolvePlugins, type LoadedPlugin, type PluginRuntime } from '@lianxu/core';
import { apiDeps, appDb } from '@lianxu/testing';
import { buildApp } from './app';
import { openApiPath, PLUGIN_ROUTES_PREFIX, pluginTag } from './routes/openapi.routes';

const db = appDb();
const installed = (await discoverPlugins()).list;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

type Definition = LoadedPlugin['definition'];
type Operation = { tags?: string[]; summary?: string };

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
  const spec = (await res.json()) as { paths: Record<string, Record<string, Operation>>; tags?: { name: string; description?: string }[] };
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
