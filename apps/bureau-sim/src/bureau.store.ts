import type { BillFaultSet, BillPayment, Decision, FilingRecord } from './bureau.types';

/**
 * What the bureau must not forget, as the changes BureauState makes: every filing as received,
 * every decision as taken, the name-mismatch list, the bill faults and payments per employer and
 * month, a reset and a loss (admin forget). Request faults (latency, errors, outage) are
 * configuration and stay in memory.
 */
export type StoreChange =
  | { type: 'filing'; filing: FilingRecord }
  | { type: 'decision'; filingId: string; decision: Decision }
  | { type: 'nameMismatch'; idNumbers: string[] }
  | { type: 'billFaults'; set: BillFaultSet }
  | { type: 'billPaid'; payment: BillPayment }
  | { type: 'forget'; filingIds: string[] }
  | { type: 'reset' };

/** Everything a store holds, read once when the bureau starts. */
export interface BureauSnapshot {
  filings: FilingRecord[];
  nameMismatch: string[];
  billFaults?: BillFaultSet[];
  payments?: BillPayment[];
}

/**
 * Where the bureau keeps its records. `append` queues a change in the order it was made;
 * `flushed` resolves once every change appended so far is durable (and rejects once the store has
 * failed), so nothing is answered before what it shows would survive a crash.
 */
export interface BureauStore {
  readonly kind: 'memory' | 'postgres';
  load(): Promise<BureauSnapshot>;
  append(change: StoreChange): void;
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/** Keeps nothing: a restart forgets every filing. For unit tests and benchmarks, chosen explicitly. */
export function memoryStore(): BureauStore {
  return {
    kind: 'memory',
    load: async () => ({ filings: [], nameMismatch: [], billFaults: [], payments: [] }),
    append: () => undefined,
    flushed: async () => undefined,
    close: async () => undefined,
  };
}

/** A change the store could not make durable; the bureau answers 500 from then on. */
export class BureauStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BureauStoreError';
  }
}
