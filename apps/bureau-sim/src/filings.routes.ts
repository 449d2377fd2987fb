import { Hono } from 'hono';
import type { BureauEnv } from './bureau.env';
import { BureauError } from './bureau.errors';
import type { BureauState } from './bureau.state';

/** GET /filings/:filingId: the status a filer polls until confirmed or rejected. */
export function filingRoutes(state: BureauState) {
  return new Hono<BureauEnv>().get('/filings/:filingId', (c) => {
    const filing = state.getFiling(c.get('city'), c.req.param('filingId'));
    if (!filing) throw new BureauError(404, 'filing_not_found', '本经办机构没有该申报记录');
    const { filingId, kind, status, receivedAt, decidedAt, receiptNo, rejection } = filing;
    return c.json({ filingId, kind, status, receivedAt, decidedAt, receiptNo, rejection });
  });
}
