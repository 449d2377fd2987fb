import { Hono } from 'hono';
import { parseOrThrow, readJson } from './bureau.errors';
import { billFaultsBody, billPaidBody, faultsBody, forgetBody, nameMismatchBody } from './bureau.schemas';
import type { BureauState } from './bureau.state';

/** Fault injection and inspection; never subject to the faults it injects. */
export function adminRoutes(state: BureauState) {
  return new Hono()
    .get('/health', (c) => c.json({ ok: true }))
    .get('/faults', (c) => c.json(state.faults))
    .post('/faults', async (c) => c.json(state.setFaults(parseOrThrow(faultsBody, await readJson(c)))))
    .get('/filings', (c) => {
      const filings = state.listFilings();
      const byKind = { enrollment: 0, stop: 0, base_change: 0 };
      // A Map, then fromEntries: a client's key such as "__proto__" stays a plain key.
      const perKey = new Map<string, number>();
      for (const f of filings) {
        byKind[f.kind] += 1;
        perKey.set(f.idempotencyKey, (perKey.get(f.idempotencyKey) ?? 0) + 1);
      }
      const byIdempotencyKey = Object.fromEntries(perKey);
      return c.json({ counts: { total: filings.length, byKind, byIdempotencyKey }, filings });
    })
    // Simulates a loss (a bureau restored from an old backup): the filings, their keys and effects are gone.
    .post('/forget', async (c) => {
      const { filingIds } = parseOrThrow(forgetBody, await readJson(c));
      return c.json({ forgotten: state.forget(filingIds) });
    })
    .post('/reset', (c) => {
      state.reset();
      return c.json({ ok: true });
    })
    // Faults of one employer's bill for one month (replaces that month's list; [] clears it). Kept like filings.
    .get('/bill-faults', (c) => c.json({ billFaults: state.listBillFaults() }))
    .post('/bill-faults', async (c) => {
      const { city, employerCode, month, faults } = parseOrThrow(billFaultsBody, await readJson(c));
      return c.json(state.setBillFaults(city, employerCode, month, faults));
    })
    // The employer paid the month: every line of its bill gets a tax e-voucher number (税票号).
    .post('/bills/paid', async (c) => {
      const { city, employerCode, month, paidOn } = parseOrThrow(billPaidBody, await readJson(c));
      return c.json(state.markPaid(city, employerCode, month, paidOn));
    })
    .get('/name-mismatch', (c) => c.json({ idNumbers: state.nameMismatchIds() }))
    .post('/name-mismatch', async (c) => {
      const { idNumbers } = parseOrThrow(nameMismatchBody, await readJson(c));
      return c.json({ idNumbers: state.setNameMismatch(idNumbers) });
    });
}
