import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { BureauEnv } from './bureau.env';
import { parseOrThrow } from './bureau.errors';
import { cityCode } from './bureau.schemas';

const cityPath = z.object({ city: cityCode });

/** Validates the :city segment once, so every bureau route can trust `c.get('city')`. */
export function cityParam(): MiddlewareHandler<BureauEnv> {
  return async function cityParamMiddleware(c, next) {
    const { city } = parseOrThrow(cityPath, { city: c.req.param('city') });
    c.set('city', city);
    await next();
  };
}
