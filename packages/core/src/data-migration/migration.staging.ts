import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

// Rows into a sandbox table under row-level security. COPY refuses a table under row-level
// security, so rows are copied into a temporary table (this session's alone, dropped at commit) and
// moved into the sandbox with INSERT ... SELECT, to which the tenant policy's WITH CHECK applies.
//
// A big file goes in slices of `sliceRows`: when a slice is copied, its INSERT ... SELECT is sent and
// the loader goes on checking the next rows while the server inserts (the text waits in memory, at
// most `waitingSlices` slices: about 3.5 MB each for contribution lines); the next COPY opens once
// the insert is done, with every row that waited. On two cores the checking (Node) and
// the inserting (PostgreSQL) then overlap instead of following each other.

/** Aborts an open COPY: true once the server answered, false when the connection must be dropped. */
export type CopyAbort = () => Promise<boolean>;

let staged = 0;

export interface StagedTable {
  /** Adds rows as COPY text (tab-separated, one line per row; UTF-8 when given as bytes). */
  write(text: string | Buffer, rows: number): Promise<void>;
  /** Copies and inserts what is left; every row is in the sandbox table when it resolves. */
  finish(): Promise<void>;
}

/**
 * `columns` are the target's columns but tenant_id: the rows come without it (a third of a contribution
 * line's text) and the INSERT gives every row the tenant, which the policy's WITH CHECK then checks.
 */
export async function stagedTable(client: pg.PoolClient, target: string, columns: string, tenantId: string, open: Set<CopyAbort>, sliceRows = 50_000, waitingSlices = 4): Promise<StagedTable> {
  const temp = `migration_stage_${(staged += 1)}`;
  await client.query(`create temp table ${temp} on commit drop as select ${columns} from ${target} with no data`);
  let copy: { stream: NodeJS.WritableStream & { destroy(e?: Error): void }; done: Promise<void>; abort: CopyAbort } | null = null;
  let copiedRows = 0;
  let inserting: Promise<unknown> | null = null;
  let inserted = false;
  let waiting: Buffer[] = [];
  let waitingRows = 0;

  const openCopy = () => {
    const stream = client.query(copyStreams.from(`copy ${temp} (${columns}) from stdin`));
    let settled = false;
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    }).finally(() => (settled = true));
    done.catch(() => undefined); // awaited when the slice ends; a write fails on it too
    // While COPY is open the connection accepts nothing else: a ROLLBACK sent now would wait behind
    // it for ever. Aborting sends CopyFail and waits for the server's answer (true), or gives up
    // after a few seconds (false: the caller then drops the connection, which also rolls back).
    const abort = async () => {
      if (settled) return true;
      stream.destroy(new Error('migration load aborted'));
      const timer = new Promise<boolean>((resolve) => setTimeout(resolve, 5_000, false).unref());
      return Promise.race([done.then(() => true, () => true), timer]);
    };
    open.add(abort);
    copy = { stream, done, abort };
    copiedRows = 0;
  };

  // Within a slice, text is written without waiting for the socket to drain: the slice bounds what
  // can queue (sliceRows rows), and the loader goes on checking while the server reads it.
  const send = (text: string | Buffer) => void copy!.stream.write(text);

  /** Ends the slice's COPY; its INSERT ... SELECT follows on the connection when the server has the rows. */
  const endSlice = () => {
    const c = copy!;
    copy = null;
    c.stream.end();
    inserted = false;
    inserting = c.done
      .then(() => {
        open.delete(c.abort);
        return client.query(`insert into ${target} (tenant_id, ${columns}) select $1::uuid, ${columns} from ${temp}`, [tenantId]);
      })
      .then(() => client.query(`truncate ${temp}`))
      .then(() => (inserted = true));
    inserting.catch(() => undefined); // awaited before the next COPY or at the end
  };

  /** Waits for the slice being inserted, then opens the next COPY with the rows that waited. */
  const resume = async () => {
    if (inserting) {
      const p = inserting;
      inserting = null;
      await p;
    }
    openCopy();
    for (const t of waiting) send(t);
    copiedRows = waitingRows;
    waiting = [];
    waitingRows = 0;
  };

  return {
    async write(text, rows) {
      if (!copy && (inserted || waitingRows + rows > sliceRows * waitingSlices || !inserting)) await resume();
      if (!copy) {
        // As bytes: the text of a batch is a rope of every row's pieces until it is written out.
        waiting.push(typeof text === 'string' ? Buffer.from(text) : text);
        waitingRows += rows;
        return;
      }
      send(text);
      copiedRows += rows;
      if (copiedRows >= sliceRows) endSlice();
    },
    async finish() {
      if (!copy && (waitingRows > 0 || !inserting)) await resume();
      if (copy) endSlice();
      const p = inserting;
      inserting = null;
      await p;
    },
  };
}
