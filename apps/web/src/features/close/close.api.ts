import { request, type BodyOf, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): the monthly close (月结) of an
// employing entity x city x month, its bill, deductions, differences and adjustment lines.

export type MonthClose = Schema<'MonthClose'>;
export type CloseDifference = Schema<'CloseDifference'>;
export type DifferenceClass = CloseDifference['class'];
// The document marks the schema nullable (the resolve answer's `adjustment` is null when none was made).
export type AdjustmentLine = NonNullable<Schema<'AdjustmentLine'>>;
export type BillLine = BodyOf<'/api/t/{tenant}/close/{entityId}/{city}/{month}/bill', 'post'>['lines'][number];
export type DeductionRow = BodyOf<'/api/t/{tenant}/close/{entityId}/{city}/{month}/deductions', 'post'>['rows'][number];
export type Resolution = BodyOf<'/api/t/{tenant}/close/{entityId}/{city}/{month}/differences/{differenceId}/resolve', 'post'>;
export type AdjustmentRequest = BodyOf<'/api/t/{tenant}/close-adjustments', 'post'>;
export type MatchResult = ResponseOf<'/api/t/{tenant}/close/{entityId}/{city}/{month}/match', 'post'>;
export type Insurance = DeductionRow['insurance'];

export const INSURANCE_CODES: readonly Insurance[] = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'];
export const DIFFERENCE_CLASSES: readonly DifferenceClass[] = ['headcount', 'base', 'rate', 'rounding', 'duplicate', 'missing_deduction'];

/** One month's close: which entity, city and month. */
export interface CloseKey {
  entityId: string;
  city: string;
  month: string;
}

const keyParams = (slug: string, k: CloseKey) => ({ tenant: slug, entityId: k.entityId, city: k.city, month: k.month });

export function listCloses(slug: string, filter: { city?: string; month?: string } = {}) {
  return request('get', '/api/t/{tenant}/close', { params: { tenant: slug }, query: filter });
}

/** Idempotent: opening a month that is open already answers it as it is. */
export function openClose(slug: string, k: CloseKey) {
  return request('put', '/api/t/{tenant}/close/{entityId}/{city}/{month}', { params: keyParams(slug, k) });
}

export function getClose(slug: string, k: CloseKey) {
  return request('get', '/api/t/{tenant}/close/{entityId}/{city}/{month}', { params: keyParams(slug, k) });
}

/** Replaces the month's bill; 400 names `lines.<i>.<field>` (or `lines[<i>].<field>`); 409 when the month is locked. */
export function recordBill(slug: string, k: CloseKey, lines: BillLine[]) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/bill', { params: keyParams(slug, k), body: { lines } });
}

/** Records payroll's deductions (replacing the month's earlier ones when `replace`). */
export function recordDeductions(slug: string, k: CloseKey, rows: DeductionRow[], replace: boolean) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/deductions', { params: keyParams(slug, k), body: { rows, replace } });
}

/** 422 when some expected amounts cannot be computed; 409 when the month is locked. */
export function matchClose(slug: string, k: CloseKey) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/match', { params: keyParams(slug, k) });
}

export function listDifferences(slug: string, k: CloseKey) {
  return request('get', '/api/t/{tenant}/close/{entityId}/{city}/{month}/differences', { params: keyParams(slug, k) });
}

export function resolveDifference(slug: string, k: CloseKey, differenceId: string, resolution: Resolution) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/differences/{differenceId}/resolve', {
    params: { ...keyParams(slug, k), differenceId },
    body: resolution,
  });
}

/** HR's sign-off; 409 says what is still missing (bill, deductions, match, open differences). */
export function lockClose(slug: string, k: CloseKey) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/lock', { params: keyParams(slug, k) });
}

/** Tenant admins only (403 otherwise), with a reason; audited. */
export function unlockClose(slug: string, k: CloseKey, reason: string) {
  return request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/unlock', { params: keyParams(slug, k), body: { reason } });
}

export function listAdjustments(slug: string, filter: { city?: string; month?: string } = {}) {
  return request('get', '/api/t/{tenant}/close-adjustments', { params: { tenant: slug }, query: filter });
}

/** 409 naming the month when the month it is paid in is locked. */
export function createAdjustment(slug: string, body: AdjustmentRequest) {
  return request('post', '/api/t/{tenant}/close-adjustments', { params: { tenant: slug }, body });
}

export type CloseImported = Schema<'CloseImported'>;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uploads payroll's export (CSV or Excel) or the city's Excel bill; the columns come from the tenant's saved mapping. */
export function importCloseFile(slug: string, k: CloseKey, what: 'deductions' | 'bill', file: File) {
  const contentType = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
  const options = { params: keyParams(slug, k), upload: { data: file, contentType } };
  return what === 'bill'
    ? request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/bill/import', options)
    : request('post', '/api/t/{tenant}/close/{entityId}/{city}/{month}/deductions/import', options);
}
