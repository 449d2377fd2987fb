import { api, path } from '../../api';
import { request, type ResponseOf } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): migration runs, their quarantine and report.

export type MigrationRun = ResponseOf<'/api/t/{tenant}/migrations/{id}', 'get'>;
export type QuarantinePage = ResponseOf<'/api/t/{tenant}/migrations/{id}/quarantine', 'get'>;
export type ValidationReport = ResponseOf<'/api/t/{tenant}/migrations/{id}/report', 'get'>;
export type MigrationFile = 'roster' | 'coverage' | 'contributions';
export const MIGRATION_FILES: readonly MigrationFile[] = ['roster', 'coverage', 'contributions'];

export function listMigrations(slug: string) {
  return request('get', '/api/t/{tenant}/migrations', { params: { tenant: slug } });
}

/** The package as it was packed (still encrypted): streamed to the server, which creates its run. */
export function uploadPackage(slug: string, file: Blob) {
  return api<MigrationRun>(path('/api/t', slug, 'migrations'), { method: 'POST', upload: { data: file, contentType: 'application/octet-stream' } });
}

export function getMigration(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}', { params: { tenant: slug, id } });
}

export type WrappedKey = { runId: string; tenantId: string; transferKeyId: string; wrapped: string };

/**
 * 202: the package passed its checks and loading started; 422 names what failed (the key, the
 * package). No transfer key is sent: the server checks with the tenant's registered one.
 */
export function loadMigration(slug: string, id: string, wrappedKey: WrappedKey) {
  return request('post', '/api/t/{tenant}/migrations/{id}/load', { params: { tenant: slug, id }, body: { wrappedKey } });
}

export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];
export type SourceBody = { url: string; password?: string; sslmode: SslMode; caCert?: string };

/**
 * 202: the old system's database answered (TLS as sslmode says), the run was created and its load
 * started; 400/422 name the field at fault (url, password, sslmode, caCert) and nothing is created.
 */
export function connectSource(slug: string, body: SourceBody) {
  return request('post', '/api/t/{tenant}/migrations/sources', { params: { tenant: slug }, body });
}

export function validationReport(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}/report', { params: { tenant: slug, id } });
}

export function listQuarantine(slug: string, id: string, filter: { file?: MigrationFile; reason?: string; limit: number; offset: number }) {
  return request('get', '/api/t/{tenant}/migrations/{id}/quarantine', { params: { tenant: slug, id }, query: filter });
}

export function signOffMigration(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/migrations/{id}/sign-off', { params: { tenant: slug, id } });
}

export function promoteMigration(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/migrations/{id}/promote', { params: { tenant: slug, id }, body: { batchSize: 500 } });
}

export type MigrationMapping = ResponseOf<'/api/t/{tenant}/migrations/{id}/mapping', 'get'>;
export type FileMappingBody = Partial<Record<MigrationFile, Record<string, string>>>;
export type Revalidation = ResponseOf<'/api/t/{tenant}/migrations/{id}/revalidate', 'post'>;
export type DryRunDiff = ResponseOf<'/api/t/{tenant}/migrations/{id}/dry-run', 'get'>;

/** Per file: the headers the load read, the proposal, the tenant's saved mapping and the targets. */
export function getMapping(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}/mapping', { params: { tenant: slug, id } });
}

/** Saves the mapping as the tenant's next version (422 names each bad target or column). */
export function saveMapping(slug: string, id: string, mapping: FileMappingBody) {
  return request('put', '/api/t/{tenant}/migrations/{id}/mapping', { params: { tenant: slug, id }, body: { mapping } });
}

/** Checks the quarantined rows again with the latest mapping. */
export function revalidateMigration(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/migrations/{id}/revalidate', { params: { tenant: slug, id } });
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A corrections file in the quarantine export's shape (CSV or .xlsx): applied, then the run re-validated. */
export function uploadCorrections(slug: string, id: string, file: File) {
  const contentType = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
  return request('post', '/api/t/{tenant}/migrations/{id}/corrections', { params: { tenant: slug, id }, upload: { data: file, contentType } });
}

/** The (filtered) quarantine as Excel, in the page's language. */
export function quarantineXlsxHref(slug: string, id: string, filter: { file?: string; reason?: string }, language: string): string {
  const q = new URLSearchParams({ ...(filter.file ? { file: filter.file } : {}), ...(filter.reason ? { reason: filter.reason } : {}), lang: language === 'en' ? 'en' : 'zh-CN' });
  return `${path('/api/t', slug, 'migrations')}/${encodeURIComponent(id)}/quarantine.xlsx?${q.toString()}`;
}

export function migrationDryRun(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}/dry-run', { params: { tenant: slug, id } });
}

export type Reconciliation = ResponseOf<'/api/t/{tenant}/migrations/{id}/reconciliation', 'get'>;

/** Reconciliation totals per city and month: the old system's lines, those accepted, those promoted. */
export function migrationReconciliation(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/migrations/{id}/reconciliation', { params: { tenant: slug, id } });
}
