import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stagedTable, type CopyAbort } from './migration.staging';

declare module 'vitest' {
  // Set by the integration run's global setup (test/support); declared here, where that package is not imported.
  interface ProvidedContext {
    appUrl: string;
  }
}

// The staged table in slices: each slice's INSERT ... SELECT runs while the next rows wait in memory.
// Small slices here so that one file crosses many of them, with batches that straddle their ends.

const TENANT = '00000000-0000-4000-8000-000000000001';
let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('appUrl'), max: 1 });
});
afterAll(() => pool.end());

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`create temp table staged_target (tenant_id uuid not null, n integer primary key, label text not null check (label <> 'bad')) on commit drop`);
    return await work(client);
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

const rows = (from: number, count: number, label = (n: number) => `行${n}`) =>
  Array.from({ length: count }, (_, i) => `${from + i}\t${label(from + i)}\n`).join('');

describe('stagedTable', () => {
  it('moves every row once across slices, whatever the batch sizes', async () => {
    const open = new Set<CopyAbort>();
    const got = await inTransaction(async (client) => {
      const table = await stagedTable(client, 'staged_target', 'n, label', TENANT, open, 4);
      let n = 1;
      for (const size of [1, 3, 5, 2, 9, 4, 1, 1, 7, 3]) {
        await table.write(rows(n, size), size);
        n += size;
      }
      await table.finish();
      return (await client.query<{ count: string; min: number; max: number; labels: string; tenants: string[] }>(`select count(*), min(n), max(n), string_agg(label, ',' order by n) as labels, array_agg(distinct tenant_id) as tenants from staged_target`)).rows[0]!;
    });
    expect(got).toMatchObject({ count: '36', min: 1, max: 36, tenants: [TENANT] });
    expect(got.labels.split(',')).toEqual(Array.from({ length: 36 }, (_, i) => `行${i + 1}`));
    expect(open.size).toBe(0);
  });

  it('finishes an empty table and a table of fewer rows than a slice', async () => {
    const counts = await inTransaction(async (client) => {
      const empty = await stagedTable(client, 'staged_target', 'n, label', TENANT, new Set(), 4);
      await empty.finish();
      const few = await stagedTable(client, 'staged_target', 'n, label', TENANT, new Set(), 4);
      await few.write(rows(1, 2), 2);
      await few.finish();
      return (await client.query<{ count: string }>('select count(*) from staged_target')).rows[0]!.count;
    });
    expect(counts).toBe('2');
  });

  it("fails on a slice the table refuses, at the next write or at the end, never silently", async () => {
    await expect(
      inTransaction(async (client) => {
        const table = await stagedTable(client, 'staged_target', 'n, label', TENANT, new Set(), 4);
        await table.write(rows(1, 4, (n) => (n === 3 ? 'bad' : `行${n}`)), 4);
        await table.write(rows(5, 2), 2);
        await table.finish();
      }),
    ).rejects.toThrow(/staged_target_label_check/);
  });
});
