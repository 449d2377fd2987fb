import { Hono } from 'hono';
import type { BureauEnv } from './bureau.env';
import { parseOrThrow, readJson } from './bureau.errors';
import { baseChangeBody } from './bureau.schemas';
import type { BureauState } from './bureau.state';
import { submissionResponse } from './filing.submit';

/** POST /base-changes: 缴费基数申报 (the person's base from fromMonth on). */
export function baseChangeRoutes(state: BureauState) {
  return new Hono<BureauEnv>().post('/base-changes', async (c) => {
    const { idempotencyKey, ...payload } = parseOrThrow(baseChangeBody, await readJson(c));
    return submissionResponse(c, state.submitBaseChange(c.get('city'), idempotencyKey, payload));
  });
}
