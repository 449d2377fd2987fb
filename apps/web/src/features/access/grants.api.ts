import { request, type ResponseOf } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): consultant grants, tenant admins only.

export type Grant = ResponseOf<'/api/t/{tenant}/grants', 'get'>['items'][number];

export function listGrants(slug: string) {
  return request('get', '/api/t/{tenant}/grants', { params: { tenant: slug } });
}

/** 400 naming consultantEmail when no consultant has that e-mail; granting twice is harmless. */
export function grantConsultant(slug: string, consultantEmail: string) {
  return request('post', '/api/t/{tenant}/grants', { params: { tenant: slug }, body: { consultantEmail } });
}

export function revokeGrant(slug: string, id: string) {
  return request('delete', '/api/t/{tenant}/grants/{id}', { params: { tenant: slug, id } });
}
