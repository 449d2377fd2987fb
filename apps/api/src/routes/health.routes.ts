import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';

const Check = z.object({ up: z.boolean(), ms: z.number(), error: z.string().optional() });
const Health = z.object({ status: z.enum(['ok']), checks: z.object({ postgres: Check, temporal: Check }) }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['platform'],
  summary: 'Liveness of the API and of PostgreSQL and Temporal',
  responses: {
    200: { description: 'Everything is up', content: { 'application/json': { schema: Health } } },
    503: { description: 'PostgreSQL or Temporal is down; the error names it' },
  },
});

async function probe(work: () => Promise<unknown>, timeoutMs: number) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { up: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { up: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

const NAMES = { postgres: 'PostgreSQL', temporal: 'Temporal' } as const;

type ProbeResult = Awaited<ReturnType<typeof probe>>;

/**
 * Concurrent health requests share one probe, and an "up" answer is reused for `ttlMs`: health
 * traffic must not turn into Temporal traffic (its frontend rate-limits and then answers slowly).
 * A "down" answer is never reused, so recovery shows at once.
 */
function sharedProbe(run: () => Promise<ProbeResult>, ttlMs: number) {
  let inFlight: Promise<ProbeResult> | undefined;
  let last: { at: number; result: ProbeResult } | undefined;
  return () => {
    if (last && last.result.up && Date.now() - last.at < ttlMs) return Promise.resolve(last.result);
    inFlight ??= run().then((result) => {
      last = { at: Date.now(), result };
      inFlight = undefined;
      return result;
    });
    return inFlight;
  };
}

export function healthRoutes(deps: AppDeps) {
  const ttl = deps.healthCacheMs ?? 1000;
  const postgresProbe = sharedProbe(() => probe(() => sql`select 1`.execute(deps.db), 2000), ttl);
  const temporalProbe = sharedProbe(() => probe(() => deps.temporal.ping(), 2000), ttl);
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, async (c) => {
    const [postgres, temporal] = await Promise.all([postgresProbe(), temporalProbe()]);
    const checks = { postgres, temporal };
    const down = (Object.keys(checks) as (keyof typeof checks)[]).filter((k) => !checks[k].up);
    if (down.length) {
      const names = down.map((k) => NAMES[k]).join(', ');
      const error = new ApiError(
        503,
        'dependency_down',
        { 'zh-CN': `不可用：${names}`, en: `Unavailable: ${names}` },
        Object.fromEntries(down.map((k) => [k, `${NAMES[k]}: ${checks[k].error ?? 'down'}`])),
      );
      throw error;
    }
    return c.json({ status: 'ok' as const, checks }, 200);
  });
}
