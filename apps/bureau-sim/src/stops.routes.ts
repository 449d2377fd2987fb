import { Hono } from 'hono';
import type { BureauEnv } from './bureau.env';
import { parseOrThrow, readJson } from './bureau.errors';
import { stopBody } from './bureau.schemas';
import type { BureauState } from './bureau.state';
import { submissionResponse } from './filing.submit';

/** POST /stops: 减员/停缴 (coverage ends with lastMonth). */
export function stopRoutes(state: BureauState) {
  return new Hono<BureauEnv>().post('/stops', async (c) => {
    const { idempotencyKey, ...payload } = parseOrThrow(stopBody, await readJson(c));
    return submissionResponse(c, state.submitStop(c.get('city'), idempotencyKey, payload));
  });
}
