import { describe, expect, it } from 'vitest';
import { API_KEY_ROUTES, pluginKeyRoutes, scopeFor } from './api-key.middleware';

// Plugins open their own routes to API keys through their manifest (`apiKeyScope` of a route
// description); the API's own table names no plugin.

const plugin = (id: string, routeDocs: { method: 'get' | 'post'; path: string; apiKeyScope?: string }[]) =>
  ({ id, definition: { id, version: '0.1.0', description: { 'zh-CN': 'x', en: 'x' }, routeDocs: routeDocs.map((d) => ({ ...d, summary: 'x', responses: {} })) } }) as never;

describe('API key scopes of plugin routes', () => {
  it('opens a plugin route declared with apiKeyScope, with its path parameters, and nothing else of the plugin', () => {
    const routes = [...API_KEY_ROUTES, ...pluginKeyRoutes({ list: [plugin('time-clock', [{ method: 'post', path: '/punches/:deviceId', apiKeyScope: 'attendance:write' }, { method: 'get', path: '/punches' }])] })];
    expect(scopeFor('POST', '/plugins/time-clock/punches/dev-7', routes)).toBe('attendance:write');
    expect(scopeFor('GET', '/plugins/time-clock/punches', routes)).toBeNull();
    expect(scopeFor('POST', '/plugins/time-clock/punches/dev-7/extra', routes)).toBeNull();
    expect(scopeFor('POST', '/plugins/other/punches/dev-7', routes)).toBeNull();
    expect(scopeFor('POST', '/plugins/time-clock/punches/dev-7')).toBeNull();
  });

  it('refuses a scope the API does not know, naming the plugin and route', () => {
    expect(() => pluginKeyRoutes({ list: [plugin('time-clock', [{ method: 'post', path: '/punches', apiKeyScope: 'everything:write' }])] })).toThrow(
      'plugins/time-clock: route POST /punches asks for the API key scope everything:write',
    );
  });

  it('keeps no plugin route in the API\'s own table', () => {
    expect(API_KEY_ROUTES.filter((r) => r.path.source.includes('plugins'))).toEqual([]);
  });
});
