import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { appDb, provisionForTest, uniqueSlug } from '@lianxu/testing';
import type { Database } from './schema';
import { executePrepared, inOneRoundTrip, withTenant } from './with-tenant';

// withTenant on the real database. `one` is a pool of a single connection, so every test sees what
// the previous withTenant left on it (settings, transaction state, prepared statements); `db` is a
// second pool for fixtures and for a concurrent session.
const db = appDb(3);
const one = appDb(1);
let A: string;
let B: string;
let pid: number;

// Every process warning of this test file, from before its first query (Node prints a deprecation
// once per process, so a listener added later could miss one an earlier test caused).
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

beforeAll(async () => {
  A = await provisionForTest(db, { slug: uniqueSlug('wt-a'), name: 'A', industry: 'retail', workCities: [{ code: '310100', name: '上海' }] });
  B = await provisionForTest(db, { slug: uniqueSlug('wt-b'), name: 'B', industry: 'retail', workCities: [{ code: '440300', name: '深圳' }] });
  pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(one)).rows[0]!.pid;
});
afterAll(async () => {
  await one.destroy();
  await db.destroy();
});

async function pgCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  throw new Error('expected the work to fail');
}

/**
 * What the single pooled connection carries outside withTenant: no tenant, no actor, not read-only,
 * no open transaction (an open one would have started before this statement), no tenant row.
 */
async function expectClean(): Promise<void> {
  const { rows } = await sql<{ pid: number; tenant: string | null; actor: string | null; read_only: string; fresh: boolean }>`
    select pg_backend_pid() as pid, current_setting('app.tenant_id', true) as tenant, current_setting('app.user_id', true) as actor,
      current_setting('transaction_read_only') as read_only, now() = statement_timestamp() as fresh`.execute(one);
  const state = rows[0]!;
  expect({ ...state, tenant: state.tenant ?? '', actor: state.actor ?? '' }).toEqual({ pid, tenant: '', actor: '', read_only: 'off', fresh: true });
  expect(await one.selectFrom('tenant_cities').select('city_code').execute()).toEqual([]);
}

/** The statements prepared on the single pooled connection, as `name: text`. */
async function preparedStatements(): Promise<string[]> {
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(one);
  return rows.map((r) => `${r.name}: ${r.statement}`);
}

/**
 * Counts database round trips of every pg client: a query given to a client with nothing in flight
 * starts one; queries given while others are in flight ride along with them (pipelined).
 */
function countRoundTrips(): { readonly count: number; restore(): void } {
  const proto = pg.Client.prototype;
  const original = proto.query;
  const inFlight = new WeakMap<object, number>();
  let count = 0;
  proto.query = function (this: object, ...args: unknown[]) {
    const pending = inFlight.get(this) ?? 0;
    if (pending === 0) count += 1;
    inFlight.set(this, pending + 1);
    const settled = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    const result = (original as (...a: unknown[]) => unknown).apply(this, args) as Promise<unknown>;
    result.then(settled, settled);
    return result;
  } as typeof proto.query;
  return {
    get count() {
      return count;
    },
    restore: () => {
      proto.query = original;
    },
  };
}

const cityCodes = (tenant: string) =>
  withTenant(db, tenant, async (trx) => (await trx.selectFrom('tenant_cities').select('city_code').orderBy('city_code').execute()).map((r) => r.city_code));

describe('a plain read', () => {
  it('sees only its tenant, runs as a prepared statement, and leaves the pooled connection without tenant', async () => {
    const rows = await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select(['tenant_id', 'city_code', 'city_name']).execute());
    expect(rows).toContainEqual({ tenant_id: A, city_code: '310100', city_name: '上海' });
    expect(rows.every((r) => r.tenant_id === A)).toBe(true);
    // It went the prepared path: the read and the settings are named statements on this connection.
    const statements = await preparedStatements();
    expect(statements.some((s) => /^lianxu_\d+: select "tenant_id", "city_code", "city_name" from "tenant_cities"$/.test(s))).toBe(true);
    expect(statements.some((s) => /^lianxu_\d+: select set_config\('app.tenant_id', \$1, true\)/.test(s))).toBe(true);
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

describe('writes', () => {
  it('an insert and a read in the same work see each other, and the insert is committed', async () => {
    const seen = await withTenant(one, A, async (trx) => {
      await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '110100', city_name: '北京' }).execute();
      return trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '110100').execute();
    });
    expect(seen).toEqual([{ city_code: '110100' }]);
    expect(await cityCodes(A)).toContain('110100');
    await expectClean();
  });

  it('an error after a write rolls the write back and leaves the connection usable', async () => {
    // Thrown by the work itself.
    await expect(
      withTenant(one, A, async (trx) => {
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '120100', city_name: '天津' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expectClean();
    // Raised by the database on the second statement (duplicate key).
    expect(
      await pgCode(
        withTenant(one, A, async (trx) => {
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '130100', city_name: "石家庄's" }).execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '310100', city_name: 'dup' }).execute();
        }),
      ),
    ).toBe('23505');
    await expectClean();
    // Raised in the very first message (begin; settings; insert): a check constraint.
    expect(await pgCode(withTenant(one, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: 'abc', city_name: 'x' }).execute()))).toBe('23514');
    await expectClean();

    const codes = await cityCodes(A);
    expect(codes).not.toContain('120100');
    expect(codes).not.toContain('130100');
    // No "current transaction is aborted": the next work reads and writes.
    await withTenant(one, A, async (trx) => {
      expect(await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute()).toEqual([{ city_code: '310100' }]);
      await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '120200', city_name: '滨海' }).execute();
    });
    expect(await cityCodes(A)).toContain('120200');
  });

  it('a plain read, then a write in the same work: both run, the write is committed with the actor', async () => {
    const actorId = randomUUID();
    const [before, after] = await withTenant(
      one,
      A,
      async (trx) => {
        const before = await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '140100').execute();
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '140100', city_name: '太原' }).execute();
        const after = await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '140100').execute();
        return [before, after];
      },
      { actorId },
    );
    expect(before).toEqual([]);
    expect(after).toEqual([{ city_code: '140100' }]);
    expect(await cityCodes(A)).toContain('140100');
    // The write's transaction carried the actor for the audit trigger (and the read did not leave it behind).
    const audit = await withTenant(db, A, (trx) =>
      trx.selectFrom('audit_log').select(['actor_id', 'operation']).where('table_name', '=', 'tenant_cities').where('row_key', '=', JSON.stringify({ city_code: '140100' }) as never).execute(),
    );
    expect(audit).toEqual([{ actor_id: actorId, operation: 'insert' }]);
    await expectClean();
  });

  it('a read and a write started together in one work both succeed, and the write is committed', async () => {
    // The read first (its statement not yet prepared on this connection), then the write.
    const [read, written] = await withTenant(one, A, (trx) =>
      Promise.all([
        trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', A).execute(),
        trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '150100', city_name: '呼和浩特' }).returning('city_code').execute(),
      ]),
    );
    expect(read.map((r) => r.city_code)).toContain('310100');
    expect(written).toEqual([{ city_code: '150100' }]);
    // The write first, then the (now prepared) read, then another write.
    const [written2, read2, written3] = await withTenant(one, A, (trx) =>
      Promise.all([
        trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '150200', city_name: '包头' }).returning('city_code').execute(),
        trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', A).execute(),
        trx.updateTable('tenant_cities').set({ city_name: '呼市' }).where('city_code', '=', '150100').returning('city_name').execute(),
      ]),
    );
    expect(written2).toEqual([{ city_code: '150200' }]);
    expect(read2.map((r) => r.city_code)).toContain('150100');
    expect(written3).toEqual([{ city_name: '呼市' }]);
    const rows = await withTenant(db, A, (trx) => trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('city_code', 'in', ['150100', '150200']).orderBy('city_code').execute());
    expect(rows).toEqual([{ city_code: '150100', city_name: '呼市' }, { city_code: '150200', city_name: '包头' }]);
    await expectClean();
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

describe('values', () => {
  const strings = [
    "O'Brien",
    "it''s",
    'back\\slash \\n \\\\ \\',
    "E'\\x41'",
    '中文：联续，社保 😀',
    "'); drop table tenant_cities; --",
    '$1 ? :name $$ $tag$',
    '"double"',
    '',
    ' spaced ',
    'line\nbreak\ttab',
  ];
  const date = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123));
  const json = { 'zh-CN': "名字 'q' \\ \"dq\"", nested: { list: [1, "a'b", null, true, 'c\\d'], emoji: '😀' }, "key'with": 1.5 };
  const values = (trx: Kysely<Database>, extra: boolean) =>
    trx
      .selectNoFrom((eb) => [
        ...strings.map((s, i) => eb.val(s).as(`s${i}`)),
        eb.cast<Date>(eb.val(date), 'timestamptz').as('date'),
        eb.cast<string | null>(eb.val(null), 'text').as('nothing'),
        eb.cast<unknown>(eb.val(json), 'jsonb').as('json'),
        eb.cast<string>(eb.val('9007199254740993'), 'bigint').as('big'),
        eb.cast<string>(eb.val(9007199254740993n), 'bigint').as('bigint'),
        eb.cast<string>(eb.val('-12345678901234567890.000000000123'), 'numeric').as('numeric'),
        eb.cast<boolean>(eb.val(true), 'boolean').as('yes'),
        eb.cast<number>(eb.val(1.5), 'float8').as('float'),
        // Not on the allow-list: the same values go to the transaction path (BEGIN, settings, query).
        ...(extra ? [eb.fn<string>('txid_current').as('x')] : []),
      ])
      .executeTakeFirstOrThrow();
  const expected = {
    ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])),
    date,
    nothing: null,
    json,
    big: '9007199254740993',
    bigint: '9007199254740993',
    numeric: '-12345678901234567890.000000000123',
    yes: true,
    float: 1.5,
  };

  it('round-trip exactly as bound parameters of the prepared path, of the transaction path and of executePrepared', async () => {
    const prepared = await withTenant(one, A, (trx) => values(trx, false));
    expect(prepared).toEqual(expected);
    expect((await preparedStatements()).some((s) => s.includes('"s0"'))).toBe(true);
    const { x, ...inTransaction } = await withTenant(one, A, (trx) => values(trx, true));
    expect(x).toMatch(/^\d+$/);
    expect(inTransaction).toEqual(expected);
    const query = one.selectNoFrom((eb) => [...strings.map((s, i) => eb.val(s).as(`s${i}`)), eb.cast<unknown>(eb.val(json), 'jsonb').as('json')]).compile();
    const direct = await executePrepared(one, query);
    expect(direct.rows).toEqual([{ ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])), json }]);
    await expectClean();
  });

  it('round-trip through a tenant table: written in a transaction, read back by a prepared read that filters on the same values', async () => {
    const key = `probe_${randomUUID().slice(0, 8)}`;
    const labels = { 'zh-CN': "员工'号\\码 😀", en: 'Employee\'s \\ "no"' };
    const options = { pattern: { regex: '^[A-Z]\\d+$', message: "it's wrong \\ 不对" }, choices: [{ value: "a'b", labels }] };
    await withTenant(one, A, (trx) =>
      trx
        .insertInto('custom_field_definitions')
        .values({ tenant_id: A, key, type: 'text', labels: labels as never, options: JSON.stringify(options), deleted_at: date, updated_by: null })
        .execute(),
    );
    const rows = await withTenant(one, A, (trx) =>
      trx
        .selectFrom('custom_field_definitions')
        .select(['key', 'labels', 'options', 'deleted_at', 'updated_by'])
        .where('key', '=', key)
        .where('labels', '=', labels as never)
        .where('options', '=', options as never)
        .where('deleted_at', '=', date)
        .where('updated_by', 'is', null)
        .execute(),
    );
    expect(rows).toEqual([{ key, labels, options, deleted_at: date, updated_by: null }]);

    // A text[] whose elements need array quoting.
    const tags = ["a'b", 'c"d', 'e\\f', '{g,h}', '中文', 'NULL', '', ' x ', "'; --"];
    await withTenant(one, A, (trx) =>
      trx.insertInto('audit_log').values({ tenant_id: A, table_name: 'with_tenant_probe', operation: key, row_key: JSON.stringify({ key }), changed_columns: tags }).execute(),
    );
    const tagged = await withTenant(one, A, (trx) =>
      trx.selectFrom('audit_log').select('changed_columns').where('operation', '=', key).where('changed_columns', '=', (eb) => eb.val(tags)).execute(),
    );
    expect(tagged).toEqual([{ changed_columns: tags }]);

    // Strings in an IN list (prepared path) and an array parameter in = any(...) (transaction path).
    const names = await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_name').where('city_name', 'in', ['上海', "O'Brien", 'a\\b']).execute());
    expect(names).toEqual([{ city_name: '上海' }]);
    const any = (tenant: string) =>
      withTenant(one, tenant, (trx) =>
        trx.selectFrom('tenant_cities').select('tenant_id').distinct().where('tenant_id', '=', (eb) => eb.fn.any(eb.val([A, B]))).execute(),
      );
    expect(await any(A)).toEqual([{ tenant_id: A }]);
    expect(await any(B)).toEqual([{ tenant_id: B }]);
    await expectClean();
  });

  it('a binary value goes as a parameter, and a NUL is refused by the server', async () => {
    const bytes = Buffer.from([0, 1, 2, 39, 92, 255]);
    const row = await withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.cast<Buffer>(eb.val(bytes), 'bytea').as('b')).executeTakeFirstOrThrow());
    expect(Buffer.compare(row.b, bytes)).toBe(0);
    // PostgreSQL text cannot hold NUL: refused by the server, with its own error code.
    expect(await pgCode(withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.val('a\0b').as('s')).execute()))).toBe('22021');
    await expectClean();
  });
});

describe('prepared statements', () => {
  it('survive DISCARD ALL on the pooled connection, for withTenant and executePrepared alike', async () => {
    const read = () => withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute());
    const slug = one.selectFrom('tenants').select('id').where('id', '=', A).compile();
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);

    await sql`discard all`.execute(one);
    expect(await preparedStatements()).toEqual([]);
    // withTenant first after the discard (26000 on its read-only settings), then executePrepared.
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);
    await expectClean();

    await sql`discard all`.execute(one);
    // executePrepared first this time, then withTenant.
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await preparedStatements()).length).toBeGreaterThanOrEqual(3);
    await expectClean();
  });

  it('are prepared again when the table changes what they return (0A000)', async () => {
    await sql`create temporary table wt_probe (a integer)`.execute(one);
    try {
      await sql`insert into wt_probe values (1)`.execute(one);
      type Probe = { wt_probe: { a: number; b?: string; c?: string } };
      const read = () => withTenant(one, A, (trx) => trx.withTables<Probe>().selectFrom('wt_probe').selectAll().execute());
      expect(await read()).toEqual([{ a: 1 }]);
      await sql`alter table wt_probe add column b text default 'x'`.execute(one);
      expect(await read()).toEqual([{ a: 1, b: 'x' }]);
      const compiled = one.withTables<Probe>().selectFrom('wt_probe').selectAll().compile();
      expect((await executePrepared(one, compiled)).rows).toEqual([{ a: 1, b: 'x' }]);
      await sql`alter table wt_probe add column c text default 'y'`.execute(one);
      expect((await executePrepared(one, compiled)).rows).toEqual([{ a: 1, b: 'x', c: 'y' }]);
      expect(await read()).toEqual([{ a: 1, b: 'x', c: 'y' }]);
      await expectClean();
    } finally {
      await sql`drop table if exists wt_probe`.execute(one);
    }
  });
});

describe('isolation', () => {
  it("under withTenant(A), writing a row of B fails and leaves nothing written, not even A's earlier write", async () => {
    expect(await pgCode(withTenant(one, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: B, city_code: '210100', city_name: '沈阳' }).execute()))).toBe('42501');
    await expectClean();
    expect(
      await pgCode(
        withTenant(one, A, async (trx) => {
          await trx.selectFrom('tenant_cities').select('city_code').execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '220100', city_name: '长春' }).execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: B, city_code: '220100', city_name: '长春' }).execute();
        }),
      ),
    ).toBe('42501');
    await expectClean();
    // Moving A's row to B is refused as well.
    expect(await pgCode(withTenant(one, A, (trx) => trx.updateTable('tenant_cities').set({ tenant_id: B }).where('city_code', '=', '310100').execute()))).toBe('42501');
    await expectClean();
    expect(await cityCodes(B)).toEqual(['440300']);
    const ofA = await cityCodes(A);
    expect(ofA).toContain('310100');
    expect(ofA).not.toContain('210100');
    expect(ofA).not.toContain('220100');
  });

  it('refuses a tenant id that is not a uuid and a nested transaction, and the connection stays clean', async () => {
    await expect(withTenant(one, "x' or true --", (trx) => trx.selectFrom('tenant_cities').selectAll().execute())).rejects.toThrow('tenantId must be a uuid');
    await expect(withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').selectAll().execute(), { actorId: 'nobody' })).rejects.toThrow('actorId must be a uuid');
    await expect(
      withTenant(one, A, async (trx) => {
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '230100', city_name: '哈尔滨' }).execute();
        await trx.transaction().execute(async () => undefined);
      }),
    ).rejects.toThrow('already runs in a transaction');
    await expectClean();
    expect(await cityCodes(A)).not.toContain('230100');
  });
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
