import { Hono } from 'hono';
import type { BureauEnv } from './bureau.env';
import { parseOrThrow } from './bureau.errors';
import { billQuery } from './bureau.schemas';
import type { BureauState } from './bureau.state';

/** GET /bills?employerCode=&month=[&paymentDay=]: the monthly bill (缴费核定单) of one employer in this city. */
export function billRoutes(state: BureauState) {
  return new Hono<BureauEnv>().get('/bills', (c) => {
    const { employerCode, month, paymentDay } = parseOrThrow(billQuery, c.req.query());
    return c.json(state.bill(c.get('city'), employerCode, month, paymentDay ?? null));
  });
}
