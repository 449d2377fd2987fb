import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The pages the phone walk (phone-pages.test.ts) visits, keyed by the router's route patterns:
// test/architecture/phone-routes.test.ts fails when a route of apps/web/src/app.tsx or of a
// plugin's web/index.tsx has no visit here, so a new page cannot be left out of the walk.

const ROOT = path.resolve(import.meta.dirname, '../..');

export const ADMIN = 'admin@demo-retail.demo';
export const HR = 'hr@demo-manufacturing.demo';
export const EMPLOYEE = 'employee@demo-manufacturing.demo';
/** The tenant admin of demo-manufacturing, where the walk's migration run and dual run are. */
export const MFG_ADMIN = 'admin@demo-manufacturing.demo';
export const CONSULTANT = 'consultant@lianxu.demo';

/**
 * Who visits (null: no session) and where; `calculate` asks the calculator for a result there;
 * `shows`: the test id of what the page shows for a real record (so the walk checks the record, not a not-found state).
 */
export type PhoneVisit = { who: string | null; path: string; calculate?: boolean; shows?: string };

/** What the walk created before it starts (rows for the lists and detail pages). */
export type PhoneIds = {
  employee: string;
  branch: string;
  intake: string;
  /** The candidate's link (path) of an intake still waiting. */
  intakeLink: string;
  /** The invitation link's path. */
  inviteLink: string;
  entity: string;
  month: string;
  /** A promoted migration run of demo-manufacturing with a dual run and one compared day. */
  migrationRun: string;
  /** A base adjustment of demo-retail's Shanghai waiting for confirmation. */
  baseAdjustment: string;
};

export function phoneVisits(ids: PhoneIds): Record<string, PhoneVisit[]> {
  const retail = (p: string) => `/t/demo-retail${p}`;
  const admin = (p: string): PhoneVisit[] => [{ who: ADMIN, path: retail(p) }];
  return {
    '/': [{ who: ADMIN, path: '/' }, { who: CONSULTANT, path: '/' }],
    '/tenants': [{ who: ADMIN, path: '/tenants' }, { who: null, path: '/tenants' }],
    '/sign-in': [{ who: null, path: '/sign-in' }],
    '/invite/:token': [{ who: null, path: ids.inviteLink }],
    '/intake/:slug/:token': [{ who: null, path: ids.intakeLink }],
    '/t/:slug': [...admin(''), { who: HR, path: '/t/demo-manufacturing' }, { who: CONSULTANT, path: '/t/demo-manufacturing' }],
    '/t/:slug/employees': admin('/employees'),
    '/t/:slug/employees/new': admin('/employees/new'),
    '/t/:slug/employees/:id': admin(`/employees/${ids.employee}`),
    '/t/:slug/tasks': admin('/tasks'),
    '/t/:slug/inbox': admin('/inbox'),
    '/t/:slug/sms-outbox': admin('/sms-outbox'),
    '/t/:slug/reports': admin('/reports'),
    '/t/:slug/plugins': admin('/plugins'),
    '/t/:slug/custom-fields': admin('/custom-fields'),
    '/t/:slug/members': admin('/members'),
    '/t/:slug/access': admin('/access'),
    '/t/:slug/intakes': admin('/intakes'),
    '/t/:slug/intakes/:id': admin(`/intakes/${ids.intake}`),
    '/t/:slug/risk': admin('/risk'),
    '/t/:slug/me': [{ who: EMPLOYEE, path: '/t/demo-manufacturing/me' }],
    '/t/:slug/close': admin('/close'),
    '/t/:slug/close/:entityId/:city/:month': admin(`/close/${ids.entity}/310100/${ids.month}`),
    '/t/:slug/base-adjustments': admin('/base-adjustments'),
    '/t/:slug/base-adjustments/:id': [{ who: ADMIN, path: retail(`/base-adjustments/${ids.baseAdjustment}`), shows: 'base-adjustment-state' }],
    '/t/:slug/integrations': admin('/integrations'),
    '/t/:slug/migrations': admin('/migrations'),
    '/t/:slug/migrations/:id': [{ who: MFG_ADMIN, path: `/t/demo-manufacturing/migrations/${ids.migrationRun}`, shows: 'migration-status' }],
    '/t/:slug/migrations/:id/dual-run': [{ who: MFG_ADMIN, path: `/t/demo-manufacturing/migrations/${ids.migrationRun}/dual-run`, shows: 'dual-run-chart' }],
    '/t/:slug/branches': admin('/branches'),
    '/t/:slug/branches/:id': admin(`/branches/${ids.branch}`),
    '/t/:slug/shifts': [{ who: HR, path: '/t/demo-manufacturing/shifts' }],
    '/t/:slug/*404': admin('/no-such-page'),
    '/console': [{ who: CONSULTANT, path: '/console' }],
    '/security': [{ who: ADMIN, path: '/security' }],
    '/policies': [{ who: ADMIN, path: '/policies' }],
    '/calculator': [{ who: ADMIN, path: '/calculator', calculate: true }],
    '/verify': [{ who: null, path: '/verify' }],
    '*404': [{ who: null, path: '/no-such-page' }],
  };
}

/**
 * Every route pattern of the web app, read from apps/web/src/app.tsx (nested <Route path="...">)
 * and the plugins' web/index.tsx (`routes: [{ path: '...', component }]`, mounted where app.tsx
 * maps PLUGIN_WEBS).
 */
export function routerPatterns(): string[] {
  const app = readFileSync(path.join(ROOT, 'apps/web/src/app.tsx'), 'utf8');
  const pluginDir = path.join(ROOT, 'plugins');
  const pluginPaths = readdirSync(pluginDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return readFileSync(path.join(pluginDir, d.name, 'web/index.tsx'), 'utf8');
      } catch {
        return [];
      }
    })
    .flatMap((source) => [...source.matchAll(/\{\s*path:\s*'([^']+)',\s*component:/g)].map((m) => m[1]!));
  const join = (prefix: string, p: string) => (p === '/' && prefix ? prefix : p.startsWith('*') ? `${prefix}${prefix ? '/' : ''}${p}` : `${prefix}${p}`);
  const patterns: string[] = [];
  const stack: string[] = [];
  for (const m of app.matchAll(/<Route\s+path="([^"]+)"[^>]*?(\/)?>|<\/Route>|PLUGIN_WEBS\.flatMap\(\(plugin\) => plugin\.routes/g)) {
    const prefix = stack.at(-1) ?? '';
    if (m[0] === '</Route>') stack.pop();
    else if (m[0].startsWith('PLUGIN_WEBS')) patterns.push(...pluginPaths.map((p) => join(prefix, p)));
    else {
      const full = join(prefix, m[1]!);
      patterns.push(full);
      if (!m[2]) stack.push(full);
    }
  }
  return patterns;
}
