import pg from 'pg';
import type { BaseChangePayload, EnrollmentPayload, StopPayload } from './bureau.schemas';
import { BureauStoreError, type BureauSnapshot, type BureauStore, type StoreChange } from './bureau.store';
import type { BillFaultSet, Decision, FilingRecord, Rejection } from './bureau.types';

// The bureau's records in a schema of its own (default bureau_sim), as a real 经办 platform keeps
// its own database: Lianxu's roles are never granted anything in it, and it reads nothing of theirs.

export const DEFAULT_BUREAU_SCHEMA = 'bureau_sim';

export interface PostgresStoreOptions {
  connectionString: string;
  schema?: string;
  /** Called once when a change could not be written; the server exits so it restarts from what is durable. */
  onError?: (error: BureauStoreError) => void;
}

const MIGRATIONS: ((s: string) => string)[] = [
  (s) => `
    create table ${s}.filings (
      filing_id text primary key,
      city text not null,
      idempotency_key text not null,
      kind text not null check (kind in ('enrollment', 'stop')),
      payload jsonb not null,
      fingerprint text not null,
      seq bigint not null,
      received_at timestamptz not null,
      picked_up_at timestamptz not null,
      due_at timestamptz not null,
      decision_seq bigint,
      status text check (status in ('confirmed', 'rejected')),
      receipt_no text,
      rejection jsonb,
      decided_at timestamptz,
      unique (city, idempotency_key)
    );
    create table ${s}.name_mismatch (id_number text primary key);`,
  (s) => `
    create table ${s}.bill_faults (
      city text not null, employer_code text not null, month text not null, faults jsonb not null,
      primary key (city, employer_code, month)
    );
    create table ${s}.bill_payments (
      city text not null, employer_code text not null, month text not null, paid_on date not null,
      primary key (city, employer_code, month)
    );`,
  // 缴费基数申报 (base changes) are filings too.
  (s) => `
    alter table ${s}.filings drop constraint filings_kind_check;
    alter table ${s}.filings add constraint filings_kind_check check (kind in ('enrollment', 'stop', 'base_change'));`,
];

function schemaIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new BureauStoreError(`bureau-sim: schema name must be a lower-case identifier, got ${JSON.stringify(name)}`);
  return `"${name}"`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Creates the schema and applies its migrations, under a lock so two starting processes do not race. */
async function migrate(client: pg.PoolClient, schemaName: string, s: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`bureau-sim:${schemaName}`]);
    await client.query(`create schema if not exists ${s}`);
    await client.query(`create table if not exists ${s}.migrations (version int primary key, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ v: number | null }>(`select max(version) as v from ${s}.migrations`);
    for (let version = (rows[0]?.v ?? 0) + 1; version <= MIGRATIONS.length; version += 1) {
      await client.query(MIGRATIONS[version - 1]!(s));
      await client.query(`insert into ${s}.migrations (version) values ($1)`, [version]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

interface FilingRow {
  filing_id: string;
  city: string;
  idempotency_key: string;
  kind: 'enrollment' | 'stop' | 'base_change';
  payload: EnrollmentPayload | StopPayload | BaseChangePayload;
  fingerprint: string;
  seq: string | number;
  received_ms: number;
  picked_up_ms: number;
  due_ms: number;
  decision_seq: string | number | null;
  status: 'confirmed' | 'rejected' | null;
  receipt_no: string | null;
  rejection: Rejection | null;
  decided_ms: number | null;
}

function recordOf(row: FilingRow): FilingRecord {
  let decision: Decision | undefined;
  if (row.status === 'confirmed') decision = { status: 'confirmed', receiptNo: row.receipt_no!, at: row.decided_ms!, seq: Number(row.decision_seq) };
  if (row.status === 'rejected') decision = { status: 'rejected', rejection: row.rejection!, at: row.decided_ms!, seq: Number(row.decision_seq) };
  return {
    filingId: row.filing_id,
    city: row.city,
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    payload: row.payload,
    fingerprint: row.fingerprint,
    seq: Number(row.seq),
    receivedAt: row.received_ms,
    pickedUpAt: row.picked_up_ms,
    dueAt: row.due_ms,
    ...(decision ? { decision } : {}),
  } as FilingRecord;
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** Writes a batch of changes in one transaction, consecutive changes of one type in one statement. */
async function write(client: pg.PoolClient, s: string, batch: StoreChange[]): Promise<void> {
  await client.query('begin');
  try {
    for (let i = 0; i < batch.length; ) {
      const type = batch[i]!.type;
      let j = i;
      while (j < batch.length && batch[j]!.type === type) j += 1;
      const run = batch.slice(i, j);
      i = j;
      if (type === 'filing') {
        const rows = run.map((c) => {
          const f = (c as Extract<StoreChange, { type: 'filing' }>).filing;
          return {
            filing_id: f.filingId, city: f.city, idempotency_key: f.idempotencyKey, kind: f.kind, payload: f.payload, fingerprint: f.fingerprint,
            seq: f.seq, received_at: iso(f.receivedAt), picked_up_at: iso(f.pickedUpAt), due_at: iso(f.dueAt),
          };
        });
        await client.query(
          `insert into ${s}.filings (filing_id, city, idempotency_key, kind, payload, fingerprint, seq, received_at, picked_up_at, due_at)
           select * from jsonb_to_recordset($1::jsonb) as x(filing_id text, city text, idempotency_key text, kind text, payload jsonb,
             fingerprint text, seq bigint, received_at timestamptz, picked_up_at timestamptz, due_at timestamptz)`,
          [JSON.stringify(rows)],
        );
      } else if (type === 'decision') {
        const rows = run.map((c) => {
          const { filingId, decision: d } = c as Extract<StoreChange, { type: 'decision' }>;
          return {
            filing_id: filingId, decision_seq: d.seq, status: d.status, decided_at: iso(d.at),
            receipt_no: d.status === 'confirmed' ? d.receiptNo : null, rejection: d.status === 'rejected' ? d.rejection : null,
          };
        });
        await client.query(
          `update ${s}.filings f set decision_seq = x.decision_seq, status = x.status, decided_at = x.decided_at, receipt_no = x.receipt_no, rejection = x.rejection
           from jsonb_to_recordset($1::jsonb) as x(filing_id text, decision_seq bigint, status text, decided_at timestamptz, receipt_no text, rejection jsonb)
           where f.filing_id = x.filing_id`,
          [JSON.stringify(rows)],
        );
      } else {
        for (const change of run) {
          if (change.type === 'nameMismatch') {
            await client.query(`delete from ${s}.name_mismatch`);
            await client.query(`insert into ${s}.name_mismatch (id_number) select unnest($1::text[])`, [change.idNumbers]);
          } else if (change.type === 'forget') {
            await client.query(`delete from ${s}.filings where filing_id = any($1::text[])`, [change.filingIds]);
          } else if (change.type === 'billFaults') {
            const { city, employerCode, month, faults } = change.set;
            if (faults.length === 0) await client.query(`delete from ${s}.bill_faults where city = $1 and employer_code = $2 and month = $3`, [city, employerCode, month]);
            else {
              await client.query(
                `insert into ${s}.bill_faults (city, employer_code, month, faults) values ($1, $2, $3, $4)
                 on conflict (city, employer_code, month) do update set faults = excluded.faults`,
                [city, employerCode, month, JSON.stringify(faults)],
              );
            }
          } else if (change.type === 'billPaid') {
            const { city, employerCode, month, paidOn } = change.payment;
            await client.query(`insert into ${s}.bill_payments (city, employer_code, month, paid_on) values ($1, $2, $3, $4) on conflict do nothing`, [city, employerCode, month, paidOn]);
          } else if (change.type === 'reset') {
            await client.query(`truncate ${s}.filings, ${s}.name_mismatch, ${s}.bill_faults, ${s}.bill_payments`);
          }
        }
      }
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Runs `work` on one pooled connection and always gives it back. */
async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

/**
 * A store in PostgreSQL. Changes are written in the order they were made, in batches (group
 * commit): a burst of filings costs one transaction, not one each. The first failed write breaks
 * the store for good, so a change is never silently skipped.
 *
 * @example
 * const store = await openPostgresStore({ connectionString: process.env.BUREAU_DATABASE_URL! });
 * const state = await BureauState.open({ store });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<BureauStore> {
  const schemaName = options.schema ?? DEFAULT_BUREAU_SCHEMA;
  const s = schemaIdent(schemaName);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 1, application_name: 'bureau-sim' });
  pool.on('error', () => undefined);
  try {
    await withClient(pool, (client) => migrate(client, schemaName, s));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new BureauStoreError(`bureau-sim: cannot open its PostgreSQL store (schema ${schemaName}): ${(error as Error).message}`, { cause: error });
  }

  let queued: StoreChange[] = [];
  let scheduled = false;
  let failure: BureauStoreError | undefined;
  // Never rejects: a failure is kept in `failure` and reported by flushed().
  let tail: Promise<void> = Promise.resolve();

  const flushBatch = async () => {
    scheduled = false;
    const batch = queued;
    queued = [];
    if (failure || batch.length === 0) return;
    try {
      await withClient(pool, (client) => write(client, s, batch));
    } catch (error) {
      failure = new BureauStoreError(`bureau-sim: could not write to its PostgreSQL store: ${(error as Error).message}`, { cause: error });
      options.onError?.(failure);
    }
  };

  return {
    kind: 'postgres',
    async load(): Promise<BureauSnapshot> {
      const filings = await pool.query<FilingRow>(
        `select filing_id, city, idempotency_key, kind, payload, fingerprint, seq, ${ms('received_at')} as received_ms, ${ms('picked_up_at')} as picked_up_ms,
           ${ms('due_at')} as due_ms, decision_seq, status, receipt_no, rejection, ${ms('decided_at')} as decided_ms
         from ${s}.filings order by seq`,
      );
      const names = await pool.query<{ id_number: string }>(`select id_number from ${s}.name_mismatch order by id_number`);
      const faults = await pool.query<{ city: string; employer_code: string; month: string; faults: BillFaultSet['faults'] }>(`select city, employer_code, month, faults from ${s}.bill_faults`);
      const paid = await pool.query<{ city: string; employer_code: string; month: string; paid_on: string }>(
        `select city, employer_code, month, to_char(paid_on, 'YYYY-MM-DD') as paid_on from ${s}.bill_payments`,
      );
      return {
        filings: filings.rows.map(recordOf),
        nameMismatch: names.rows.map((r) => r.id_number),
        billFaults: faults.rows.map((r) => ({ city: r.city, employerCode: r.employer_code, month: r.month, faults: r.faults })),
        payments: paid.rows.map((r) => ({ city: r.city, employerCode: r.employer_code, month: r.month, paidOn: r.paid_on })),
      };
    },
    append(change) {
      queued.push(change);
      if (scheduled) return;
      scheduled = true;
      tail = tail.then(flushBatch);
    },
    async flushed() {
      await tail;
      if (failure) throw failure;
    },
    async close() {
      await tail;
      await pool.end();
    },
  };
}
