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

/** 202: the package passed its checks and loading started; 422 names what failed (the key, the package). */
export function loadMigration(slug: string, id: string, wrappedKey: WrappedKey, transferKey: string) {
  return request('post', '/api/t/{tenant}/migrations/{id}/load', { params: { tenant: slug, id }, body: { wrappedKey, transferKey } });
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
