import { api, path } from '../../api';

// Types mirror apps/api/src/routes/tenant-home.routes.ts (consultant grants, tenant admins only).

export type Grant = { id: string; email: string; name: string; grantedBy: string; grantedAt: string };

export function listGrants(slug: string): Promise<{ items: Grant[] }> {
  return api(path('/api/t', slug, 'grants'));
}

/** 400 naming consultantEmail when no consultant has that e-mail; granting twice is harmless. */
export function grantConsultant(slug: string, consultantEmail: string): Promise<{ id: string; created: boolean }> {
  return api(path('/api/t', slug, 'grants'), { body: { consultantEmail } });
}

export function revokeGrant(slug: string, id: string): Promise<unknown> {
  return api(path('/api/t', slug, 'grants', id), { method: 'DELETE' });
}
