import { api, path } from '../../api';

// Mirrors PluginReport of apps/api/src/routes/extensions.routes.ts (GET /api/t/{tenant}/reports).
export type Report = {
  pluginId: string;
  id: string;
  title: { 'zh-CN': string; en: string };
  format: 'xlsx' | 'csv' | 'json';
  path: string;
  params?: string[];
  /** Relative to /api/t/{tenant}/. */
  href: string;
};

export function listReports(slug: string): Promise<{ items: Report[] }> {
  return api(path('/api/t', slug, 'reports'));
}

/** The download address of a report: a plain link, the session cookie authenticates. */
export function reportHref(slug: string, report: Report): string {
  return `${path('/api/t', slug)}/${report.href}`;
}
