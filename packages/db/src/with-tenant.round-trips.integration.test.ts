import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { appDb, countRoundTrips, captureProcessWarnings, pgCode, singleConnectionProbe } from '@lianxu/testing';
import { executePrepared, inOneRoundTrip, withTenant } from './with-tenant';

// withTenant on the real database: inOneRoundTrip, and how withTenant drives node-postgres
// (round trips on the pipelined pool, no deprecation warning).
// `one` is a pool of a single connection, so every test sees what the previous withTenant left on it
// (settings, transaction state, prepared statements); `db` is a second pool for fixtures and for a
// concurrent session (see singleConnectionProbe in @lianxu/testing).
// Every process warning of this test file, from before its first query.
const warnings = captureProcessWarnings();
const probe = singleConnectionProbe();
const { one, expectClean, cityCodes } = probe;
let A: string;
let B: string;
beforeAll(() => {
  ({ A, B } = probe.tenants);
});

describe('inOneRoundTrip', () => {
  it('runs reads and writes in order in one round trip that also opens the transaction, and answers each one\'s rows', async () => {
    const code = `9${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`;
    const counted = appDb(1);
    // The pool's first connection is opened before counting starts.
    await withTenant(counted, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').execute());
    const trips = countRoundTrips();
    try {
      const [before, inserted, after] = await withTenant(counted, A, (trx) => inOneRoundTrip(trx, [
        trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', code),
        trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: code, city_name: "O'Brien 城\\" }).returning(['city_code', 'city_name']),
        trx.selectFrom('tenant_cities').select('city_name').where('city_code', '=', code),
      ] as const));
      expect(before).toEqual([]);
      expect(inserted).toEqual([{ city_code: code, city_name: "O'Brien 城\\" }]);
      expect(after).toEqual([{ city_name: "O'Brien 城\\" }]);
      // One round trip for BEGIN, the settings and the three statements; one for COMMIT.
      expect(trips.count).toBe(2);
    } finally {
      trips.restore();
      await counted.destroy();
    }
    expect(await cityCodes(A)).toContain(code);
  });

  it('a failing statement fails the work and undoes the statements before it', async () => {
    const code = `8${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`;
    expect(await pgCode(withTenant(one, A, (trx) => inOneRoundTrip(trx, [
      trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: code, city_name: 'x' }),
      trx.insertInto('tenant_cities').values({ tenant_id: B, city_code: code, city_name: 'y' }),
    ] as const)))).toBe('42501');
    expect(await cityCodes(A)).not.toContain(code);
    await expectClean();
  });

  it('takes raw SQL into the same round trip and the same transaction', async () => {
    const [[first], [second]] = await withTenant(one, A, (trx) => inOneRoundTrip(trx, [
      trx.selectNoFrom(sql<string>`txid_current()::text`.as('tx')),
      trx.selectNoFrom((eb) => eb.fn<string>('txid_current', []).as('tx')),
    ] as const));
    expect(String(first!.tx)).toBe(String(second!.tx));
    await expectClean();
  });

  it('carries a Buffer as bytea', async () => {
    const bytes = Buffer.from([0, 1, 2, 0x27, 0x5c, 255]);
    const [[row]] = await withTenant(one, A, (trx) => inOneRoundTrip(trx, [trx.selectNoFrom((eb) => eb.cast<Buffer>(eb.val(bytes), 'bytea').as('b'))] as const));
    expect(Buffer.compare(row!.b, bytes)).toBe(0);
  });
});

describe('node-postgres', () => {
  it('a tenant read is one round trip and a write two, on the pipelined pool', async () => {
    const counted = appDb(1);
    await withTenant(counted, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').execute());
    const trips = countRoundTrips();
    try {
      const read = await withTenant(counted, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute());
      expect(read).toEqual([{ city_code: '310100' }]);
      expect(trips.count).toBe(1);
      const code = `7${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`;
      await withTenant(counted, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: code, city_name: '测' }).execute());
      expect(trips.count).toBe(3);
    } finally {
      trips.restore();
      await counted.destroy();
    }
  });

  it('emits no deprecation warning for tenant reads, read-write work and prepared queries', async () => {
    const consoleWarn = vi.spyOn(console, 'warn');
    const consoleError = vi.spyOn(console, 'error');
    try {
      const code = `6${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`;
      expect(await cityCodes(A)).toContain('310100');
      // Reads and writes started together in one work: several queries on one client at once.
      await withTenant(one, A, async (trx) => {
        const [read] = await Promise.all([
          trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', A).execute(),
          trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: code, city_name: '警' }).execute(),
          trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', code).execute(),
        ]);
        expect(read.length).toBeGreaterThan(0);
        await inOneRoundTrip(trx, [trx.updateTable('tenant_cities').set({ city_name: '警告' }).where('city_code', '=', code), trx.selectFrom('tenant_cities').select('city_name')] as const);
      });
      expect((await executePrepared(one, one.selectFrom('tenants').select('id').where('id', '=', A).compile())).rows).toEqual([{ id: A }]);
      // Process warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      const said = [...consoleWarn.mock.calls, ...consoleError.mock.calls].map((args) => args.map(String).join(' '));
      expect([...warnings, ...said].filter((w) => /deprecat|already executing/i.test(w))).toEqual([]);
    } finally {
      consoleWarn.mockRestore();
      consoleError.mockRestore();
    }

    // The capture works: a client without pipelining given a query while two wait draws pg's warning.
    const client = new pg.Client({ connectionString: inject('appUrl') });
    await client.connect();
    try {
      await Promise.all([client.query('select 1'), client.query('select 2'), client.query('select 3')]);
    } finally {
      await client.end();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.some((w) => w.includes('Calling client.query() when the client is already executing a query'))).toBe(true);
  });
});
