// Rows of the cross-tenant walk's tables kept here so cross-tenant-routes.test.ts stays under 500 lines.

/** Path parameters of operations outside /api/t/{tenant}/ that take no tenant data. */
export const NOT_TENANT_PARAMS: Record<string, Record<string, string>> = {
  'GET /api/invitations/{token}': { token: 'not-a-token' },
  'GET /api/policies/{city}/{year}': { city: '310100', year: '2026' },
  'GET /api/policy-records/{id}': { id: '00000000-0000-4000-8000-000000000000' },
  'GET /api/policy-records/{id}/raw': { id: '00000000-0000-4000-8000-000000000000' },
  'POST /api/policies/{city}/{year}/revisions': { city: '310100', year: '2026' },
  'GET /api/docs/assets/{file}': { file: 'x.js' },
  'GET /api/intake/{slug}/{token}': { slug: 'nobody', token: '00000000-0000-4000-8000-000000000000' },
  'POST /api/intake/{slug}/{token}': { slug: 'nobody', token: '00000000-0000-4000-8000-000000000000' },
};

/** Bodies valid in any tenant for the dual-run routes (so only the foreign run can be what is refused). */
export const DUAL_RUN_BODIES: Record<string, unknown> = {
  'POST /api/t/{tenant}/migrations/{id}/dual-run': { sourceUrl: 'postgres://reader@127.0.0.1:1/legacy', startDay: '2024-10-08' },
  'PATCH /api/t/{tenant}/migrations/{id}/dual-run/differences/{differenceId}': { explained: true },
  'POST /api/t/{tenant}/migrations/{id}/dual-run/mode': { mode: 'live', signOff: true },
};
