import { path } from '../../api';
import { request, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

/** One report of an enabled plugin (GET /api/t/{tenant}/reports); `href` is relative to /api/t/{tenant}/. */
export type Report = Schema<'PluginReport'>;

export function listReports(slug: string) {
  return request('get', '/api/t/{tenant}/reports', { params: { tenant: slug } });
}

/** The download address of a report: a plain link, the session cookie authenticates. */
export function reportHref(slug: string, report: Report): string {
  return `${path('/api/t', slug)}/${report.href}`;
}
