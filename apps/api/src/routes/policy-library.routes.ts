import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { PolicyLibraryService } from '@lianxu/core';
import { validationHook } from '../errors/validation';
import { recordJson, summary } from './policy-record.mapper';
import { ErrorSchema, notFound, PolicyList, PolicyRecordSchema, RevisionSchema, unknownCity } from './policy.schemas';

// Reading the policy library: the cities and their years, one record, any revision by id, a raw record.

const listRoute = createRoute({
  method: 'get',
  path: '/policies',
  tags: ['policy'],
  summary: 'Cities and their policy years, with the weakest grade and whether a figure is not found',
  responses: { 200: { description: 'Every city with a policy record', content: { 'application/json': { schema: PolicyList } } } },
});

const recordRoute = createRoute({
  method: 'get',
  path: '/policies/{city}/{year}',
  tags: ['policy'],
  summary: "One city's policy record for the policy year starting in `year`, every figure with its sources and grade",
  request: {
    params: z.object({
      city: z.string().min(1).max(64).openapi({ description: 'GB/T 2260 code or name', example: '110100' }),
      // Any text: a year with no record (or no year at all) is a 404 naming it, in the user's language.
      year: z.string().max(16).openapi({ description: 'calendar year in which the policy year starts', example: '2024' }),
    }),
    query: z.object({
      revision: z.string().max(8).optional().openapi({ description: 'an older revision (default: the effective one)', example: '1' }),
    }),
  },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: PolicyRecordSchema } } },
    404: { description: 'Unknown city, or no record for that year or revision', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const recordByIdRoute = createRoute({
  method: 'get',
  path: '/policy-records/{id}',
  tags: ['policy'],
  summary: 'Any revision by the policy id a quote reports, including superseded ones',
  request: { params: z.object({ id: z.string().max(64).openapi({ example: '440300-2024-r2' }) }) },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: PolicyRecordSchema } } },
    404: { description: 'No such policy id', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const rawRecordRoute = createRoute({
  method: 'get',
  path: '/policy-records/{id}/raw',
  tags: ['policy'],
  summary: 'A revision as entered (the shape of packages/policy/data/*.yaml), to start an edit from',
  request: { params: z.object({ id: z.string().max(64).openapi({ example: '440300-2024-r2' }) }) },
  responses: {
    200: {
      description: 'The raw record',
      content: { 'application/json': { schema: z.object({ id: z.string(), record: z.record(z.string(), z.unknown()), revision: RevisionSchema }).openapi('PolicyRawRecord') } },
    },
    404: { description: 'No such policy id', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

function unknownId(id: string) {
  return notFound('policy_record_not_found', 'id', `没有政策记录 "${id}"`, `No policy record "${id}"`);
}

/** The policy library as shipped plus consultants' revisions; public reads. */
export function policyLibraryRoutes(policies: PolicyLibraryService) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const library = await policies.library();
      const cities = [...library.cities].sort((a, b) => a.code.localeCompare(b.code));
      const items = cities.map((city) => {
        const records = library.recordsOf(city.code);
        return {
          city: { code: city.code, name: city.zh, nameEn: city.en },
          years: records.map((r, i) => summary(r, i === records.length - 1)),
        };
      });
      return c.json({ items, nextCursor: null }, 200);
    })
    .openapi(recordRoute, async (c) => {
      const { city, year } = c.req.valid('param');
      const { revision } = c.req.valid('query');
      const { library, revisions } = await policies.effective();
      const ref = library.findCity(city);
      if (!ref) throw unknownCity(city);
      let record = /^\d{4}$/.test(year) ? library.record(ref.code, Number(year)) : null;
      if (!record) {
        const known = library.recordsOf(ref.code).map((r) => r.year).join(', ');
        throw notFound('policy_year_not_found', 'year', `${ref.zh} 没有 ${year} 年度的政策（已知：${known}）`, `${ref.en} has no policy year ${year} (known: ${known})`);
      }
      if (revision !== undefined) {
        const old = /^\d{1,6}$/.test(revision) ? library.recordById(`${ref.code}-${record.year}-r${Number(revision)}`) : null;
        if (!old) {
          const known = revisions.filter((r) => r.cityCode === ref.code && r.year === record!.year).map((r) => r.revision).join(', ');
          throw notFound('policy_revision_not_found', 'revision', `没有修订 ${revision}（已知：${known}）`, `No revision ${revision} (known: ${known})`);
        }
        record = old;
      }
      return c.json(recordJson(library, record, revisions), 200);
    })
    .openapi(recordByIdRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { library, revisions } = await policies.effective();
      const record = library.recordById(id);
      if (!record) throw unknownId(id);
      return c.json(recordJson(library, record, revisions), 200);
    })
    .openapi(rawRecordRoute, async (c) => {
      const { id } = c.req.valid('param');
      const raw = await policies.rawRecord(id);
      if (!raw) throw unknownId(id);
      const { id: rid, revision, shipped, effective, note, createdAt } = raw.info;
      return c.json({ id, record: raw.record as Record<string, unknown>, revision: { id: rid, revision, shipped, effective, note, createdAt } }, 200);
    });
}
