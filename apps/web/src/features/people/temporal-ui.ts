/**
 * The Temporal Web UI of the dev server `npm start` runs. No API endpoint exposes the address, so
 * this default applies; a build may override it with VITE_TEMPORAL_UI_URL.
 */
export const TEMPORAL_UI_URL: string = (import.meta.env?.VITE_TEMPORAL_UI_URL as string | undefined) || 'http://localhost:8233';

/** The page of one workflow (ids carry colons: enroll:{tenant}:{employee}:{event}). */
export function workflowUrl(workflowId: string, base: string = TEMPORAL_UI_URL, namespace = 'default'): string {
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
