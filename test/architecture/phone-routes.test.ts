import { describe, expect, it } from 'vitest';
import { phoneVisits, routerPatterns } from '../e2e/phone-routes';

// The phone walk (test/e2e/phone-pages.test.ts) visits every page of the router: a route added to
// apps/web/src/app.tsx or to a plugin's web/index.tsx without a visit fails here.
describe('the phone walk’s pages', () => {
  it('are exactly the routes of the web app and its plugins, each visited at least once', () => {
    const routes = routerPatterns();
    // The reading of app.tsx found the shapes it must: nested tenant pages, plugin pages, both 404s.
    expect(routes).toEqual(expect.arrayContaining(['/', '/t/:slug', '/t/:slug/employees/:id', '/t/:slug/branches', '/t/:slug/*404', '*404']));
    const visits = phoneVisits({ employee: 'e', branch: 'b', intake: 'i', intakeLink: '/intake/x/y', inviteLink: '/invite/z', entity: 'n', month: '2026-01', migrationRun: 'r', baseAdjustment: 'a' });
    expect(Object.keys(visits).sort()).toEqual([...new Set(routes)].sort());
    for (const [route, list] of Object.entries(visits)) expect(list.length, route).toBeGreaterThan(0);
  });
});
