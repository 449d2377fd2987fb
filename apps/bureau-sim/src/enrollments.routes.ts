import { Hono } from 'hono';
import type { BureauEnv } from './bureau.env';
import { parseOrThrow, readJson } from './bureau.errors';
import { enrollmentBody } from './bureau.schemas';
import type { BureauState } from './bureau.state';
import { submissionResponse } from './filing.submit';

/** POST /enrollments: 增员 (start of coverage for one person). */
export function enrollmentRoutes(state: BureauState) {
  return new Hono<BureauEnv>().post('/enrollments', async (c) => {
    const { idempotencyKey, ...payload } = parseOrThrow(enrollmentBody, await readJson(c));
    return submissionResponse(c, state.submitEnrollment(c.get('city'), idempotencyKey, payload));
  });
}
