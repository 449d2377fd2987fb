import { request, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): the annual (July) base adjustment of a
// city's policy year, its preview lines and HR's decision.

export type BaseAdjustmentSummary = Schema<'BaseAdjustmentSummary'>;
export type BaseAdjustment = Schema<'BaseAdjustment'>;
export type BaseAdjustmentLine = Schema<'BaseAdjustmentLine'>;

export function listBaseAdjustments(slug: string) {
  return request('get', '/api/t/{tenant}/base-adjustments', { params: { tenant: slug } });
}

/** Idempotent: starting a city's year again finds the adjustment already started. 400 names cityCode or policyYear. */
export function startBaseAdjustment(slug: string, body: { cityCode: string; policyYear: number }) {
  return request('post', '/api/t/{tenant}/base-adjustments', { params: { tenant: slug }, body });
}

export function getBaseAdjustment(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/base-adjustments/{id}', { params: { tenant: slug, id } });
}

export function confirmBaseAdjustment(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/base-adjustments/{id}/confirm', { params: { tenant: slug, id } });
}

export function cancelBaseAdjustment(slug: string, id: string, reason: string) {
  return request('post', '/api/t/{tenant}/base-adjustments/{id}/cancel', { params: { tenant: slug, id }, body: { reason } });
}

/** The confirmed adjustment's base-change sheet (缴费基数申报表), a plain download (the session cookie goes with it). */
export function baseChangeSheetHref(slug: string, id: string): string {
  return `/api/t/${encodeURIComponent(slug)}/base-adjustments/${encodeURIComponent(id)}/filing-sheet.xlsx`;
}
