import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { advanceDay, DIVERGENCE_KINDS, injectDivergence } from './legacy.days';
import { LEGACY_FILES, type LegacyFile, type LegacyStore } from './legacy.store';
import { exportWorkbook } from './legacy.workbook';

const seedSchema = z.object({
  seed: z.number().int(),
  size: z.number().int().min(1).max(200_000),
  cities: z.array(z.string().min(1)).min(1).optional(),
  fromMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  months: z.number().int().min(1).max(120),
  dirtyRate: z.number().min(0).max(1).optional(),
});
const daySchema = z.object({ day: z.iso.date() });
const divergenceSchema = z.object({ day: z.iso.date(), kind: z.enum(DIVERGENCE_KINDS), empNo: z.string().min(1).optional() });

/** The old HR system over HTTP: exports, a read-only connection, and the admin levers a test pulls. */
export function buildLegacyApp(store: LegacyStore) {
  const app = new Hono();
  const bad = (message: string) => Response.json({ error: { message } }, { status: 400 });
  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/connection', (c) => c.json({ url: store.readOnlyUrl, readOnly: true }));
  app.get('/counts', async (c) => c.json(await store.counts()));
  app.get('/export/workbook.xlsx', (c) => {
    const body = new PassThrough();
    exportWorkbook(store, body).catch((error: Error) => body.destroy(error));
    return c.body(Readable.toWeb(body) as ReadableStream, 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });
  app.get('/export/:file{[a-z]+\\.csv}', (c) => {
    const file = c.req.param('file').replace(/\.csv$/, '') as LegacyFile;
    if (!(file in LEGACY_FILES)) return c.json({ error: { message: `no such export: ${file}` } }, 404);
    const body = new PassThrough();
    store.exportCsv(file, body).catch((error: Error) => body.destroy(error));
    return c.body(Readable.toWeb(body) as ReadableStream, 200, { 'content-type': 'text/csv; charset=utf-8' });
  });
  app.post('/admin/seed', async (c) => {
    const parsed = seedSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return bad(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return c.json(await store.seed(parsed.data));
  });
  app.post('/admin/days', async (c) => {
    const parsed = daySchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return bad('day must be YYYY-MM-DD');
    return c.json(await advanceDay(store, parsed.data.day));
  });
  app.post('/admin/divergences', async (c) => {
    const parsed = divergenceSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return bad(`day (YYYY-MM-DD) and kind (${DIVERGENCE_KINDS.join(', ')}) are required`);
    return c.json({ seq: await injectDivergence(store, parsed.data) }, 201);
  });
  app.get('/changes', async (c) => {
    const since = Number(c.req.query('since') ?? 0);
    const { rows } = await store.pool.query('select seq, day::text as day, kind, emp_no as "empNo", detail from changes where seq > $1 order by seq limit 10000', [
      Number.isFinite(since) ? since : 0,
    ]);
    return c.json({ changes: rows });
  });
  return app;
}
