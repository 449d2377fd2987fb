import { beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { pgCode, singleConnectionProbe } from '@lianxu/testing';
import type { Database } from './schema';
import { withTenant } from './with-tenant';

// withTenant on the real database: a plain read takes the prepared path; a read that writes
// (a side-effecting function, a view calling nextval, for update) runs in a real transaction.
// `one` is a pool of a single connection, so every test sees what the previous withTenant left on it
// (settings, transaction state, prepared statements); `db` is a second pool for fixtures and for a
// concurrent session (see singleConnectionProbe in @lianxu/testing).
const probe = singleConnectionProbe();
const { one, db, expectClean, preparedStatements } = probe;
let A: string;
let B: string;
beforeAll(() => {
  ({ A, B } = probe.tenants);
});

describe('a plain read', () => {
  it('sees only its tenant, runs as a prepared statement, and leaves the pooled connection without tenant', async () => {
    const rows = await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select(['tenant_id', 'city_code', 'city_name']).execute());
    expect(rows).toContainEqual({ tenant_id: A, city_code: '310100', city_name: '上海' });
    expect(rows.every((r) => r.tenant_id === A)).toBe(true);
    // It went the prepared path: the read and the settings are named statements on this connection.
    const statements = await preparedStatements();
    expect(statements.some((s) => /^lianxu_\d+: select "tenant_id", "city_code", "city_name" from "tenant_cities"$/.test(s))).toBe(true);
    expect(statements.some((s) => /^lianxu_\d+: select set_config\('transaction_read_only', 'on', true\), set_config\('app.tenant_id', \$1, true\)/.test(s))).toBe(true);
    await expectClean();

    // The same prepared statement, now for B, on the same connection: B's rows only.
    const ofB = await withTenant(one, B, (trx) => trx.selectFrom('tenant_cities').select(['tenant_id', 'city_code', 'city_name']).execute());
    expect(ofB).toEqual([{ tenant_id: B, city_code: '440300', city_name: '深圳' }]);
    // Asking for B's rows under A finds nothing: the policy filters, whatever the where clause says.
    expect(await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', B).execute())).toEqual([]);
    await expectClean();
  });

  it('that fails (at prepare or at execute) leaves the connection clean and usable', async () => {
    // Unknown column: the PREPARE fails.
    expect(await pgCode(withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('no_such_column' as 'city_code').execute()))).toBe('42703');
    await expectClean();
    // A value the prepared statement's parameter type refuses: the EXECUTE fails after the settings ran.
    expect(await pgCode(withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.cast<number>(eb.val('abc'), 'integer').as('n')).execute()))).toBe('22P02');
    await expectClean();
    expect(await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute())).toEqual([{ city_code: '310100' }]);
  });
});

describe('a write disguised as a read', () => {
  it('a select of a function with side effects runs in a real transaction', async () => {
    const txid = (trx: Kysely<Database>) => trx.selectNoFrom((eb) => eb.fn<string>('txid_current').as('x')).executeTakeFirstOrThrow();
    const result = await withTenant(one, A, async (trx) => {
      // Raw SQL (sent with parameters after begin; settings).
      const raw = await sql<{ v: string }>`select set_config('lianxu.probe', ${"raw'value"}, true) as v`.execute(trx);
      const first = await txid(trx);
      // A function call outside the allow-list (sent with BEGIN and the settings in one round trip).
      const fn = await trx.selectNoFrom((eb) => eb.fn<string>('set_config', [eb.val('lianxu.probe2'), eb.val('fn\\value'), eb.val(true)]).as('v')).executeTakeFirstOrThrow();
      const seq = await trx.selectNoFrom((eb) => eb.fn<string>('nextval', [eb.val('audit_log_id_seq')]).as('n')).executeTakeFirstOrThrow();
      const rawSeq = await sql<{ n: string }>`select nextval('audit_log_id_seq') as n`.execute(trx);
      const settings = await sql<{ a: string; b: string; tenant: string }>`
        select current_setting('lianxu.probe') as a, current_setting('lianxu.probe2') as b, current_setting('app.tenant_id') as tenant`.execute(trx);
      const second = await txid(trx);
      return { raw: raw.rows[0]!.v, fn: fn.v, seq: BigInt(seq.n), rawSeq: BigInt(rawSeq.rows[0]!.n), settings: settings.rows[0], first: first.x, second: second.x };
    });
    expect(result.raw).toBe("raw'value");
    expect(result.fn).toBe('fn\\value');
    expect(result.rawSeq > result.seq).toBe(true);
    // Local settings stay for the rest of the work: the queries share one transaction...
    expect(result.settings).toEqual({ a: "raw'value", b: 'fn\\value', tenant: A });
    expect(result.second).toBe(result.first);
    // ...which ended: its settings are gone and a new statement has a new transaction id.
    const after = await sql<{ a: string | null; x: string }>`select current_setting('lianxu.probe', true) as a, txid_current()::text as x`.execute(one);
    expect(after.rows[0]!.a ?? '').toBe('');
    expect(after.rows[0]!.x).not.toBe(result.first);
    await expectClean();

    // The same, as the first query of a work that only has this one query.
    const only = await withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.fn<string>('nextval', [eb.val('audit_log_id_seq')]).as('n')).executeTakeFirstOrThrow());
    expect(BigInt(only.n) > result.rawSeq).toBe(true);
    await expectClean();
  });

  it('a plain-looking read the server finds writing (a view calling nextval) is retried in a real transaction', async () => {
    await sql`create temporary view wt_probe_seq as select nextval('audit_log_id_seq') as n`.execute(one);
    try {
      const rows = await withTenant(one, A, (trx) => trx.withTables<{ wt_probe_seq: { n: string } }>().selectFrom('wt_probe_seq').selectAll().execute());
      expect(rows).toHaveLength(1);
      expect(rows[0]!.n).toMatch(/^\d+$/);
      // It was tried as a plain read first (prepared), refused as a write in a read-only transaction.
      expect((await preparedStatements()).some((s) => s.includes('"wt_probe_seq"'))).toBe(true);
      await expectClean();
    } finally {
      await sql`drop view if exists wt_probe_seq`.execute(one);
    }
  });

  it('select ... for update runs in a real transaction and holds its row lock until the end of the work', async () => {
    const select = (trx: Kysely<Database>) => trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100');
    const locked = await withTenant(one, A, async (trx) => {
      const rows = await select(trx).forUpdate().execute();
      // Another session cannot take the same lock while this work runs.
      const other = await pgCode(withTenant(db, A, (t) => select(t).forUpdate().noWait().execute()));
      return { rows, other };
    });
    expect(locked).toEqual({ rows: [{ city_code: '310100' }], other: '55P03' });
    // Once the work ended, the lock is free.
    expect(await withTenant(db, A, (t) => select(t).forUpdate().noWait().execute())).toEqual([{ city_code: '310100' }]);
    await expectClean();
  });
});
