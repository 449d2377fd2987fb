import { api } from '../../api';

// Types mirror apps/api/src/routes/console.routes.ts.

export type PlanChange = { op: '+' | '~' | '-'; kind: string; name: string; details: string[]; blocked?: string };

export type ConfigStatus = 'in_sync' | 'drifted' | 'no_file' | 'invalid_file';

export type RecentChange = {
  at: string;
  source: 'tenant' | 'platform';
  actor: string | null;
  action: string;
  key: Record<string, unknown> | null;
  columns: string[];
  details: string[];
};

export type ConsoleTenant = {
  tenantId: string;
  slug: string;
  name: string;
  industry: string;
  grantedAt: string;
  enabledPlugins: string[];
  config: { status: ConfigStatus; file: string; changes: PlanChange[]; plan: string; notes: string[]; problems: string[] };
  recentChanges: RecentChange[];
};

/** The signed-in consultant's granted tenants (403 for anyone else). */
export function listConsoleTenants(): Promise<{ items: ConsoleTenant[] }> {
  return api('/api/console/tenants');
}
