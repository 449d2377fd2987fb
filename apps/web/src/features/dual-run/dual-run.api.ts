import { request, type BodyOf, type QueryOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): a migration's 90-day dual run, its daily
// report and the differences between the old system and Lianxu.

export type DualRun = Schema<'DualRun'>;
export type DualRunDay = Schema<'DualRunDay'>;
export type DualRunDifference = Schema<'DualRunDifference'>;
export type DifferenceClass = DualRunDifference['class'];
export type DifferenceFilter = QueryOf<'/api/t/{tenant}/migrations/{id}/dual-run/differences', 'get'>;
export type DifferenceChange = BodyOf<'/api/t/{tenant}/migrations/{id}/dual-run/differences/{differenceId}', 'patch'>;
export const DIFFERENCE_CLASSES: readonly DifferenceClass[] = ['timing', 'configuration', 'data', 'defect'];

export function getDualRun(slug: string, runId: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}/dual-run', { params: { tenant: slug, id: runId } });
}

export function listDifferences(slug: string, runId: string, filter: DifferenceFilter) {
  return request('get', '/api/t/{tenant}/migrations/{id}/dual-run/differences', { params: { tenant: slug, id: runId }, query: filter });
}

export function changeDifference(slug: string, runId: string, differenceId: string, change: DifferenceChange) {
  return request('patch', '/api/t/{tenant}/migrations/{id}/dual-run/differences/{differenceId}', { params: { tenant: slug, id: runId, differenceId }, body: change });
}

/** Shadow ↔ live (who files with the bureau), signed off by the caller. */
export function switchMode(slug: string, runId: string, mode: DualRun['mode']) {
  return request('post', '/api/t/{tenant}/migrations/{id}/dual-run/mode', { params: { tenant: slug, id: runId }, body: { mode, signOff: true } });
}

export function retireOldSystem(slug: string, runId: string) {
  return request('post', '/api/t/{tenant}/migrations/{id}/dual-run/retire', { params: { tenant: slug, id: runId } });
}
