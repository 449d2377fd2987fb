import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, findFreePort } from '@lianxu/db';
import { startEmbeddedPostgres } from '@lianxu/db/launcher';
import { apiDeps, appDb, serveOnFreePort } from '@lianxu/testing';
import { buildApp } from './app';

// Response bodies are checked field by field; their static type does not matter here.
const json = (res: Response): Promise<any> => res.json();

const db = appDb();
const { deps, close } = apiDeps(db);
const app = buildApp(deps);
afterAll(async () => {
  await close();
  await db.destroy();
});

describe('health', () => {
  it('answers 200 with PostgreSQL and Temporal up', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe('ok');
    expect(body.checks.postgres.up).toBe(true);
    expect(body.checks.temporal.up).toBe(true);
  });

  it('answers 503 naming PostgreSQL when its server is stopped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-health-'));
    await chmod(dir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await findFreePort(), persistent: false, superuserPassword: randomBytes(8).toString('hex'), fast: true });
    const ownDb = createDb({ connectionString: pg.superuserUrl, max: 1 });
    const local = apiDeps(ownDb);
    const ownApp = buildApp(local.deps);
    try {
      expect((await ownApp.request('/api/health')).status).toBe(200);
      await pg.stop();
      const res = await ownApp.request('/api/health', { headers: { 'accept-language': 'en' } });
      expect(res.status).toBe(503);
      const body = await json(res);
      expect(body.error.code).toBe('dependency_down');
      expect(body.error.message).toBe('Unavailable: PostgreSQL');
      expect(Object.keys(body.error.fields)).toEqual(['postgres']);
      const zh = await json(await ownApp.request('/api/health'));
      expect(zh.error.message).toBe('不可用：PostgreSQL');
    } finally {
      await local.close();
      await ownDb.destroy().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 naming Temporal when it cannot be reached', async () => {
    const local = apiDeps(db, { temporal: { ping: () => Promise.reject(new Error('connection refused')) } });
    const res = await buildApp(local.deps).request('/api/health', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    await local.close();
    expect(res.status).toBe(503);
    expect((await json(res)).error.fields).toEqual({ temporal: 'Temporal: connection refused' });
  });
});

describe('bad input answers 4xx in the error shape', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    app.request('/api/tenant-files/validate', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('malformed JSON is 400', async () => {
    const res = await post('{"content": ', { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { code: 'malformed_json', message: 'The request body is not valid JSON' } });
  });

  it('a tenant file with a bad branch in its plugin\'s section is 400 naming the path, in both languages', async () => {
    const file = [
      'slug: sections-co',
      'name: 门店测试',
      'industry: retail',
      'workCities:',
      '  - { code: "110100", name: 北京 }',
      'plugins:',
      '  - id: retail-branches',
      '    enabled: true',
      '    config:',
      '      branches:',
      '        - { name: 一号店, city: "110100", address: 北京市1号, manager: 王芳 }',
      '        - { name: 二号店, city: "110100", address: 北京市2号, manager: 陈立 }',
      '        - { name: 三号店, city: "310100", address: 上海市3号, manager: 林涛, managerMobile: "12345" }',
      '',
    ].join('\n');
    const en = await json(await post(JSON.stringify({ content: file }), { 'accept-language': 'en' }));
    expect(en.error.code).toBe('validation_failed');
    expect(en.error.fields).toEqual({
      'plugins.0.config.branches.2.managerMobile': 'line 13: Enter an 11-digit mobile number',
    });
    const zh = await json(await post(JSON.stringify({ content: file.replace('managerMobile: "12345"', 'managerMobile: "13900000013"') })));
    expect(zh.error.fields).toEqual({ 'plugins.0.config.branches.2.city': '第 13 行：这个城市不在 workCities 中' });
    const fixed = await post(JSON.stringify({ content: file.replace('city: "310100"', 'city: "110100"').replace('"12345"', '"13900000013"') }));
    expect(fixed.status).toBe(200);
    expect((await json(fixed)).spec.plugins[0].config.branches).toHaveLength(3);
  });

  it('an oversized body is 413', async () => {
    const res = await post(JSON.stringify({ content: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect((await json(res)).error).toEqual({ code: 'payload_too_large', message: '请求体过大' });
  });

  it('an unknown route is 404, with a request id and secure headers', async () => {
    const res = await app.request('/api/no-such-thing', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await json(res)).toEqual({ error: { code: 'route_not_found', message: 'No such endpoint' } });
  });

  it('behind the Node server too: the same secure headers and request id, set on the Node response', async () => {
    const server = await serveOnFreePort(app.fetch);
    try {
      const viaHono = await app.request('/api/no-such-thing');
      const res = await fetch(`${server.url}/api/no-such-thing`, { headers: { 'x-request-id': 'trace-42' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('x-request-id')).toBe('trace-42');
      const security = [...viaHono.headers.keys()].filter((k) => !['content-type', 'content-length', 'x-request-id'].includes(k));
      expect(security).toEqual(expect.arrayContaining(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']));
      for (const name of security) expect([name, res.headers.get(name)]).toEqual([name, viaHono.headers.get(name)]);
      // A malformed id is replaced, not echoed.
      const replaced = await fetch(`${server.url}/api/no-such-thing`, { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.close();
    }
  });

  it('a missing field is 400 naming it, in Chinese by default', async () => {
    const res = await post('{}');
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('输入有误，请检查标出的字段');
    expect(Object.keys(body.error.fields)).toEqual(['content']);
  });

  it('an unknown field and a hostile value are refused; a bad tenant file names field and line', async () => {
    expect((await post(JSON.stringify({ content: 'a', __proto__x: 1 }))).status).toBe(400);
    const res = await post(JSON.stringify({ content: 'slug: Bad Slug!\nname: x\nindustry: mining\nworkCities: []\n' }), { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.fields.slug).toMatch(/^line 1: /);
    expect(body.error.fields.industry).toMatch(/^line 3: /);
    expect(body.error.fields.workCities).toMatch(/^line 4: /);
  });
});

describe('OpenAPI and docs', () => {
  it('publishes OpenAPI 3.1 and an offline reference page under the CSP', async () => {
    const spec = await json(await app.request('/api/openapi.json'));
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/tenants', '/api/tenant-files/validate']));
    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await docs.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect((await app.request(asset[1]!)).status).toBe(200);
    }
  });

  it('lists tenants only to a signed-in user: 401 in the error shape otherwise', async () => {
    const res = await app.request('/api/tenants', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: { code: 'unauthenticated', message: 'Please sign in' } });
  });
});
